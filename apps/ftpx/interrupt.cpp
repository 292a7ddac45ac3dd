// SIGINT as the interactive session takes it.
#include "interrupt.h"

#include <signal.h>
#include <sys/socket.h>

#include <atomic>
#include <cstddef>

namespace wirekit::ftpx {

namespace {

/// The sockets to cut, each as fd + 1 (0: a free slot). A mirror's -j
/// connections and their data connections fit many times over.
constexpr std::size_t slotCount = 128;
std::atomic<int> watched[slotCount];
std::atomic<int> caught{0};  // read by other threads than the handler's
static_assert(std::atomic<int>::is_always_lock_free && std::atomic<bool>::is_always_lock_free,
              "the handler may only touch lock-free atomics");
std::atomic<bool> cutting{false};
struct sigaction previous {};

void onInterrupt(int) {
    caught = 1;
    if (!cutting.load(std::memory_order_relaxed)) return;
    // shutdown(2) is async-signal-safe; a blocked recv or poll on the socket
    // returns, whichever thread waits on it.
    for (auto& slot : watched)
        if (const int held = slot.load(std::memory_order_relaxed); held > 0) ::shutdown(held - 1, SHUT_RDWR);
}

}  // namespace

InterruptCatcher::InterruptCatcher() {
    caught = 0;
    struct sigaction catcher {};
    catcher.sa_handler = onInterrupt;
    sigemptyset(&catcher.sa_mask);
    // No SA_RESTART: a read of the terminal returns EINTR and the prompt
    // can drop its line.
    ::sigaction(SIGINT, &catcher, &previous);
}

InterruptCatcher::~InterruptCatcher() { ::sigaction(SIGINT, &previous, nullptr); }

InterruptCutting::InterruptCutting(bool cut) : previous_(cutting.exchange(cut)) {}

InterruptCutting::~InterruptCutting() { cutting = previous_; }

bool interruptIsCaught() {
    struct sigaction now {};
    ::sigaction(SIGINT, nullptr, &now);
    return now.sa_handler != SIG_DFL && now.sa_handler != SIG_IGN;
}

bool interrupted() { return caught != 0; }

void clearInterrupt() { caught = 0; }

void throwIfInterrupted() {
    if (interrupted()) throw InterruptedError();
}

WatchedSocket::WatchedSocket(int fd) {
    if (fd < 0) return;
    for (std::size_t i = 0; i < slotCount; ++i) {
        int expected = 0;
        if (watched[i].compare_exchange_strong(expected, fd + 1)) {
            slot_ = static_cast<int>(i);
            return;
        }
    }
    // All taken: this one is not cut by ^C, only ended by its timeout.
}

WatchedSocket& WatchedSocket::operator=(WatchedSocket&& other) noexcept {
    if (this != &other) {
        release();
        slot_ = other.slot_;
        other.slot_ = -1;
    }
    return *this;
}

void WatchedSocket::release() {
    if (slot_ < 0) return;
    watched[slot_].store(0);
    slot_ = -1;
}

}  // namespace wirekit::ftpx
