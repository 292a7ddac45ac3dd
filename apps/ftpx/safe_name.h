// Whether a name from a server's listing may become a local path in a mirror:
// a hostile server must not make us write outside the target directory.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace wirekit::ftpx {

/// Why `name` (one name from a listing, not a path) must not be mirrored, or
/// nothing when it may: it is empty, ".", "..", absolute, holds '/', NUL or
/// a control character (C0 or DEL: a name that cannot be printed cannot be
/// reviewed, and a newline would forge lines in --dry-run's plan). Anything
/// else is an ordinary byte to open(2): a backslash, a leading '~' or '-',
/// UTF-8 or not.
std::optional<std::string> unsafeNameReason(std::string_view name);

/// The same check over each '/'-separated name of a relative path
/// ("docs/a.txt"); a leading '/' or an empty name ("a//b") is refused too.
std::optional<std::string> unsafePathReason(std::string_view path);

}  // namespace wirekit::ftpx
