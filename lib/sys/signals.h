// Signals as file-descriptor events, so an event loop shuts down cleanly.
#pragma once

#include "sys/unique_fd.h"

#include <initializer_list>
#include <optional>

#include <signal.h>

namespace wirekit::sys {

/// Blocks `signals` for the process and delivers them through a signalfd that
/// an event loop polls. Restores the previous mask when destroyed.
class SignalChannel {
public:
    explicit SignalChannel(std::initializer_list<int> signals);
    ~SignalChannel();
    SignalChannel(const SignalChannel&) = delete;
    SignalChannel& operator=(const SignalChannel&) = delete;

    int fd() const { return fd_.get(); }
    /// The next pending signal number, or nothing when none is pending.
    std::optional<int> next();

private:
    UniqueFd fd_;
    sigset_t previous_{};
};

/// SIGTERM, SIGINT and SIGHUP end a tool cleanly.
bool isTerminationSignal(int signal);

}  // namespace wirekit::sys
