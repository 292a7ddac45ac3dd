// Signals through signalfd.
#include "sys/signals.h"

#include <sys/signalfd.h>

#include <cerrno>
#include <system_error>

namespace wirekit::sys {

SignalChannel::SignalChannel(std::initializer_list<int> signals) {
    sigset_t mask;
    sigemptyset(&mask);
    for (int signal : signals) sigaddset(&mask, signal);
    if (sigprocmask(SIG_BLOCK, &mask, &previous_) != 0)
        throw std::system_error(errno, std::generic_category(), "sigprocmask");
    fd_.reset(checkSyscall(signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC), "signalfd"));
}

SignalChannel::~SignalChannel() { sigprocmask(SIG_SETMASK, &previous_, nullptr); }

std::optional<int> SignalChannel::next() {
    signalfd_siginfo info{};
    const auto got = ::read(fd_.get(), &info, sizeof info);
    if (got != static_cast<ssize_t>(sizeof info)) return std::nullopt;
    return static_cast<int>(info.ssi_signo);
}

bool isTerminationSignal(int signal) { return signal == SIGTERM || signal == SIGINT || signal == SIGHUP; }

}  // namespace wirekit::sys
