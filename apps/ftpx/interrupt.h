// ^C in the interactive session: it ends the operation under way, as
// ftp(1)'s abort does, and the session goes on; at the prompt it drops the
// line. Elsewhere (a one-shot command, a batch) ^C ends ftpx as usual.
#pragma once

#include <stdexcept>

namespace wirekit::ftpx {

/// What an operation that ^C cut short ends with; never retried.
class InterruptedError : public std::runtime_error {
public:
    InterruptedError() : std::runtime_error("interrupted") {}
};

/// While one lives, SIGINT does not end the process: it is noted, and while
/// an InterruptCutting(true) lives each socket a WatchedSocket names is shut
/// down, so that whatever waits on it (a transfer, a reply) returns at once
/// and fails.
class InterruptCatcher {
public:
    InterruptCatcher();
    ~InterruptCatcher();
    InterruptCatcher(const InterruptCatcher&) = delete;
    InterruptCatcher& operator=(const InterruptCatcher&) = delete;
};

/// While one lives, ^C shuts the watched sockets down (`cut`), or not,
/// and what held before comes back after: cut around a command, not at the
/// prompt, where the session must stay as it is, nor while a local command
/// (!, lls) has the terminal, whose ^C is not the session's.
class InterruptCutting {
public:
    explicit InterruptCutting(bool cut);
    ~InterruptCutting();
    InterruptCutting(const InterruptCutting&) = delete;
    InterruptCutting& operator=(const InterruptCutting&) = delete;

private:
    bool previous_;
};

/// Whether a handler other than the default or SIG_IGN takes SIGINT now
/// (the shell's catcher): then ^C at a prompt is its business.
bool interruptIsCaught();

/// Whether ^C came since the last clearInterrupt() (never without a catcher).
bool interrupted();
void clearInterrupt();
/// Throws InterruptedError after a ^C.
void throwIfInterrupted();

/// A socket that ^C shuts down while an InterruptCatcher lives. Release it
/// before the descriptor is closed, so that no later file by that number is.
class WatchedSocket {
public:
    WatchedSocket() = default;
    explicit WatchedSocket(int fd);
    ~WatchedSocket() { release(); }
    WatchedSocket(WatchedSocket&& other) noexcept : slot_(other.slot_) { other.slot_ = -1; }
    WatchedSocket& operator=(WatchedSocket&& other) noexcept;
    WatchedSocket(const WatchedSocket&) = delete;
    WatchedSocket& operator=(const WatchedSocket&) = delete;
    void release();

private:
    int slot_ = -1;
};

}  // namespace wirekit::ftpx
