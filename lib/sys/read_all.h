// Reading a descriptor to its end: the other half of write_all.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace wirekit::sys {

/// Appends what `fd` holds to `text`, to its end or until `text` holds at
/// least `maxBytes` (a bound for files a user or another program wrote).
/// EINTR is retried; false with errno set on a read error.
bool readAll(int fd, std::string& text, std::size_t maxBytes = SIZE_MAX);

}  // namespace wirekit::sys
