// fork and exec of /bin/sh -c, with a deadline.
#include "shell_command.h"

#include "sys/clock.h"
#include "sys/unique_fd.h"

#include <fcntl.h>
#include <linux/close_range.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

extern char** environ;

namespace wirekit::mailpoll {

namespace {

/// Waits for `child` until `deadline` (monotonic seconds), then kills it.
int reap(pid_t child, double deadline) {
    int status = 0;
    for (;;) {
        const pid_t done = waitpid(child, &status, WNOHANG);
        if (done == child) break;
        if (done < 0 && errno != EINTR) return -1;
        if (sys::monotonicSeconds() > deadline) {
            kill(child, SIGKILL);
            waitpid(child, &status, 0);
            return -2;
        }
        usleep(2000);
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

pid_t spawn(const std::string& command, int stdoutFd, const std::vector<std::string>& environment) {
    std::vector<std::string> variables;
    for (char** entry = environ; *entry; ++entry) variables.emplace_back(*entry);
    for (const auto& added : environment) variables.push_back(added);
    std::vector<char*> envp;
    for (auto& variable : variables) envp.push_back(variable.data());
    envp.push_back(nullptr);
    const char* argv[] = {"/bin/sh", "-c", command.c_str(), nullptr};
    const pid_t child = fork();
    if (child == 0) {
        // A hook's chatter must not mix into mailpoll's data (--json): it goes to stderr.
        dup2(stdoutFd >= 0 ? stdoutFd : STDERR_FILENO, STDOUT_FILENO);
        const int devNull = open("/dev/null", O_RDONLY);
        if (devNull >= 0) dup2(devNull, STDIN_FILENO);
        // Other accounts' sockets are not the command's business.
        close_range(3, ~0U, 0);
        execve("/bin/sh", const_cast<char* const*>(argv), envp.data());
        _exit(127);
    }
    return child;
}

}  // namespace

std::string captureFirstLine(const std::string& command, double timeoutSeconds) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    sys::UniqueFd readEnd(fds[0]), writeEnd(fds[1]);
    const double deadline = sys::monotonicSeconds() + timeoutSeconds;
    const pid_t child = spawn(command, writeEnd.get(), {});
    if (child < 0) throw std::runtime_error(std::string("password command: fork: ") + std::strerror(errno));
    writeEnd.reset();
    std::string output;
    char buffer[4096];
    for (;;) {
        const double left = deadline - sys::monotonicSeconds();
        if (left <= 0) break;
        pollfd entry{readEnd.get(), POLLIN, 0};
        const int ready = poll(&entry, 1, static_cast<int>(left * 1000) + 1);
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) break;
        const ssize_t got = read(readEnd.get(), buffer, sizeof buffer);
        if (got <= 0) break;
        // A password is a line; more than this is not a password command's output.
        if (output.size() < 65536) output.append(buffer, static_cast<std::size_t>(got));
    }
    const int status = reap(child, deadline);
    if (status == -2)
        throw std::runtime_error("password command took longer than " +
                                 std::to_string(static_cast<int>(timeoutSeconds)) + " s");
    if (status != 0) throw std::runtime_error("password command failed (exit status " + std::to_string(status) + ")");
    const auto newline = output.find('\n');
    if (newline != std::string::npos) output.erase(newline);
    if (!output.empty() && output.back() == '\r') output.pop_back();
    if (output.empty()) throw std::runtime_error("password command printed nothing");
    return output;
}

int runHook(const std::string& command, const std::vector<std::string>& environment, double timeoutSeconds) {
    const double deadline = sys::monotonicSeconds() + timeoutSeconds;
    const pid_t child = spawn(command, -1, environment);
    if (child < 0) return -1;
    return reap(child, deadline);
}

}  // namespace wirekit::mailpoll
