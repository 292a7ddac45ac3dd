// Pending traffic by slot.
#include "pending_traffic.h"

#include "time_buckets.h"

namespace wirekit::bwmeter {

void PendingTraffic::add(const std::string& iface, std::int64_t wall, std::uint64_t rx, std::uint64_t tx) {
    if (rx == 0 && tx == 0) return;
    Bytes& slot = slots_[{iface, quarterStart(wall)}];
    slot.rx += rx;
    slot.tx += tx;
}

}  // namespace wirekit::bwmeter
