// What one read of the kernel's interface counters gives: per interface its
// index, name and byte counters, and how wide the counters are.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace wirekit::bwmeter {

struct InterfaceCounters {
    std::string name;
    int ifindex = 0;  ///< 0 when the source does not say (/proc/net/dev)
    bool loopback = false;
    std::uint64_t rxBytes = 0, txBytes = 0;
    unsigned width = 64;  ///< bits the kernel counts in before it wraps
};

/// Every interface at one moment, with what identifies the boot it was read in.
struct CounterSnapshot {
    std::vector<InterfaceCounters> interfaces;
    std::string bootId;     ///< /proc/sys/kernel/random/boot_id
    double monotonic = 0;   ///< seconds, CLOCK_MONOTONIC: rates come from this
    std::int64_t wall = 0;  ///< seconds since the epoch: buckets come from this
};

}  // namespace wirekit::bwmeter
