// Walking a local tree with lstat(2) and readdir(3).
#include "local_tree.h"

#include "ftp_errors.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <set>

namespace wirekit::ftpx {

namespace {

FileEntry entryFor(const std::string& relative, const struct stat& info) {
    FileEntry entry;
    entry.name = relative;
    if (S_ISREG(info.st_mode))
        entry.type = EntryType::file;
    else if (S_ISDIR(info.st_mode))
        entry.type = EntryType::directory;
    else if (S_ISLNK(info.st_mode))
        entry.type = EntryType::symlink;
    if (entry.type == EntryType::file) entry.size = static_cast<std::uint64_t>(info.st_size);
    entry.mtime = ModTime{static_cast<std::int64_t>(info.st_mtime), TimePrecision::second, true};
    entry.unixMode = info.st_mode & 07777;
    return entry;
}

void walk(const std::string& root, const std::string& relative, std::vector<FileEntry>& entries,
          std::set<std::string>& partlyRead, int depth) {
    const std::string directory = relative.empty() ? root : root + "/" + relative;
    std::unique_ptr<DIR, int (*)(DIR*)> handle(::opendir(directory.c_str()), ::closedir);
    if (!handle) throw LocalError(directory, errno);
    std::vector<std::string> names;
    while (const dirent* item = ::readdir(handle.get())) {
        const std::string name = item->d_name;
        if (name != "." && name != "..") names.push_back(name);
    }
    std::sort(names.begin(), names.end());
    for (const auto& name : names) {
        const std::string path = relative.empty() ? name : relative + "/" + name;
        struct stat info {};
        if (::lstat((root + "/" + path).c_str(), &info) != 0) {
            // Gone since readdir, or a directory we may read but not search:
            // not knowing what it is, the mirror must not act as if it were not there.
            partlyRead.insert(relative);
            continue;
        }
        entries.push_back(entryFor(path, info));
        // A tree deeper than this is a loop made some other way than a link.
        if (S_ISDIR(info.st_mode) && depth < 64) walk(root, path, entries, partlyRead, depth + 1);
    }
}

}  // namespace

std::vector<FileEntry> walkLocalTree(const std::string& root, std::set<std::string>* partlyRead) {
    std::vector<FileEntry> entries;
    std::set<std::string> unread;
    struct stat info {};
    if (::stat(root.c_str(), &info) != 0) {
        if (errno == ENOENT) return entries;
        throw LocalError(root, errno);
    }
    if (!S_ISDIR(info.st_mode)) throw LocalError(root + ": not a directory");
    walk(root, "", entries, unread, 0);
    if (partlyRead) *partlyRead = std::move(unread);
    return entries;
}

}  // namespace wirekit::ftpx
