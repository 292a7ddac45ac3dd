// Whole reads.
#include "sys/read_all.h"

#include <unistd.h>

#include <cerrno>

namespace wirekit::sys {

bool readAll(int fd, std::string& text, std::size_t maxBytes) {
    char buffer[4096];
    while (text.size() < maxBytes) {
        const ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return false;
        if (got == 0) break;
        text.append(buffer, static_cast<std::size_t>(got));
    }
    return true;
}

}  // namespace wirekit::sys
