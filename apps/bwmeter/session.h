// The live mode's bookkeeping: per interface, bytes since the start, the
// rate over the last interval and the peak rate, from monotonic time.
#pragma once

#include "counter_tracker.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace wirekit::bwmeter {

struct InterfaceSession {
    std::string name;
    std::uint64_t rxBytes = 0, txBytes = 0;  ///< since the start
    double rxRate = 0, txRate = 0;           ///< bytes per second over the last interval
    double rxPeak = 0, txPeak = 0;
    double firstSeen = 0;  ///< monotonic seconds
};

class Session {
public:
    explicit Session(double started) : started_(started), last_(started) {}

    /// Adds one interval's deltas, read at monotonic time `now`.
    void add(const std::vector<InterfaceDelta>& deltas, double now);

    /// Every interface seen, in the order first seen (renamed ones under their new name).
    const std::vector<InterfaceSession>& interfaces() const { return interfaces_; }
    /// Only those in the latest interval, in the same order.
    std::vector<InterfaceSession> current() const;
    double seconds() const { return last_ - started_; }

private:
    double started_, last_;
    std::vector<InterfaceSession> interfaces_;
    std::unordered_map<std::string, std::size_t> indexByName_;  ///< into interfaces_
    std::vector<std::size_t> present_;                          ///< indexes seen in the latest interval
};

}  // namespace wirekit::bwmeter
