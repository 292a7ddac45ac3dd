// The resume file's writer, in this process or in a privileged parent.
#include "resume_saver.h"

#include "cli/diag.h"
#include "sys/write_all.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <stdexcept>

namespace wirekit::pscan {

namespace {

void removeSpent(const std::string& path) {
    if (::unlink(path.c_str()) != 0 && errno != ENOENT)
        diag::error(path + ": cannot remove the spent resume file: " + diag::errnoText(errno));
}

/// The parent's whole life: relay signals, collect the child's request, carry it out.
[[noreturn]] void serveChild(pid_t child, int fromChild, int signalFd, const std::string& path) {
    std::string request;
    bool open = true;
    while (open) {
        pollfd fds[2] = {{fromChild, POLLIN, 0}, {signalFd, POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) continue;  // EINTR
        if (fds[1].revents & POLLIN) {
            signalfd_siginfo info{};
            if (::read(signalFd, &info, sizeof info) == sizeof info) ::kill(child, static_cast<int>(info.ssi_signo));
        }
        if (fds[0].revents & (POLLIN | POLLHUP)) {
            char buffer[65536];
            const ssize_t n = ::read(fromChild, buffer, sizeof buffer);
            if (n > 0)
                request.append(buffer, static_cast<std::size_t>(n));
            else if (n == 0 || errno != EINTR)
                open = false;
        }
    }
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    if (!request.empty() && request[0] == 'S') {
        try {
            writeResumeFile(path, request.substr(1));
        } catch (const std::exception& e) {
            diag::error(e.what());
        }
    } else if (!request.empty() && request[0] == 'R') {
        removeSpent(path);
    }
    std::_Exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
}

}  // namespace

void writeResumeFile(const std::string& path, const std::string& state) {
    const std::string temporary = path + ".tmp";
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw std::runtime_error(path + ": cannot save the scan's position: " + diag::errnoText(errno));
    const bool written = sys::writeAll(fd, state) && ::fsync(fd) == 0;
    const int savedErrno = errno;
    ::close(fd);
    if (!written || ::rename(temporary.c_str(), path.c_str()) != 0) {
        const int reason = written ? errno : savedErrno;
        ::unlink(temporary.c_str());
        throw std::runtime_error(path + ": cannot save the scan's position: " + diag::errnoText(reason));
    }
}

ResumeSaver::ResumeSaver(std::string path, bool resumedFrom) : path_(std::move(path)), resumedFrom_(resumedFrom) {}

void ResumeSaver::keepPrivilegedWriter(int signalFd) {
    int pipeFds[2];
    if (::pipe2(pipeFds, O_CLOEXEC) != 0) throw std::runtime_error("pipe: " + diag::errnoText(errno));
    std::cout.flush();  // nothing buffered may be written twice
    std::fflush(nullptr);
    const pid_t child = ::fork();
    if (child < 0) throw std::runtime_error("fork: " + diag::errnoText(errno));
    if (child > 0) {
        ::close(pipeFds[1]);
        serveChild(child, pipeFds[0], signalFd, path_);
    }
    ::close(pipeFds[0]);
    toWriter_.reset(pipeFds[1]);
}

void ResumeSaver::save(const std::string& state) {
    if (toWriter_) {
        if (!sys::writeAll(toWriter_.get(), "S" + state))
            throw std::runtime_error(path_ + ": cannot hand the scan's position to the writer");
        toWriter_.reset();
        return;
    }
    writeResumeFile(path_, state);
}

void ResumeSaver::finished() {
    if (!resumedFrom_) return;
    if (toWriter_) {
        sys::writeAll(toWriter_.get(), "R");
        toWriter_.reset();
        return;
    }
    removeSpent(path_);
}

}  // namespace wirekit::pscan
