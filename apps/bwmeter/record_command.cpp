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
    const auto snapshot = sampler.take();
    PendingTraffic pending;
    // Everything since the last sample is attributed to now, as one interval.
    count(pending, tracker.update(snapshot), snapshot.wall);
    // Interfaces not looked at this time keep what was saved for them.
    auto memory = tracker.memory();
    store.commit(pending, memory, snapshot.wall);
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
    auto snapshot = sampler.take();
    count(pending, tracker.update(snapshot), snapshot.wall);  // traffic while no recorder ran, same boot
    store.commit(pending, tracker.memory(), snapshot.wall);
    pending.clear();
    if (readiness) readiness->ready();
    diag::notice("recording into " + path + " every " + std::to_string(options.interval) + " s");
    const double started = snapshot.monotonic;
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
        snapshot = sampler.take();
        count(pending, tracker.update(snapshot), snapshot.wall);
        const bool ending = received && *received != SIGHUP;
        if (ending || received || snapshot.monotonic - lastCommit >= options.commitEvery) {
            store.commit(pending, tracker.memory(), snapshot.wall);
            pending.clear();
            lastCommit = snapshot.monotonic;
        }
        if (ending) break;
    }
    diag::notice("stopped; the record is committed");
    return 0;
}

}  // namespace wirekit::bwmeter
