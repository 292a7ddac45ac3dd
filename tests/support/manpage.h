// Checks shared by every tool's CLI suite: the man page as a user reads it,
// and the options a --help text lists.
#pragma once

#include <set>
#include <string>

namespace wirekit::test {

/// `mandoc -Tascii PAGE` with the overstrike (bold, underline) removed.
std::string renderedManPage(const std::string& path);

/// Every option a help text names: "--long" and "-x", and nmap's two-letter
/// "-iL" style when `twoLetter` is set.
std::set<std::string> optionsIn(const std::string& help, bool twoLetter = false);

/// Whether `option` stands in `page` as a word of its own.
bool documents(const std::string& page, const std::string& option);

}  // namespace wirekit::test
