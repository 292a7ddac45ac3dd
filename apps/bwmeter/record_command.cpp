// `record` (a daemon that samples every interval and commits every few
// minutes) and `sample` (one sample for cron), both into the database.
#include "cli/diag.h"
#include "commands.h"
#include "counter_tracker.h"
#include "database_lock.h"
#include "pending_traffic.h"
#include "sampler.h"
#include "sys/clock.h"
#include "sys/daemon.h"
#include "sys/signals.h"
#include "traffic_store.h"

#include <poll.h>
#include <unistd.h>

#include <cmath>
#include <csignal>
#include <memory>
#include <optional>
#include <string>

namespace wirekit::bwmeter {

namespace {

void warnIfVolatile(const std::string& path) {
    if (onTmpfs(path))
        diag::warning(path + " is on a tmpfs: the record is lost at reboot; give --db a path on persistent storage");
}

/// Adds what each interface moved to `pending`, at the snapshot's wall time.
void count(PendingTraffic& pending, const std::vector<InterfaceDelta>& deltas, std::int64_t wall) {
    for (const auto& delta : deltas) {
        if (delta.event == CounterEvent::reset)
            diag::info(delta.name + ": counters were reset; counting from zero again");
        pending.add(delta.name, wall, delta.rxBytes, delta.txBytes);
    }
}

/// "30 s", "2.5 s": an interval to the millisecond, in integer arithmetic.
/// std::to_string(double) would print "30.000000", through printf's
/// floating-point code, which nothing else in the daemon maps in.
std::string intervalText(double seconds) {
    const long long millis = std::llround(seconds * 1000);
    std::string text = std::to_string(millis / 1000);
    if (const long long fraction = millis % 1000; fraction != 0) {
        std::string digits = std::to_string(fraction + 1000).substr(1);  // three digits, leading zeros kept
        digits.erase(digits.find_last_not_of('0') + 1);
        text += "." + digits;
    }
    return text + " s";
}

/// When a sample was taken.
struct SampleTime {
    double monotonic = 0;
    std::int64_t wall = 0;
};

/// Takes a sample and adds what each interface moved to `pending`. The
/// readings end here, before the caller commits: SQLite's page cache then
/// reuses their room instead of growing the heap past it.
SampleTime sampleInto(PendingTraffic& pending, Sampler& sampler, CounterTracker& tracker) {
    const auto snapshot = sampler.take();
    count(pending, tracker.update(snapshot), snapshot.wall);
    return {snapshot.monotonic, snapshot.wall};
}

}  // namespace

int runSample(const Options& options) {
    Sampler sampler{InterfaceFilter(options.interfaces)};
    sampler.requireInterfaces();
    const std::string path = databasePath(options);
    const DatabaseLock lock(path);  // declared first: released after the store closes
    TrafficStore store(path, TrafficStore::Access::readWrite);
    warnIfVolatile(path);
    CounterTracker tracker;
    tracker.remember(store.counterMemory());
    PendingTraffic pending;
    // Everything since the last sample is attributed to now, as one interval.
    const auto sampled = sampleInto(pending, sampler, tracker);
    // Interfaces not looked at this time keep what was saved for them.
    store.commit(pending, tracker.memory(), sampled.wall);
    return 0;
}

int runRecord(const Options& options) {
    Sampler sampler{InterfaceFilter(options.interfaces)};
    sampler.requireInterfaces();
    const std::string path = databasePath(options), pidPath = absolutePath(options.pidFile);
    // Everything that can fail on a user's mistake fails here, on the terminal.
    const DatabaseLock lock(path);  // the flock is inherited by the daemon
    auto openedStore = std::make_unique<TrafficStore>(path, TrafficStore::Access::readWrite);
    warnIfVolatile(path);
    std::optional<sys::DaemonReadiness> readiness;
    if (!options.foreground) {
        // An SQLite connection must not cross a fork: close it, reopen in the daemon.
        openedStore.reset();
        readiness.emplace(sys::daemonize());
        diag::useSyslog();
        openedStore = std::make_unique<TrafficStore>(path, TrafficStore::Access::readWrite);
    }
    TrafficStore& store = *openedStore;
    std::unique_ptr<sys::PidFile> pidFile;
    if (!options.pidFile.empty()) pidFile = std::make_unique<sys::PidFile>(pidPath);
    sys::SignalChannel signals{SIGINT, SIGTERM, SIGHUP};
    CounterTracker tracker;
    tracker.remember(store.counterMemory());
    PendingTraffic pending;
    auto sampled = sampleInto(pending, sampler, tracker);  // traffic while no recorder ran, same boot
    store.commit(pending, tracker.memory(), sampled.wall);
    pending.clear();
    if (readiness) readiness->ready();
    diag::notice("recording into " + path + " every " + intervalText(options.interval));
    const double started = sampled.monotonic;
    double lastCommit = started;
    for (std::uint64_t tick = 1;; ++tick) {
        const double due = started + options.interval * static_cast<double>(tick);
        std::optional<int> received;
        while (!received) {
            const double wait = due - sys::monotonicSeconds();
            if (wait <= 0) break;
            pollfd p{signals.fd(), POLLIN, 0};
            if (::poll(&p, 1, static_cast<int>(std::ceil(wait * 1000))) > 0) received = signals.next();
        }
        sampled = sampleInto(pending, sampler, tracker);
        const bool ending = received && *received != SIGHUP;
        if (ending || received || sampled.monotonic - lastCommit >= options.commitEvery) {
            store.commit(pending, tracker.memory(), sampled.wall);
            pending.clear();
            lastCommit = sampled.monotonic;
        }
        if (ending) break;
    }
    diag::notice("stopped; the record is committed");
    return 0;
}

}  // namespace wirekit::bwmeter
