// The probe order.
#include "scan_plan.h"

#include <netinet/in.h>

#include <algorithm>
#include <stdexcept>

namespace wirekit::pscan {

namespace {

std::uint64_t pairs(const TargetSet& targets, std::size_t ports) {
    if (targets.size() == 0 || ports == 0) throw std::invalid_argument("nothing to scan");
    if (targets.size() > (1ULL << 62) / ports) throw std::invalid_argument("too many probes to scan");
    return targets.size() * ports;
}

}  // namespace

Address128 addressNumber(int family, const std::uint8_t* bytes) {
    Address128 value = 0;
    for (int i = 0; i < (family == AF_INET ? 4 : 16); ++i) value = value << 8 | bytes[i];
    return value;
}

Address128 addressNumber(const net::SocketAddress& address) {
    if (address.family() == AF_INET)
        return addressNumber(AF_INET, reinterpret_cast<const std::uint8_t*>(
                                          &reinterpret_cast<const sockaddr_in*>(address.get())->sin_addr));
    return addressNumber(AF_INET6, reinterpret_cast<const sockaddr_in6*>(address.get())->sin6_addr.s6_addr);
}

ScanPlan::ScanPlan(TargetSet targets, std::vector<std::uint16_t> ports, std::uint64_t seed, Shard shard)
    : targets_(std::move(targets)),
      ports_(std::move(ports)),
      portIndex_(65536, -1),
      permutation_(pairs(targets_, ports_.size()), seed),
      shard_(shard) {
    for (std::size_t i = 0; i < ports_.size(); ++i) portIndex_[ports_[i]] = static_cast<std::int32_t>(i);
}

std::uint64_t ScanPlan::toDo() const {
    std::uint64_t pendingCount = 0;
    for (const auto& [first, last] : pending_) pendingCount += last - first + 1;
    return size() - std::min(resumedAt_, size()) + pendingCount;
}

void ScanPlan::restart() {
    furthest_ = furthest();
    next_ = 0;
}

void ScanPlan::resumeAt(std::uint64_t position, ProbeRanges pending) {
    resumedAt_ = position;
    pending_ = std::move(pending);
}

bool ScanPlan::pending(std::uint64_t probe) const {
    const auto after = std::upper_bound(pending_.begin(), pending_.end(), std::make_pair(probe, UINT64_MAX));
    return after != pending_.begin() && std::prev(after)->second >= probe;
}

bool ScanPlan::doneBefore(std::uint64_t position) const { return position < resumedAt_ && !pending(probeAt(position)); }

std::optional<ScanPlan::PlannedProbe> ScanPlan::nextProbe() {
    while (next_ < size()) {
        const std::uint64_t position = next_++;
        if (doneBefore(position)) continue;
        const std::uint64_t probe = probeAt(position);
        // Port varies fastest within an address's block of the probe space.
        const std::uint64_t address = probe / ports_.size();
        return PlannedProbe{targets_.at(address, ports_[probe % ports_.size()]),
                            ProbeLocation{probe, targets_.rangeOf(address)}};
    }
    return std::nullopt;
}

std::optional<net::SocketAddress> ScanPlan::next() {
    auto planned = nextProbe();
    if (!planned) return std::nullopt;
    return std::move(planned->target);
}

std::optional<ProbeLocation> ScanPlan::locate(int family, Address128 address, std::uint16_t port) const {
    const std::int32_t portAt = portIndex_[port];
    if (portAt < 0) return std::nullopt;
    // The target set is a handful of ranges: walk them.
    const auto& ranges = targets_.ranges();
    for (std::size_t r = 0; r < ranges.size(); ++r) {
        if (ranges[r].family != family || address < ranges[r].first || address > ranges[r].last) continue;
        const std::uint64_t index = targets_.rangeStart(r) + static_cast<std::uint64_t>(address - ranges[r].first);
        return ProbeLocation{index * ports_.size() + static_cast<std::uint64_t>(portAt), r};
    }
    return std::nullopt;
}

std::uint64_t ScanPlan::fingerprint() const {
    std::uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a
    const auto mix = [&hash](Address128 value) {
        for (int i = 0; i < 16; ++i, value >>= 8) {
            hash ^= static_cast<std::uint8_t>(value);
            hash *= 0x100000001b3ULL;
        }
    };
    for (const auto& range : targets_.ranges()) {
        mix(static_cast<Address128>(range.family));
        mix(range.first);
        mix(range.last);
    }
    for (const auto port : ports_) mix(port);
    mix(shard_.index);
    mix(shard_.count);
    return hash;
}

std::optional<ProbeLocation> ScanPlan::locate(const net::SocketAddress& target) const {
    return locate(target.family(), addressNumber(target), target.port());
}

}  // namespace wirekit::pscan
