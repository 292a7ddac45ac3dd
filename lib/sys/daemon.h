// Becoming a daemon, and the pid file that tells others it runs.
#pragma once

#include "sys/unique_fd.h"

#include <string>

namespace wirekit::sys {

/// Detaches from the terminal: fork, setsid, fork again, chdir("/"), and
/// standard streams on /dev/null. The parent exits 0 once the child is set
/// up. Throws std::system_error if a step fails in the caller's process.
void daemonize();

/// A pid file held open and locked for the life of the process, so a second
/// instance finds it locked and refuses to start. Removed on destruction
/// when the process still may (after a privilege drop it may not; the lock
/// still tells the truth).
class PidFile {
public:
    /// Creates or opens `path`, locks it and writes the current pid. Throws
    /// std::runtime_error "path: reason" (naming the running pid when locked).
    explicit PidFile(std::string path);
    ~PidFile();
    PidFile(const PidFile&) = delete;
    PidFile& operator=(const PidFile&) = delete;

    /// Rewrites the pid, after daemonize() changed it.
    void update();

private:
    std::string path_;
    UniqueFd fd_;
};

}  // namespace wirekit::sys
