// Machine listings (RFC 3659 section 7): MLSD's lines and MLST's entry,
// "type=file;size=1024;modify=20261125093000; a.txt".
#pragma once

#include "file_entry.h"

#include <optional>
#include <string>
#include <string_view>

namespace wirekit::ftpx {

/// One entry line: facts, one space, the name (which may hold spaces and
/// ';'). Fact names are compared without case. Understood: type (file, dir,
/// cdir, pdir, OS.unix=slink:TARGET / symlink / link, others as `other`),
/// size (sizd for directories), modify (YYYYMMDDHHMMSS[.fff], UTC), and
/// UNIX.mode (octal). Throws ProtocolError naming what is wrong; a fact that
/// is not understood is ignored, as the RFC asks.
FileEntry parseMlsxEntry(std::string_view line);

/// Whether `line` is a "type=cdir" or "type=pdir" entry: the listed directory
/// itself or its parent, not one of its entries.
bool isMlsxSelfOrParent(std::string_view line);

/// MLSD's data: one entry per line (CRLF or LF), cdir, pdir, "." and ".."
/// dropped; lines that fail to parse skipped with a warning.
Listing parseMlsdListing(std::string_view text);

/// MLST's 250 reply: the entry is the line that starts with a space (RFC 3659
/// 7.2). Throws ProtocolError when there is none or it does not parse.
FileEntry parseMlstReply(const std::vector<std::string>& replyLines);

}  // namespace wirekit::ftpx
