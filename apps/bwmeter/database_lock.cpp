// The writer lock.
#include "database_lock.h"

#include "cli/diag.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statfs.h>

#include <cerrno>
#include <stdexcept>

namespace wirekit::bwmeter {

namespace {

std::string directoryOf(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
}

void makeDirectories(const std::string& directory) {
    if (directory.empty() || directory == "/" || directory == ".") return;
    struct stat info {};
    if (::stat(directory.c_str(), &info) == 0) return;
    makeDirectories(directoryOf(directory));
    if (::mkdir(directory.c_str(), 0755) != 0 && errno != EEXIST)
        throw std::runtime_error(directory + ": " + diag::errnoText(errno));
}

}  // namespace

DatabaseLock::DatabaseLock(const std::string& path) {
    makeDirectories(directoryOf(path));
    // SQLite's own locks are fcntl locks; flock is separate and never disturbs them.
    fd_.reset(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
    if (!fd_) throw std::runtime_error(path + ": " + diag::errnoText(errno));
    if (::flock(fd_.get(), LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK) throw std::runtime_error(path + ": in use by another bwmeter record or sample");
        throw std::runtime_error(path + ": cannot lock: " + diag::errnoText(errno));
    }
}

bool onTmpfs(const std::string& path) {
    struct statfs info {};
    return ::statfs(directoryOf(path).c_str(), &info) == 0 && info.f_type == TMPFS_MAGIC;
}

}  // namespace wirekit::bwmeter
