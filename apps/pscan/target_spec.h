// Targets as nmap users write them: addresses, CIDR blocks, ranges, names,
// comma lists; and the set they make once exclusions are taken out.
#pragma once

#include "net/endpoint.h"

#include <cstdint>
#include <string>
#include <vector>

namespace wirekit::pscan {

using Address128 = unsigned __int128;

/// An inclusive range of addresses of one family (IPv4 in the low 32 bits).
struct AddressRange {
    int family = 0;  ///< AF_INET or AF_INET6
    Address128 first = 0;
    Address128 last = 0;

    Address128 size() const { return last - first + 1; }
};

struct TargetSpec {
    std::vector<AddressRange> ranges;
    std::vector<std::string> names;  ///< host names, resolved at the edge
};

/// Parses one command-line word: "192.0.2.1", "192.0.2.0/24", "192.0.2.1-40",
/// "192.0.2.1-192.0.2.9", "2001:db8::/120", "host.example", or a comma list
/// of those. Throws cli::UsageError pointing at the bad part:
/// "invalid target '192.0.2.0/33': bad prefix length".
TargetSpec parseTargetSpec(const std::string& text);

/// Addresses to scan: ranges with the excluded ones taken out, indexable so
/// a permutation can visit them in any order.
class TargetSet {
public:
    TargetSet(std::vector<AddressRange> ranges, const std::vector<AddressRange>& excluded);

    /// How many addresses; saturates at 2^64 - 1 for absurd IPv6 spaces.
    std::uint64_t size() const { return size_; }
    /// The address at `index` (0 <= index < size()), with `port`.
    net::SocketAddress at(std::uint64_t index, std::uint16_t port) const;
    const std::vector<AddressRange>& ranges() const { return ranges_; }
    /// The index of ranges()[range]'s first address.
    std::uint64_t rangeStart(std::size_t range) const { return starts_[range]; }
    /// Which of ranges() holds the address at `index` (< size()).
    std::size_t rangeOf(std::uint64_t index) const;

private:
    std::vector<AddressRange> ranges_;
    std::vector<std::uint64_t> starts_;  ///< index of each range's first address
    std::uint64_t size_ = 0;
};

/// An address as a range of one.
AddressRange singleAddress(const net::SocketAddress& address);

}  // namespace wirekit::pscan
