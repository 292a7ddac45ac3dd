// Writing a whole buffer to a descriptor, for output paths that stay clear
// of iostreams (see lib/out/table.h for why a daemon cares).
#pragma once

#include <string>

namespace wirekit::sys {

/// Writes all of `data` to `fd`, retrying short writes and EINTR. Returns
/// false on an error (errno says which).
bool writeAll(int fd, const std::string& data);

/// writeAll to standard output; throws std::runtime_error when it fails.
void writeStdout(const std::string& data);

}  // namespace wirekit::sys
