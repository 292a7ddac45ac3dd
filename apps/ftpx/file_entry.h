// One file as a listing or a local walk describes it: what the listing
// parsers return and what the mirror planner compares.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wirekit::ftpx {

enum class EntryType { file, directory, symlink, other };

/// How finely a modification time is known: MLSD and MDTM give seconds, LIST
/// gives minutes for recent files ("Nov 25 09:30") and days for older ones
/// ("Nov 25  2024").
enum class TimePrecision { second, minute, day };

struct ModTime {
    std::int64_t seconds = 0;  ///< since the epoch, truncated to `precision`
    TimePrecision precision = TimePrecision::second;
    /// True for UTC (MLSD, MDTM, local files). LIST shows the server's local
    /// time in an unknown zone: its `seconds` read that wall clock as if it
    /// were UTC, and cannot be compared with a UTC time.
    bool utc = true;
};

struct FileEntry {
    /// A listing's entry name; in a tree for the mirror planner, the path
    /// relative to the tree's root with '/' between names ("docs/a.txt").
    std::string name;
    EntryType type = EntryType::other;
    std::optional<std::uint64_t> size;  ///< bytes, when the listing gives them
    std::optional<ModTime> mtime;
    std::string linkTarget;            ///< a symlink's target, when the listing shows it
    std::optional<unsigned> unixMode;  ///< permission bits (07777), when the listing shows them
    /// MLSD's unique fact (RFC 3659 7.5.2): the same for two names of one
    /// object, such as a directory and a link to it the server calls a dir.
    std::string unique;
};

/// What a listing parser returns: the entries it understood and one warning
/// per line it skipped ("line 3: ..."), for the caller to print; warnings
/// stop after the first 100, `skippedLines` counts them all.
struct Listing {
    std::vector<FileEntry> entries;
    std::vector<std::string> warnings;
    std::size_t skippedLines = 0;
    bool incomplete = false;  ///< the server said it could not list it all
};

/// "file", "directory", "symlink", "other": for messages and --json.
const char* entryTypeName(EntryType type);

}  // namespace wirekit::ftpx
