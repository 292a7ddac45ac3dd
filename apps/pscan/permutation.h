// A keyed random permutation of [0, n): the order probes go out in, so that
// no host sees a burst, with no table of n entries in memory.
#pragma once

#include <cstdint>

namespace wirekit::pscan {

/// A bijection on [0, size) built from a four-round Feistel network over the
/// smallest even number of bits that holds size - 1, with cycle-walking for
/// values beyond size. The same seed gives the same order on every machine,
/// which is what makes shards and resumed scans line up.
class Permutation {
public:
    Permutation(std::uint64_t size, std::uint64_t seed);

    std::uint64_t size() const { return size_; }
    /// The element at position `position` (< size()).
    std::uint64_t at(std::uint64_t position) const;

private:
    std::uint64_t encrypt(std::uint64_t value) const;

    std::uint64_t size_;
    unsigned halfBits_;
    std::uint64_t halfMask_;
    std::uint64_t keys_[4];
};

/// Positions of shard `index` (0-based) of `count`: every count-th position,
/// starting at index. Shards with the same seed are disjoint and together
/// complete.
struct Shard {
    std::uint64_t index = 0;
    std::uint64_t count = 1;

    std::uint64_t positions(std::uint64_t total) const {
        return total > index ? (total - index + count - 1) / count : 0;
    }
    std::uint64_t position(std::uint64_t n) const { return index + n * count; }
};

}  // namespace wirekit::pscan
