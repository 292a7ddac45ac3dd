// What `ls` prints: names, a long listing, or JSON Lines, from parsed
// entries. Pure text; names from the server are made printable.
#pragma once

#include "file_entry.h"

#include <Poco/JSON/Object.h>

#include <string>

namespace wirekit::ftpx {

/// The name alone, printable, as curl and ftp(1) list names.
std::string shortLine(const FileEntry& entry);

/// "drwxr-xr-x         4096 2026-11-25 09:30 docs" ("name -> target" for a
/// symlink); the mode as the listing gave it, else the type and '?'s.
std::string longLine(const FileEntry& entry);

/// {"name","type","size","modified","mode"}: size and mode only when known;
/// "modified" ISO 8601, with "Z" only when the server said UTC (MLSD),
/// a date alone when the listing gave only the day.
Poco::JSON::Object jsonRecord(const FileEntry& entry);

/// "2026-11-25T09:30:00Z" as jsonRecord writes it.
std::string isoTime(const ModTime& time);

}  // namespace wirekit::ftpx
