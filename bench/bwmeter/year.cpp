// bwmeter-year: a year of hourly traffic for one interface written into a
// bwmeter database the way `record` writes it (one commit an hour, samples
// every 30 s), on a simulated clock. Prints the database's size in bytes.
//
//   bwmeter-year FILE
#include "pending_traffic.h"
#include "traffic_store.h"

#include <sys/stat.h>

#include <cstdio>
#include <random>

int main(int argc, char* argv[]) {
    using namespace wirekit::bwmeter;
    if (argc != 2) {
        std::fprintf(stderr, "usage: bwmeter-year FILE\n");
        return 2;
    }
    TrafficStore store(argv[1], TrafficStore::Access::readWrite);
    std::mt19937_64 random(1);
    const std::int64_t start = 1767225600;  // 2026-01-01T00:00:00Z
    for (std::int64_t hour = 0; hour < 365 * 24; ++hour) {
        PendingTraffic pending;
        for (int sample = 0; sample < 120; ++sample)
            pending.add("eth0", start + hour * 3600 + sample * 30, random() % 50000000, random() % 5000000);
        store.commit(pending, {CounterMemory{"eth0", 2, 1, 1, 64, "boot"}}, start + hour * 3600 + 3599);
    }
    struct stat info {};
    ::stat(argv[1], &info);
    std::printf("%lld\n", static_cast<long long>(info.st_size));
    return 0;
}
