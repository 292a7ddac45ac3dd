// Per-source rate limit for UDP replies, so the server is no use as a reflector.
#pragma once

#include "net/endpoint.h"

#include <array>
#include <cstdint>
#include <vector>

namespace wirekit::timed {

/// A token bucket per source in a fixed table: memory does not grow with the
/// number of sources. IPv4 sources are keyed by address, IPv6 by /64 (one
/// host's addresses). A keyed hash chooses the slot so nobody can aim
/// collisions at a victim's entry; a colliding source takes the slot over.
class RateLimiter {
public:
    /// `perSecond` 0 switches limiting off; `burst` requests may come at once.
    RateLimiter(double perSecond, double burst, std::size_t slots, std::uint64_t hashKey);

    /// True when a request from `source` at monotonic time `now` may be answered.
    bool allow(const net::SocketAddress& source, double now);

private:
    struct Slot {
        std::array<std::uint8_t, 16> key{};
        bool used = false;
        double tokens = 0;
        double updated = 0;
    };
    double perSecond_;
    double burst_;
    std::uint64_t hashKey_;
    std::vector<Slot> slots_;
};

}  // namespace wirekit::timed
