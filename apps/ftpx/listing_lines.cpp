// Listing lines and skipped-line warnings.
#include "listing_lines.h"

#include "printable.h"

namespace wirekit::ftpx {

std::vector<std::string_view> listingLines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        const std::size_t next = end == std::string_view::npos ? text.size() : end + 1;
        if (end == std::string_view::npos) end = text.size();
        if (end > start && text[end - 1] == '\r') --end;
        lines.push_back(text.substr(start, end - start));
        start = next;
    }
    return lines;
}

void warnSkippedLine(Listing& listing, std::size_t number, const std::string& why, std::string_view line) {
    ++listing.skippedLines;
    if (listing.warnings.size() < maxListingWarnings)
        listing.warnings.push_back("line " + std::to_string(number) + ": " + why + ": '" + printable(line, 120) + "'");
}

}  // namespace wirekit::ftpx
