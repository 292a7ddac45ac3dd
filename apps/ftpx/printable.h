// Text from a server, made safe to print: a hostile name or reply must not
// send escape sequences to the user's terminal.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace wirekit::ftpx {

/// `text` with C0 controls, DEL and C1 controls (as UTF-8, U+0080..U+009F)
/// written as "\xNN", a backslash as "\\", cut after `maxBytes` input bytes
/// with "..." (0: no limit). Other bytes, UTF-8 included, are kept.
std::string printable(std::string_view text, std::size_t maxBytes = 0);

}  // namespace wirekit::ftpx
