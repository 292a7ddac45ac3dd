// Snapshots.
#include "sampler.h"

#include "sys/clock.h"

#include <algorithm>
#include <ctime>
#include <stdexcept>

namespace wirekit::bwmeter {

CounterSnapshot Sampler::take() {
    CounterSnapshot snapshot;
    snapshot.monotonic = sys::monotonicSeconds();
    snapshot.wall = static_cast<std::int64_t>(std::time(nullptr));
    snapshot.bootId = bootId_;
    // Filtered in place: one vector of every interface, not a second one grown beside it.
    snapshot.interfaces = reader_.read();
    auto& interfaces = snapshot.interfaces;
    interfaces.erase(std::remove_if(interfaces.begin(), interfaces.end(),
                                    [&](const InterfaceCounters& c) { return !filter_.accepts(c.name, c.loopback); }),
                     interfaces.end());
    return snapshot;
}

void Sampler::requireInterfaces() {
    std::vector<std::string> names;
    for (const auto& counters : reader_.read()) names.push_back(counters.name);
    const auto missing = filter_.unmatched(names);
    if (missing.empty()) return;
    std::string known;
    for (const auto& name : names) known += (known.empty() ? "" : ", ") + name;
    throw std::runtime_error("no interface matches '" + missing.front() + "' (there are: " + known + ")");
}

}  // namespace wirekit::bwmeter
