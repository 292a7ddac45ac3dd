// A keyed Feistel permutation with cycle-walking.
#include "permutation.h"

namespace wirekit::pscan {

namespace {

std::uint64_t splitMix(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

}  // namespace

Permutation::Permutation(std::uint64_t size, std::uint64_t seed) : size_(size) {
    unsigned bits = 2;
    while (bits < 64 && (size_ - 1) >> bits != 0) bits += 2;
    halfBits_ = bits / 2;
    halfMask_ = (1ULL << halfBits_) - 1;
    std::uint64_t state = seed;
    for (auto& key : keys_) key = state = splitMix(state);
}

std::uint64_t Permutation::encrypt(std::uint64_t value) const {
    std::uint64_t left = value >> halfBits_, right = value & halfMask_;
    for (const auto key : keys_) {
        const std::uint64_t next = left ^ (splitMix(right ^ key) & halfMask_);
        left = right;
        right = next;
    }
    return left << halfBits_ | right;
}

std::uint64_t Permutation::at(std::uint64_t position) const {
    // Walk the cycle until it lands inside [0, size): still a bijection.
    std::uint64_t value = encrypt(position);
    while (value >= size_) value = encrypt(value);
    return value;
}

}  // namespace wirekit::pscan
