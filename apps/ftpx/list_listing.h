// LIST output, which RFC 959 leaves free-form: the UNIX "ls -l" style that
// vsftpd, ProFTPD, pure-ftpd and pyftpdlib send, and the DOS style of IIS.
#pragma once

#include "file_entry.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace wirekit::ftpx {

/// One LIST line. UNIX style: "-rw-r--r--    1 0        0            1024 Nov 25 09:30 a.txt",
/// found by its date ("Mon DD HH:MM" or "Mon DD  YYYY") whatever the owner
/// and group columns hold; the name is everything after the single space
/// that follows the date, so names may hold spaces; "link -> target" splits
/// a symlink's name from its target. DOS style: "11-25-26  09:30AM <DIR> dir",
/// "11-25-2026  21:30  1024 a.txt" (2-digit years from 1970 to 2069).
/// The time is the server's local wall clock (`ModTime::utc` false), to the
/// minute, or to the day when ls showed a year. A date without a year is
/// placed in the latest year that does not put it more than a day after
/// `now` (seconds since the epoch; the day absorbs any time zone difference),
/// as ls shows the time instead of the year only for the last six months.
/// Returns nothing for lines that hold no entry ("total 12", "." and "..");
/// throws ProtocolError saying why a line is not understood.
std::optional<FileEntry> parseListLine(std::string_view line, std::int64_t now);

/// LIST's data: every line through parseListLine; lines not understood
/// skipped with a warning, never an exception.
Listing parseListListing(std::string_view text, std::int64_t now);

}  // namespace wirekit::ftpx
