// `metrics`: the kernel's counters, and today's and this month's recorded
// totals when there is a record, for Prometheus.
#include "commands.h"
#include "interface_filter.h"
#include "link_stats.h"
#include "metrics.h"
#include "sys/write_all.h"
#include "traffic_store.h"

#include <unistd.h>

#include <ctime>

namespace wirekit::bwmeter {

int runMetrics(const Options& options) {
    const InterfaceFilter filter(options.interfaces);
    std::vector<InterfaceCounters> counters;
    for (auto& c : readInterfaceCounters())
        if (filter.accepts(c.name, c.loopback)) counters.push_back(std::move(c));
    std::vector<RecordedTotals> recorded;
    const std::string path = databasePath(options);
    if (::access(path.c_str(), F_OK) == 0) {
        TrafficStore store(path, TrafficStore::Access::readOnly);
        const auto now = static_cast<std::int64_t>(std::time(nullptr));
        const auto today = store.traffic(Span::day, Zone::local, dayStart(now, Zone::local), farFuture);
        const auto month = store.traffic(Span::month, Zone::local, monthStart(now, Zone::local), farFuture);
        for (const auto& c : counters) {
            RecordedTotals totals{c.name, 0, 0, 0, 0};
            for (const auto& row : today)
                if (row.iface == c.name) totals.todayRx += row.rx, totals.todayTx += row.tx;
            for (const auto& row : month)
                if (row.iface == c.name) totals.monthRx += row.rx, totals.monthTx += row.tx;
            recorded.push_back(totals);
        }
    }
    sys::writeStdout(prometheusText(counters, recorded));
    return 0;
}

}  // namespace wirekit::bwmeter
