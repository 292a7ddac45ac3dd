// What a mirror run does, decided from two trees without touching either:
// the same planner serves downloads (server to local) and uploads (local to
// server), and --dry-run prints its plan.
#pragma once

#include "file_entry.h"

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace wirekit::ftpx {

enum class MirrorDirection {
    download,  ///< source: the server's tree; destination: the local one
    upload,    ///< source: the local tree; destination: the server's one (mirror -R)
};

struct MirrorOptions {
    MirrorDirection direction = MirrorDirection::download;
    /// --delete: remove what the destination has and the source has not.
    bool deleteExtra = false;
    /// Transfer what a symlink points at as a regular file (RETR and STOR
    /// follow links at the far end). Off by default: a link is skipped, since
    /// following it could leave the tree or loop. Either way the planner
    /// never descends into a symlink: a link is at most one file.
    bool copySymlinkTargets = false;
    /// Source directories ("" for the root) not listed whole: a listing
    /// with lines that could not be parsed, one the server said failed, a
    /// local directory with entries lstat(2) could not read. What they held
    /// may be there still, so --delete leaves alone what the destination
    /// has in them.
    std::set<std::string> partlyListedSourceDirectories;
};

enum class MirrorAction {
    makeDirectory,    ///< create the directory (before anything inside it)
    copy,             ///< transfer the whole file
    resume,           ///< continue a partial transfer at `offset`
    skip,             ///< nothing to do; `reason` says why
    deleteFile,       ///< --delete: a file, symlink or other non-directory
    deleteDirectory,  ///< --delete: an emptied directory
};

struct MirrorStep {
    MirrorAction action = MirrorAction::skip;
    std::string path;  ///< relative to both roots, '/'-separated
    /// For `resume`: the bytes already at the destination. Equal to the
    /// source's size when a download's .part is complete but not renamed.
    std::uint64_t offset = 0;
    std::string reason;  ///< "missing", "size differs", "source newer", ...
};

struct MirrorPlan {
    /// Source order first (a directory before what it holds, names in byte
    /// order with '/' before any other byte), then the deletions: files and
    /// other non-directories, deepest first, then directories, deepest first.
    std::vector<MirrorStep> steps;
    /// Refusals: unsafe names, type conflicts, duplicates; nothing under a
    /// refused path is planned, copied or deleted.
    std::vector<std::string> warnings;
    /// Paths the mirror cannot bring in step (a file at the source where the
    /// destination has a directory, or the reverse), with why: each counts
    /// as a failed step, since the destination stays unlike the source.
    std::vector<std::pair<std::string, std::string>> conflicts;
};

/// Plans a mirror of `source` onto `destination` (entries with their path in
/// `FileEntry::name`, relative to the roots). The rules:
///  - A file is copied when it is missing, when both sizes are known and
///    differ, or when both times are comparable (both UTC) and the source's
///    is later than the destination's by more than the coarser precision
///    (0 s, 59 s, a day less a second); a file newer at the destination is
///    kept. Sizes or times that cannot be compared are no reason to copy
///    when the other is equal; with neither comparable the file is copied.
///  - Download resume: a missing file whose NAME.part exists at the
///    destination resumes at the partial's size (decideResume: a larger
///    partial starts over; an equal one only needs its rename), unless the
///    source itself has a NAME.part.
///  - Upload resume: a destination file smaller than the source resumes at
///    its size when its time is comparable and not earlier than the
///    source's (it was written after the local file last changed: an
///    interrupted upload of this version); otherwise it is copied over.
///  - A directory missing at the destination is made; one present is entered.
///  - Symlinks: see MirrorOptions::copySymlinkTargets; devices, FIFOs and
///    sockets are skipped.
///  - Refused with a warning: a path unsafePathReason rejects, a second entry
///    for one path, a path under a source entry that is no directory, a
///    type conflict (file against directory, or against a symlink at the
///    destination: writing through it could leave the tree).
///  - With deleteExtra, destination entries that the source lacks are
///    deleted, except under a source path that is not a directory (a
///    skipped symlink, a refusal) and the NAME.part of a NAME this plan
///    downloads (a stale NAME.part beside a skipped NAME is deleted).
///    Unsafe destination paths are never deleted, only reported.
MirrorPlan planMirror(const std::vector<FileEntry>& source, const std::vector<FileEntry>& destination,
                      const MirrorOptions& options);

/// "mkdir", "copy", "resume", "skip", "delete", "rmdir": --dry-run's words.
const char* mirrorActionName(MirrorAction action);

}  // namespace wirekit::ftpx
