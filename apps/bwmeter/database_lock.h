// One writer per database: `record` and `sample` take an exclusive flock on
// the database file for as long as they write it, so a second recorder (or
// a cron sample while one records) refuses instead of counting twice.
#pragma once

#include "sys/unique_fd.h"

#include <string>

namespace wirekit::bwmeter {

class DatabaseLock {
public:
    /// Locks `path` (creating it empty if missing, and its directory).
    /// Throws std::runtime_error "path: in use by another bwmeter record or
    /// sample" when the lock is held.
    explicit DatabaseLock(const std::string& path);

private:
    sys::UniqueFd fd_;
};

/// Whether `path`'s directory is on a tmpfs (lost at reboot on most routers).
bool onTmpfs(const std::string& path);

}  // namespace wirekit::bwmeter
