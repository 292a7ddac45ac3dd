// The persistent record: a SQLite database of traffic
// per interface by hour (kept a week), day (kept 400 days) and month (kept
// for good), each in local time and in UTC, and a time-of-day profile per
// month, so years of history stay a few tens of KiB.
//
// A file that is not a bwmeter database, or of a newer schema, is refused
// and never written. Every change is one transaction: a process killed
// mid-write leaves the last committed state.
#pragma once

#include "counter_tracker.h"
#include "pending_traffic.h"
#include "sqlite_db.h"
#include "time_buckets.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace wirekit::bwmeter {

enum class Span { hour = 0, day = 1, month = 2 };

/// A time after every bucket: the open end of a range.
constexpr std::int64_t farFuture = std::int64_t{1} << 40;

struct TrafficRow {
    std::string iface;
    std::int64_t start = 0;  ///< the bucket's first second
    std::uint64_t rx = 0, tx = 0;
};

/// One cell of the time-of-day profile: all traffic seen in hour-of-day (or
/// weekday) `slot` over some months, and how many such hours were recorded.
struct ProfileCell {
    std::string iface;
    std::int64_t month = 0;
    int slot = 0;
    std::uint64_t rx = 0, tx = 0, hours = 0;
};

class TrafficStore {
public:
    enum class Access { readOnly, readWrite };

    /// Opens `path`. With readWrite, a missing or empty file becomes a new
    /// database. Throws std::runtime_error naming the path and the reason:
    /// missing (readOnly), not a bwmeter database, newer schema, corrupt.
    TrafficStore(const std::string& path, Access access);
    ~TrafficStore();
    TrafficStore(const TrafficStore&) = delete;
    TrafficStore& operator=(const TrafficStore&) = delete;

    /// Writes `pending` and the counters' memory in one transaction, and
    /// drops buckets past their keeping time relative to `now`.
    /// Throws std::runtime_error (disk full, I/O error); nothing is half-written.
    void commit(const PendingTraffic& pending, const std::vector<CounterMemory>& counters, std::int64_t now);

    /// The counters as the last commit left them.
    std::vector<CounterMemory> counterMemory();

    /// Buckets of `span` in `zone` with start in [from, to), for every interface.
    std::vector<TrafficRow> traffic(Span span, Zone zone, std::int64_t from, std::int64_t to);
    /// Profile cells of `kind` (0: hour of day, 1: weekday) for months in [from, to).
    std::vector<ProfileCell> profile(Zone zone, int kind, std::int64_t from, std::int64_t to);
    std::vector<std::string> interfaces();

    static constexpr int schemaVersion = 1;

private:
    std::int64_t interfaceId(const std::string& name);
    std::string path_;
    /// Ids read or made, so that a commit asks once per name; by name, in
    /// one block rather than a heap node per interface.
    std::vector<std::pair<std::string, std::int64_t>> interfaceIds_;
    std::unique_ptr<SqliteDatabase> db_;
};

/// Where the database lives by default: /var/lib/bwmeter/bwmeter.db for root,
/// else $XDG_DATA_HOME/bwmeter/bwmeter.db (~/.local/share/...).
std::string defaultDatabasePath();

}  // namespace wirekit::bwmeter
