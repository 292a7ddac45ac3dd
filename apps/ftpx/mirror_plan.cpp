// The mirror planner: one walk over the source tree in path order, then the
// destination's extras for --delete.
#include "mirror_plan.h"

#include "part_file.h"
#include "printable.h"
#include "safe_name.h"

#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <set>

namespace wirekit::ftpx {

namespace {

/// Byte order with '/' before every other byte, so that a directory comes
/// right before what it holds: "a", "a/b", "a-c".
struct PathOrder {
    bool operator()(const std::string& a, const std::string& b) const {
        const std::size_t common = std::min(a.size(), b.size());
        for (std::size_t i = 0; i < common; ++i) {
            if (a[i] == b[i]) continue;
            if (a[i] == '/') return true;
            if (b[i] == '/') return false;
            return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[i]);
        }
        return a.size() < b.size();
    }
};

using Tree = std::map<std::string, const FileEntry*, PathOrder>;

std::size_t depthOf(const std::string& path) {
    return static_cast<std::size_t>(std::count(path.begin(), path.end(), '/'));
}

/// The paths of `path`'s ancestors, nearest last: "a/b/c" gives "a", "a/b".
std::vector<std::string> ancestorsOf(const std::string& path) {
    std::vector<std::string> ancestors;
    for (auto slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1))
        ancestors.push_back(path.substr(0, slash));
    return ancestors;
}

/// An ancestor of `path` in `tree` that is not a directory, the shallowest first.
std::optional<std::string> nonDirectoryAncestor(const Tree& tree, const std::string& path) {
    for (const auto& ancestor : ancestorsOf(path)) {
        const auto found = tree.find(ancestor);
        if (found != tree.end() && found->second->type != EntryType::directory) return ancestor;
    }
    return std::nullopt;
}

std::int64_t toleranceOf(TimePrecision precision) {
    switch (precision) {
        case TimePrecision::second: return 0;
        case TimePrecision::minute: return 59;
        case TimePrecision::day: return 86399;
    }
    return 0;
}

std::string quoted(const std::string& path) { return "'" + printable(path, 200) + "'"; }

/// ASCII letters in lower case, the rest as it is.
std::string foldedCase(std::string path) {
    for (auto& c : path)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return path;
}

class Planner {
public:
    Planner(const std::vector<FileEntry>& source, const std::vector<FileEntry>& destination,
            const MirrorOptions& options)
        : options_(options) {
        index(source, source_, "");
        addImplicitDirectories();
        index(destination, destination_, "destination ");
    }

    MirrorPlan run() {
        for (const auto& [path, entry] : source_) planSource(path, *entry);
        if (options_.deleteExtra) planDeletions();
        return std::move(plan_);
    }

private:
    void warn(const std::string& text) { plan_.warnings.push_back(text); }
    void step(MirrorAction action, const std::string& path, std::string reason, std::uint64_t offset = 0) {
        if (action == MirrorAction::copy || action == MirrorAction::resume) transferred_.insert(path);
        plan_.steps.push_back(MirrorStep{action, path, offset, std::move(reason)});
    }

    void index(const std::vector<FileEntry>& entries, Tree& tree, const std::string& side) {
        for (const auto& entry : entries) {
            if (const auto reason = unsafePathReason(entry.name)) {
                warn("refused " + side + quoted(entry.name) + ": " + *reason);
                blocked_.insert(entry.name);
                continue;
            }
            if (!tree.emplace(entry.name, &entry).second)
                warn("refused " + side + quoted(entry.name) + ": listed twice, the first one is used");
        }
    }

    /// "a/b.txt" listed without "a": "a" is a directory all the same.
    void addImplicitDirectories() {
        std::vector<std::string> missing;
        for (const auto& [path, entry] : source_)
            for (const auto& ancestor : ancestorsOf(path))
                if (source_.count(ancestor) == 0) missing.push_back(ancestor);
        for (const auto& path : missing) {
            if (source_.count(path) != 0) continue;
            implicit_.push_back(
                FileEntry{path, EntryType::directory, std::nullopt, std::nullopt, {}, std::nullopt, {}});
            source_.emplace(path, &implicit_.back());
        }
    }

    /// The source directory whose listing says whether `path` is at the
    /// source: its deepest ancestor there, "" for the root.
    std::string listingDirectoryOf(const std::string& path) const {
        const auto ancestors = ancestorsOf(path);
        for (auto it = ancestors.rbegin(); it != ancestors.rend(); ++it)
            if (source_.count(*it) != 0) return *it;
        return "";
    }

    bool isBlocked(const std::string& path) const {
        if (blocked_.count(path) != 0) return true;
        for (const auto& ancestor : ancestorsOf(path))
            if (blocked_.count(ancestor) != 0) return true;
        return false;
    }

    const FileEntry* destinationEntry(const std::string& path) const {
        const auto found = destination_.find(path);
        return found == destination_.end() ? nullptr : found->second;
    }

    void refuseConflict(const std::string& path, const FileEntry& source, const FileEntry& destination) {
        const std::string why = std::string("a ") + entryTypeName(source.type) + " at the source, a " +
                                entryTypeName(destination.type) + " at the destination";
        // A symlink at the source is skipped anyway; anything else stays unmirrored.
        if (source.type == EntryType::symlink)
            warn("refused " + quoted(path) + ": " + why);
        else
            plan_.conflicts.emplace_back(path, why);
        blocked_.insert(path);
    }

    void planSource(const std::string& path, const FileEntry& entry) {
        // A listing that puts entries under a symlink was made by following
        // it: say so, even though the link itself is already skipped.
        if (const auto ancestor = nonDirectoryAncestor(source_, path)) {
            warn("refused " + quoted(path) + ": under " + quoted(*ancestor) + ", which is not a directory");
            blocked_.insert(path);
            return;
        }
        if (isBlocked(path)) return;
        // A download of NAME goes through NAME.part: a source NAME.part beside
        // it would be overwritten by that download, or overwrite it.
        if (options_.direction == MirrorDirection::download) {
            const auto base = nameOfPartFile(path);
            const auto sibling = base ? source_.find(*base) : source_.end();
            if (sibling != source_.end() && sibling->second->type != EntryType::directory) {
                warn("refused " + quoted(path) + ": the download of " + quoted(*base) + " writes to that name");
                blocked_.insert(path);
                return;
            }
        }
        const FileEntry* existing = destinationEntry(path);
        switch (entry.type) {
            case EntryType::directory:
                if (!existing)
                    step(MirrorAction::makeDirectory, path, "missing");
                else if (existing->type != EntryType::directory)
                    refuseConflict(path, entry, *existing);
                return;
            case EntryType::symlink:
                // Nothing at the destination under this path is ours to touch.
                blocked_.insert(path);
                if (!options_.copySymlinkTargets) {
                    step(MirrorAction::skip, path, "symlink not followed");
                } else if (existing && existing->type != EntryType::file) {
                    refuseConflict(path, entry, *existing);
                } else {
                    // A listing gives the link's own size and time, not its target's.
                    step(MirrorAction::copy, path, "symlink target");
                }
                return;
            case EntryType::other:
                blocked_.insert(path);
                step(MirrorAction::skip, path, "not a regular file");
                return;
            case EntryType::file: planFile(path, entry, existing); return;
        }
    }

    void planFile(const std::string& path, const FileEntry& entry, const FileEntry* existing) {
        if (!existing) {
            const std::string part = partFileName(path);
            const FileEntry* partial = destinationEntry(part);
            if (options_.direction == MirrorDirection::download && partial && partial->type == EntryType::file &&
                source_.count(part) == 0) {
                const auto decision = decideResume(partial->size, entry.size);
                if (decision.kind == ResumeDecision::Kind::fresh)
                    step(MirrorAction::copy, path, "missing; " + decision.reason);
                else
                    step(MirrorAction::resume, path, decision.reason, decision.offset);
                return;
            }
            step(MirrorAction::copy, path, "missing");
            return;
        }
        if (existing->type != EntryType::file) {
            refuseConflict(path, entry, *existing);
            return;
        }
        const bool sizesKnown = entry.size && existing->size;
        const bool timesComparable = entry.mtime && existing->mtime && entry.mtime->utc == existing->mtime->utc;
        const std::int64_t tolerance =
            timesComparable ? std::max(toleranceOf(entry.mtime->precision), toleranceOf(existing->mtime->precision))
                            : 0;
        const bool sourceNewer = timesComparable && entry.mtime->seconds > existing->mtime->seconds + tolerance;
        if (options_.direction == MirrorDirection::upload && sizesKnown && *existing->size > 0 &&
            *existing->size < *entry.size && timesComparable && !sourceNewer) {
            step(MirrorAction::resume, path,
                 "partial upload of " + std::to_string(*existing->size) + " of " + std::to_string(*entry.size) +
                     " bytes",
                 *existing->size);
            return;
        }
        if (sizesKnown && *entry.size != *existing->size) {
            step(MirrorAction::copy, path,
                 "size differs (" + std::to_string(*entry.size) + " at the source, " + std::to_string(*existing->size) +
                     " at the destination)");
        } else if (sourceNewer) {
            step(MirrorAction::copy, path, "source newer");
        } else if (!sizesKnown && !timesComparable) {
            step(MirrorAction::copy, path, "size and time cannot be compared");
        } else {
            step(MirrorAction::skip, path,
                 sizesKnown && timesComparable ? "same size and time"
                 : sizesKnown                  ? "same size"
                                               : "same time");
        }
    }

    void planDeletions() {
        // A server that ignores case (Windows, macOS) holds "ReadMe.TXT" and
        // "readme.txt" as one file: deleting the one the source lacks would
        // delete the other, just copied.
        std::map<std::string, std::string> sourceByFoldedCase;
        for (const auto& [path, entry] : source_) sourceByFoldedCase.emplace(foldedCase(path), path);
        std::vector<std::string> files, directories;
        for (const auto& [path, entry] : destination_) {
            if (source_.count(path) != 0 || isBlocked(path)) continue;
            // Where the destination lists the source's own name too, it
            // tells case apart: the other name is a file of its own.
            if (const auto same = sourceByFoldedCase.find(foldedCase(path));
                same != sourceByFoldedCase.end() && destination_.count(same->second) == 0) {
                warn("left " + quoted(path) + " alone: it differs only in case from " + quoted(same->second) +
                     " at the source, the same file where case is ignored");
                continue;
            }
            const std::string listed = listingDirectoryOf(path);
            if (options_.partlyListedSourceDirectories.count(listed) != 0) {
                warn("left " + quoted(path) + " alone: the source's listing of " +
                     (listed.empty() ? std::string("'.'") : quoted(listed)) + " was not read whole");
                continue;
            }
            if (const auto ancestor = nonDirectoryAncestor(destination_, path)) {
                warn("left " + quoted(path) + " alone: under " + quoted(*ancestor) + ", which is not a directory");
                continue;
            }
            // The NAME.part a planned download of NAME writes or resumes.
            const auto base = nameOfPartFile(path);
            if (options_.direction == MirrorDirection::download && base && transferred_.count(*base) != 0) continue;
            (entry->type == EntryType::directory ? directories : files).push_back(path);
        }
        const auto deepestFirst = [](const std::string& a, const std::string& b) {
            const auto depthA = depthOf(a), depthB = depthOf(b);
            return depthA != depthB ? depthA > depthB : PathOrder()(a, b);
        };
        std::sort(files.begin(), files.end(), deepestFirst);
        std::sort(directories.begin(), directories.end(), deepestFirst);
        for (const auto& path : files) step(MirrorAction::deleteFile, path, "not at the source");
        for (const auto& path : directories) step(MirrorAction::deleteDirectory, path, "not at the source");
    }

    MirrorOptions options_;
    Tree source_, destination_;
    std::deque<FileEntry> implicit_;     ///< directories only implied by deeper paths
    std::set<std::string> blocked_;      ///< refused paths: nothing at or under them is planned
    std::set<std::string> transferred_;  ///< paths with a copy or resume step
    MirrorPlan plan_;
};

}  // namespace

MirrorPlan planMirror(const std::vector<FileEntry>& source, const std::vector<FileEntry>& destination,
                      const MirrorOptions& options) {
    return Planner(source, destination, options).run();
}

const char* mirrorActionName(MirrorAction action) {
    switch (action) {
        case MirrorAction::makeDirectory: return "mkdir";
        case MirrorAction::copy: return "copy";
        case MirrorAction::resume: return "resume";
        case MirrorAction::skip: return "skip";
        case MirrorAction::deleteFile: return "delete";
        case MirrorAction::deleteDirectory: return "rmdir";
    }
    return "skip";
}

}  // namespace wirekit::ftpx
