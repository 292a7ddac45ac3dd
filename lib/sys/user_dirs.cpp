// Home and XDG directories.
#include "sys/user_dirs.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>

namespace wirekit::sys {

std::string homeDirectory() {
    if (const char* home = std::getenv("HOME"); home && *home) return home;
    if (const passwd* user = getpwuid(getuid())) return user->pw_dir;
    return ".";
}

std::string xdgDirectory(const char* variable, const char* fallback) {
    if (const char* value = std::getenv(variable); value && *value == '/') return value;
    return homeDirectory() + "/" + fallback;
}

}  // namespace wirekit::sys
