// Becoming a daemon, and the pid file that tells others it runs.
#pragma once

#include "sys/unique_fd.h"

#include <string>

namespace wirekit::sys {

/// The daemon's half of a startup handshake: the process that ran the
/// command waits until ready() (then exits 0) or until the daemon dies (then
/// exits 1), so whoever started it, a shell or systemd's Type=forking, finds
/// the pid file written and the sockets open when it returns.
class DaemonReadiness {
public:
    explicit DaemonReadiness(UniqueFd pipe) : pipe_(std::move(pipe)) {}
    void ready();

private:
    UniqueFd pipe_;
};

/// Detaches from the terminal: fork, setsid, fork again, chdir("/"), and
/// standard streams on /dev/null. Only the daemon returns. Throws
/// std::system_error if a step fails in the caller's process.
DaemonReadiness daemonize();

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
