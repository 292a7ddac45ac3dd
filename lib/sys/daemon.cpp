// Becoming a daemon; pid files.
#include "sys/daemon.h"

#include "cli/diag.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <system_error>

namespace wirekit::sys {

DaemonReadiness daemonize() {
    int ends[2];
    if (::pipe2(ends, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
    UniqueFd readEnd(ends[0]), writeEnd(ends[1]);
    const pid_t child = fork();
    if (child < 0) throw std::system_error(errno, std::generic_category(), "fork");
    if (child > 0) {
        // The starting process: wait for the daemon's word, or its death.
        writeEnd.reset();
        char byte = 0;
        ssize_t got;
        do got = ::read(readEnd.get(), &byte, 1);
        while (got < 0 && errno == EINTR);
        if (got == 1) _exit(0);
        diag::error("the daemon exited during startup (see the system log)");
        _exit(1);
    }
    readEnd.reset();
    if (setsid() < 0) throw std::system_error(errno, std::generic_category(), "setsid");
    const pid_t grandchild = fork();  // no longer a session leader: can never reacquire a terminal
    if (grandchild < 0) throw std::system_error(errno, std::generic_category(), "fork");
    if (grandchild > 0) _exit(0);
    if (chdir("/") != 0) throw std::system_error(errno, std::generic_category(), "chdir /");
    UniqueFd null(::open("/dev/null", O_RDWR | O_CLOEXEC));
    if (!null) throw std::system_error(errno, std::generic_category(), "/dev/null");
    for (int fd : {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO}) dup2(null.get(), fd);
    return DaemonReadiness(std::move(writeEnd));
}

void DaemonReadiness::ready() {
    if (!pipe_) return;
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(pipe_.get(), &byte, 1);
    pipe_.reset();
}

PidFile::PidFile(std::string path) : path_(std::move(path)) {
    fd_.reset(::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
    if (!fd_) throw std::runtime_error(path_ + ": " + diag::errnoText(errno));
    if (flock(fd_.get(), LOCK_EX | LOCK_NB) != 0) {
        char buffer[32] = {};
        [[maybe_unused]] auto got = ::pread(fd_.get(), buffer, sizeof buffer - 1, 0);
        const long running = std::strtol(buffer, nullptr, 10);
        fd_.reset();
        throw std::runtime_error(path_ + ": already running" +
                                 (running > 0 ? " as pid " + std::to_string(running) : std::string()));
    }
    update();
}

void PidFile::update() {
    const std::string text = std::to_string(getpid()) + "\n";
    if (ftruncate(fd_.get(), 0) != 0 ||
        ::pwrite(fd_.get(), text.data(), text.size(), 0) != static_cast<ssize_t>(text.size()))
        throw std::runtime_error(path_ + ": " + diag::errnoText(errno));
}

PidFile::~PidFile() {
    if (fd_) ::unlink(path_.c_str());
}

}  // namespace wirekit::sys
