// Which probe goes out when: every (address, port) pair once, in a seeded
// random order, restricted to one shard.
#pragma once

#include "permutation.h"
#include "target_spec.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace wirekit::pscan {

class ScanPlan {
public:
    /// Throws std::invalid_argument when there is nothing to scan.
    ScanPlan(TargetSet targets, std::vector<std::uint16_t> ports, std::uint64_t seed, Shard shard);

    /// Probes in this shard.
    std::uint64_t size() const { return shard_.positions(permutation_.size()); }
    /// Probes handed out so far.
    std::uint64_t handedOut() const { return next_; }
    /// The next probe's target, or nothing when the shard is done.
    std::optional<net::SocketAddress> next();
    /// Starts over from the first probe, for another pass over the same order.
    void restart() { next_ = 0; }

    const TargetSet& targets() const { return targets_; }
    const std::vector<std::uint16_t>& ports() const { return ports_; }

private:
    TargetSet targets_;
    std::vector<std::uint16_t> ports_;
    Permutation permutation_;
    Shard shard_;
    std::uint64_t next_ = 0;
};

}  // namespace wirekit::pscan
