// A move-only owner of a file descriptor.
#include "sys/unique_fd.h"

#include <cerrno>
#include <system_error>

namespace wirekit::sys {

int checkSyscall(int result, const char* what) {
    if (result == -1) throw std::system_error(errno, std::generic_category(), what);
    return result;
}

}  // namespace wirekit::sys
