// The edge where counters are read: snapshots of the interfaces a run looks
// at, with the boot id and both clocks.
#pragma once

#include "counters.h"
#include "interface_filter.h"
#include "link_stats.h"

namespace wirekit::bwmeter {

class Sampler {
public:
    explicit Sampler(InterfaceFilter filter) : filter_(std::move(filter)), bootId_(readBootId()) {}

    /// Reads every interface, keeps those the filter accepts. Throws std::runtime_error.
    CounterSnapshot take();

    /// Throws std::runtime_error naming the first pattern that matches no
    /// interface, and listing those there are.
    void requireInterfaces();

private:
    InterfaceFilter filter_;
    CounterReader reader_;
    std::string bootId_;  ///< a process never outlives its boot: read once
};

}  // namespace wirekit::bwmeter
