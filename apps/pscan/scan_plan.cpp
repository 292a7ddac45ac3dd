// The probe order.
#include "scan_plan.h"

#include <stdexcept>

namespace wirekit::pscan {

namespace {

std::uint64_t pairs(const TargetSet& targets, std::size_t ports) {
    if (targets.size() == 0 || ports == 0) throw std::invalid_argument("nothing to scan");
    if (targets.size() > (1ULL << 62) / ports) throw std::invalid_argument("too many probes to scan");
    return targets.size() * ports;
}

}  // namespace

ScanPlan::ScanPlan(TargetSet targets, std::vector<std::uint16_t> ports, std::uint64_t seed, Shard shard)
    : targets_(std::move(targets)),
      ports_(std::move(ports)),
      permutation_(pairs(targets_, ports_.size()), seed),
      shard_(shard) {}

std::optional<net::SocketAddress> ScanPlan::next() {
    if (next_ >= size()) return std::nullopt;
    const std::uint64_t probe = permutation_.at(shard_.position(next_++));
    // Port varies fastest within an address's block of the probe space.
    return targets_.at(probe / ports_.size(), ports_[probe % ports_.size()]);
}

}  // namespace wirekit::pscan
