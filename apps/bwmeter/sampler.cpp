// Snapshots.
#include "sampler.h"

#include "link_stats.h"
#include "sys/clock.h"

#include <ctime>
#include <stdexcept>

namespace wirekit::bwmeter {

CounterSnapshot takeSnapshot(const InterfaceFilter& filter) {
    CounterSnapshot snapshot;
    snapshot.monotonic = sys::monotonicSeconds();
    snapshot.wall = static_cast<std::int64_t>(std::time(nullptr));
    snapshot.bootId = readBootId();
    for (auto& counters : readInterfaceCounters())
        if (filter.accepts(counters.name, counters.loopback)) snapshot.interfaces.push_back(std::move(counters));
    return snapshot;
}

void requireInterfaces(const InterfaceFilter& filter) {
    std::vector<std::string> names;
    for (const auto& counters : readInterfaceCounters()) names.push_back(counters.name);
    const auto missing = filter.unmatched(names);
    if (missing.empty()) return;
    std::string known;
    for (const auto& name : names) known += (known.empty() ? "" : ", ") + name;
    throw std::runtime_error("no interface matches '" + missing.front() + "' (there are: " + known + ")");
}

}  // namespace wirekit::bwmeter
