// What the listing parsers share: cutting a listing into lines, and warnings
// about skipped lines, bounded so a hostile listing cannot flood the terminal.
#pragma once

#include "file_entry.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace wirekit::ftpx {

/// At most this many warnings are kept; `Listing::skippedLines` counts the rest.
constexpr std::size_t maxListingWarnings = 100;

/// The lines of `text`, split at LF with a CR before it dropped; a last line
/// without LF counts, an empty text has none.
std::vector<std::string_view> listingLines(std::string_view text);

/// Records that line `number` (from 1) was skipped: "line 3: why: 'the line'",
/// the line quoted printably and cut at 120 bytes.
void warnSkippedLine(Listing& listing, std::size_t number, const std::string& why, std::string_view line);

}  // namespace wirekit::ftpx
