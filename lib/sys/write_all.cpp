// Whole writes.
#include "sys/write_all.h"

#include "cli/diag.h"

#include <unistd.h>

#include <cerrno>
#include <stdexcept>

namespace wirekit::sys {

bool writeAll(int fd, const std::string& data) {
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

void writeStdout(const std::string& data) {
    if (!writeAll(STDOUT_FILENO, data)) throw std::runtime_error("standard output: " + diag::errnoText(errno));
}

}  // namespace wirekit::sys
