// Where a user's files go: the home directory and the XDG base directories.
#pragma once

#include <string>

namespace wirekit::sys {

/// $HOME, else the password database's entry, else ".".
std::string homeDirectory();

/// $`variable` when it holds an absolute path (the XDG Base Directory rule),
/// else `fallback` under the home directory: xdgDirectory("XDG_STATE_HOME",
/// ".local/state").
std::string xdgDirectory(const char* variable, const char* fallback);

}  // namespace wirekit::sys
