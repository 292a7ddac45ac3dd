// Which probe goes out when: every (address, port) pair once, in a seeded
// random order, restricted to one shard, less what an interrupted run of the
// same scan already did.
#pragma once

#include "permutation.h"
#include "target_spec.h"

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace wirekit::pscan {

/// Inclusive ranges of probe indices (address index x port count + port index).
using ProbeRanges = std::vector<std::pair<std::uint64_t, std::uint64_t>>;

/// Where a probe sits in the plan.
struct ProbeLocation {
    std::uint64_t probe;  ///< address index x port count + port index
    std::size_t range;    ///< which of targets().ranges() holds the address
};

class ScanPlan {
public:
    /// Throws std::invalid_argument when there is nothing to scan.
    ScanPlan(TargetSet targets, std::vector<std::uint16_t> ports, std::uint64_t seed, Shard shard);

    /// Positions (probes) in this shard.
    std::uint64_t size() const { return shard_.positions(permutation_.size()); }
    /// Probes this run will send at least once: size() less what an earlier run did.
    std::uint64_t toDo() const;
    /// Positions handed out so far in this pass, skipped ones included.
    std::uint64_t handedOut() const { return next_; }
    /// The furthest position any pass reached: every later one is unsent.
    std::uint64_t furthest() const { return std::max(furthest_, next_); }
    /// The next probe's target, or nothing when the shard is done.
    std::optional<net::SocketAddress> next();
    /// A probe nextProbe() hands out: its target and where it sits in the plan.
    struct PlannedProbe {
        net::SocketAddress target;
        ProbeLocation location;
    };
    /// As next(), with the probe's location, which the plan knows already
    /// and locate() would work out again from the address.
    std::optional<PlannedProbe> nextProbe();
    /// Starts over from the first probe, for another pass over the same order.
    void restart();

    /// Skips what an interrupted run did: every position before `position`
    /// except the probes in `pending` (sorted, disjoint).
    void resumeAt(std::uint64_t position, ProbeRanges pending);
    /// Whether an earlier run did the probe at `position` (see resumeAt).
    bool doneBefore(std::uint64_t position) const;
    /// The probe index at `position`.
    std::uint64_t probeAt(std::uint64_t position) const { return permutation_.at(shard_.position(position)); }
    /// Total probe indices (addresses x ports), across all shards.
    std::uint64_t probeCount() const { return permutation_.size(); }

    /// Where `target` (address and port) is in the plan; nothing if not scanned.
    std::optional<ProbeLocation> locate(const net::SocketAddress& target) const;
    std::optional<ProbeLocation> locate(int family, Address128 address, std::uint16_t port) const;

    /// A hash of the targets, ports and shard: equal for the same scan.
    std::uint64_t fingerprint() const;

    const TargetSet& targets() const { return targets_; }
    const std::vector<std::uint16_t>& ports() const { return ports_; }

private:
    bool pending(std::uint64_t probe) const;

    TargetSet targets_;
    std::vector<std::uint16_t> ports_;
    std::vector<std::int32_t> portIndex_;  ///< port → index in ports_, or -1
    Permutation permutation_;
    Shard shard_;
    std::uint64_t next_ = 0, furthest_ = 0;
    std::uint64_t resumedAt_ = 0;  ///< positions before this were done by an earlier run ...
    ProbeRanges pending_;          ///< ... except these probes
};

/// An address as a number (IPv4 in the low 32 bits).
Address128 addressNumber(const net::SocketAddress& address);
/// The same from its 4 or 16 bytes in network order.
Address128 addressNumber(int family, const std::uint8_t* bytes);

}  // namespace wirekit::pscan
