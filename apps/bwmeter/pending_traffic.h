// Traffic counted but not yet committed: record mode keeps it in memory and
// writes it every few minutes, so a router's flash sees few writes.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>

namespace wirekit::bwmeter {

struct Bytes {
    std::uint64_t rx = 0, tx = 0;
};

class PendingTraffic {
public:
    /// Adds bytes seen on `iface` at wall time `wall`, to its 15-minute slot.
    void add(const std::string& iface, std::int64_t wall, std::uint64_t rx, std::uint64_t tx);
    /// (interface, slot start) → bytes
    const std::map<std::pair<std::string, std::int64_t>, Bytes>& slots() const { return slots_; }
    bool empty() const { return slots_.empty(); }
    void clear() { slots_.clear(); }

private:
    std::map<std::pair<std::string, std::int64_t>, Bytes> slots_;
};

}  // namespace wirekit::bwmeter
