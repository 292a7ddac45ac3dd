// Per-source token buckets.
#include "rate_limiter.h"

#include <netinet/in.h>

#include <algorithm>
#include <cstring>

namespace wirekit::timed {

namespace {

std::array<std::uint8_t, 16> sourceKey(const net::SocketAddress& source) {
    std::array<std::uint8_t, 16> key{};
    if (source.family() == AF_INET) {
        const auto* v4 = reinterpret_cast<const sockaddr_in*>(source.get());
        std::memcpy(key.data(), &v4->sin_addr, 4);
    } else if (source.family() == AF_INET6) {
        const auto* v6 = reinterpret_cast<const sockaddr_in6*>(source.get());
        std::memcpy(key.data(), &v6->sin6_addr, 8);  // the /64
        key[15] = 6;                                 // keeps a v6 /64 apart from an IPv4 address with the same bytes
    }
    return key;
}

std::uint64_t keyedHash(const std::array<std::uint8_t, 16>& key, std::uint64_t secret) {
    // FNV-1a seeded with a per-process secret; enough to scatter sources that
    // cannot see the secret.
    std::uint64_t hash = 1469598103934665603ULL ^ secret;
    for (auto byte : key) {
        hash ^= byte;
        hash *= 1099511628211ULL;
    }
    return hash ^ (hash >> 29);
}

}  // namespace

RateLimiter::RateLimiter(double perSecond, double burst, std::size_t slots, std::uint64_t hashKey)
    : perSecond_(perSecond),
      burst_(std::max(burst, 1.0)),
      hashKey_(hashKey),
      slots_(perSecond > 0 ? std::max<std::size_t>(slots, 1) : 0) {}

bool RateLimiter::allow(const net::SocketAddress& source, double now) {
    if (perSecond_ <= 0) return true;
    const auto key = sourceKey(source);
    Slot& slot = slots_[keyedHash(key, hashKey_) % slots_.size()];
    if (!slot.used || slot.key != key) {
        slot.key = key;
        slot.used = true;
        slot.tokens = burst_;
        slot.updated = now;
    }
    slot.tokens = std::min(burst_, slot.tokens + (now - slot.updated) * perSecond_);
    slot.updated = now;
    if (slot.tokens < 1) return false;
    slot.tokens -= 1;
    return true;
}

}  // namespace wirekit::timed
