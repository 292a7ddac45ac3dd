// Splitting an interactive command line into words: blanks separate,
// "double" and 'single' quotes group, a backslash escapes the next byte.
#pragma once

#include <string>
#include <vector>

namespace wirekit::ftpx {

/// The words of `line`. Throws std::invalid_argument for an unclosed quote.
std::vector<std::string> splitWords(const std::string& line);

}  // namespace wirekit::ftpx
