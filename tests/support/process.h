// Child processes for integration tests: started, watched, stopped by PID.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace wirekit::test {

struct ProcessOptions {
    std::string standardInput;          ///< written to the child's stdin
    std::vector<std::string> extraEnv;  ///< "NAME=value" added to the environment
    std::string runAsUser;              ///< setuid to this user before exec (tests run as root)
    std::string workingDirectory;       ///< chdir here before exec, when set
};

/// A running child whose stdout and stderr go to temporary files. The
/// destructor stops it (SIGTERM, then SIGKILL) if it still runs.
class Process {
public:
    Process(const std::vector<std::string>& argv, const ProcessOptions& options = {});
    ~Process();
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;

    pid_t pid() const { return pid_; }
    bool running();
    /// Waits up to `seconds` for exit; returns the exit status, 128+signal
    /// for a signal, or -1 if still running.
    int wait(double seconds);
    /// SIGTERM, waits up to `seconds`, then SIGKILL. Returns the status.
    int stop(double seconds = 5);
    void signal(int signal);

    std::string standardOutput() const;
    std::string standardError() const;
    /// Waits until stderr contains `text`; false after `seconds` or if the child exits first.
    bool waitForError(const std::string& text, double seconds);

private:
    pid_t pid_ = -1;
    int status_ = -1;
    std::string outPath_, errPath_;
};

struct RunResult {
    int status = -1;
    std::string out, err;
};

/// Runs a command to completion (killed after `seconds`).
RunResult run(const std::vector<std::string>& argv, double seconds = 30, const ProcessOptions& options = {});

/// Whether a TCP connection to 127.0.0.1:`port` is accepted (a server is up).
bool acceptsOnLoopback(unsigned short port);

/// A free port on 127.0.0.1 for `type` (SOCK_STREAM or SOCK_DGRAM), free for both when `both`.
unsigned short freePort(bool both = true);

std::string readFile(const std::string& path);

/// A private temporary directory, removed with its contents on destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }
    std::string write(const std::string& name, const std::string& content) const;

private:
    std::string path_;
};

}  // namespace wirekit::test
