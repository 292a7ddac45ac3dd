// The SQLite record.
#include "traffic_store.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <tuple>

namespace wirekit::bwmeter {

namespace {

constexpr std::int64_t hourKeep = 8 * 86400;  // "the last 24 hours", and a week before
constexpr std::int64_t dayKeep = 400 * 86400;

// Spans as stored: hours are UTC only (a local hour is the same stretch of time).
constexpr int spanHour = 0, spanLocalDay = 1, spanLocalMonth = 2, spanUtcDay = 3, spanUtcMonth = 4;

int storedSpan(Span span, Zone zone) {
    switch (span) {
        case Span::hour: return spanHour;
        case Span::day: return zone == Zone::utc ? spanUtcDay : spanLocalDay;
        case Span::month: return zone == Zone::utc ? spanUtcMonth : spanLocalMonth;
    }
    return spanHour;
}

const char* const schema[] = {
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE iface(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
    "CREATE TABLE counter_state(iface INTEGER PRIMARY KEY, ifindex INTEGER NOT NULL, rx INTEGER NOT NULL,"
    " tx INTEGER NOT NULL, width INTEGER NOT NULL, boot TEXT NOT NULL)",
    "CREATE TABLE traffic(iface INTEGER NOT NULL, span INTEGER NOT NULL, start INTEGER NOT NULL,"
    " rx INTEGER NOT NULL, tx INTEGER NOT NULL, PRIMARY KEY(iface, span, start)) WITHOUT ROWID",
    "CREATE TABLE profile(iface INTEGER NOT NULL, zone INTEGER NOT NULL, month INTEGER NOT NULL,"
    " kind INTEGER NOT NULL, slot INTEGER NOT NULL, rx INTEGER NOT NULL, tx INTEGER NOT NULL,"
    " hours INTEGER NOT NULL, PRIMARY KEY(iface, zone, month, kind, slot)) WITHOUT ROWID",
    "INSERT INTO meta VALUES('application', 'bwmeter')",
    "INSERT INTO meta VALUES('schema', '1')",
};

std::int64_t signedBytes(std::uint64_t bytes) { return static_cast<std::int64_t>(bytes); }

}  // namespace

std::string defaultDatabasePath() {
    if (::geteuid() == 0) return "/var/lib/bwmeter/bwmeter.db";
    if (const char* data = std::getenv("XDG_DATA_HOME"); data && *data)
        return std::string(data) + "/bwmeter/bwmeter.db";
    const char* home = std::getenv("HOME");
    return std::string(home && *home ? home : ".") + "/.local/share/bwmeter/bwmeter.db";
}

TrafficStore::TrafficStore(const std::string& path, Access access) : path_(path) {
    struct stat info {};
    const bool exists = ::stat(path.c_str(), &info) == 0;
    if ((!exists || info.st_size == 0) && access == Access::readOnly)
        throw std::runtime_error(path + ": no database here yet (bwmeter record or bwmeter sample makes it)");
    if (exists && !S_ISREG(info.st_mode)) throw std::runtime_error(path + ": not a regular file");
    const bool fresh = !exists || info.st_size == 0;
    db_ = std::make_unique<SqliteDatabase>(
        path, access == Access::readWrite ? SqliteDatabase::Mode::readWrite : SqliteDatabase::Mode::readOnly);
    try {
        if (fresh) {
            SqliteTransaction transaction(*db_);
            for (const char* statement : schema) db_->execute(statement);
            transaction.commit();
            return;
        }
        SqliteStatement tables(*db_, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'");
        std::string application, version;
        if (tables.step() && tables.integer(0) == 1) {
            SqliteStatement meta(*db_, "SELECT key, value FROM meta");
            while (meta.step()) {
                if (meta.text(0) == "application") application = meta.text(1);
                if (meta.text(0) == "schema") version = meta.text(1);
            }
        }
        if (application != "bwmeter") throw std::runtime_error(path + ": not a bwmeter database; left untouched");
        if (version != std::to_string(schemaVersion))
            throw std::runtime_error(path + ": database schema " + version + " is not " +
                                     std::to_string(schemaVersion) + " (written by a newer bwmeter?); left untouched");
    } catch (const std::runtime_error& e) {
        const std::string message = e.what();
        // SQLite's "file is not a database", "database disk image is malformed", ...
        if (message.find("left untouched") != std::string::npos) throw;
        throw std::runtime_error(message + "; left untouched");
    }
}

TrafficStore::~TrafficStore() = default;

std::int64_t TrafficStore::interfaceId(const std::string& name) {
    const auto known = std::lower_bound(interfaceIds_.begin(), interfaceIds_.end(), name,
                                        [](const std::pair<std::string, std::int64_t>& entry,
                                           const std::string& wanted) { return entry.first < wanted; });
    if (known != interfaceIds_.end() && known->first == name) return known->second;
    SqliteStatement select(*db_, "SELECT id FROM iface WHERE name = ?");
    select.bind(name);
    std::int64_t id = 0;
    if (select.step()) {
        id = select.integer(0);
    } else {
        SqliteStatement insert(*db_, "INSERT INTO iface(name) VALUES(?)");
        insert.bind(name).run();
        id = sqlite3_last_insert_rowid(db_->handle());
    }
    interfaceIds_.emplace(known, name, id);
    return id;
}

void TrafficStore::commit(const PendingTraffic& pending, const std::vector<CounterMemory>& counters, std::int64_t now) {
    try {
        SqliteTransaction transaction(*db_);
        SqliteStatement hourExists(*db_, "SELECT 1 FROM traffic WHERE iface = ? AND span = 0 AND start = ?");
        SqliteStatement addTraffic(*db_,
                                   "INSERT INTO traffic VALUES(?, ?, ?, ?, ?) ON CONFLICT(iface, span, start)"
                                   " DO UPDATE SET rx = rx + excluded.rx, tx = tx + excluded.tx");
        SqliteStatement addProfile(*db_,
                                   "INSERT INTO profile VALUES(?, ?, ?, ?, ?, ?, ?, ?)"
                                   " ON CONFLICT(iface, zone, month, kind, slot) DO UPDATE SET"
                                   " rx = rx + excluded.rx, tx = tx + excluded.tx, hours = hours + excluded.hours");
        for (const auto& [key, bytes] : pending.slots()) {
            const auto& [name, slot] = key;
            const std::int64_t iface = interfaceId(name);
            const std::int64_t rx = signedBytes(bytes.rx), tx = signedBytes(bytes.tx);
            // A new hour bucket is one more hour seen for the profile's slots.
            const std::int64_t hour = hourStart(slot, Zone::utc);
            hourExists.bind(iface).bind(hour);
            const std::int64_t newHour = hourExists.step() ? 0 : 1;
            hourExists.reset();
            const std::pair<int, std::int64_t> buckets[] = {
                {spanHour, hour},
                {spanLocalDay, dayStart(slot, Zone::local)},
                {spanLocalMonth, monthStart(slot, Zone::local)},
                {spanUtcDay, dayStart(slot, Zone::utc)},
                {spanUtcMonth, monthStart(slot, Zone::utc)},
            };
            for (const auto& [span, start] : buckets)
                addTraffic.bind(iface).bind(span).bind(start).bind(rx).bind(tx).run();
            for (Zone zone : {Zone::local, Zone::utc}) {
                const std::pair<int, int> cells[] = {{0, hourOfDay(slot, zone)}, {1, weekday(slot, zone)}};
                for (const auto& [kind, cell] : cells)
                    addProfile.bind(iface)
                        .bind(zone == Zone::utc ? 1 : 0)
                        .bind(monthStart(slot, zone))
                        .bind(kind)
                        .bind(cell)
                        .bind(rx)
                        .bind(tx)
                        .bind(newHour)
                        .run();
            }
        }
        SqliteStatement saveCounters(*db_, "INSERT OR REPLACE INTO counter_state VALUES(?, ?, ?, ?, ?, ?)");
        for (const auto& memory : counters)
            saveCounters.bind(interfaceId(memory.name))
                .bind(memory.ifindex)
                .bind(signedBytes(memory.rxBytes))
                .bind(signedBytes(memory.txBytes))
                .bind(static_cast<std::int64_t>(memory.width))
                .bind(memory.bootId)
                .run();
        SqliteStatement expire(*db_, "DELETE FROM traffic WHERE span IN (?, ?) AND start < ?");
        expire.bind(spanHour).bind(spanHour).bind(now - hourKeep).run();
        expire.bind(spanLocalDay).bind(spanUtcDay).bind(now - dayKeep).run();
        transaction.commit();
    } catch (const std::runtime_error& e) {
        interfaceIds_.clear();  // ids made in the rolled-back transaction are gone with it
        throw std::runtime_error(std::string(e.what()) + " (nothing of this commit was written)");
    }
}

std::vector<CounterMemory> TrafficStore::counterMemory() {
    SqliteStatement select(
        *db_, "SELECT name, ifindex, rx, tx, width, boot FROM counter_state JOIN iface ON iface.id = iface");
    std::vector<CounterMemory> result;
    while (select.step())
        result.push_back(CounterMemory{
            select.text(0), static_cast<int>(select.integer(1)), static_cast<std::uint64_t>(select.integer(2)),
            static_cast<std::uint64_t>(select.integer(3)), static_cast<unsigned>(select.integer(4)), select.text(5)});
    return result;
}

std::vector<TrafficRow> TrafficStore::traffic(Span span, Zone zone, std::int64_t from, std::int64_t to) {
    SqliteStatement select(*db_,
                           "SELECT name, start, rx, tx FROM traffic JOIN iface ON iface.id = iface"
                           " WHERE span = ? AND start >= ? AND start < ? ORDER BY start, name");
    select.bind(storedSpan(span, zone)).bind(from).bind(to);
    std::vector<TrafficRow> rows;
    while (select.step())
        rows.push_back(TrafficRow{select.text(0), select.integer(1), static_cast<std::uint64_t>(select.integer(2)),
                                  static_cast<std::uint64_t>(select.integer(3))});
    return rows;
}

std::vector<ProfileCell> TrafficStore::profile(Zone zone, int kind, std::int64_t from, std::int64_t to) {
    SqliteStatement select(*db_,
                           "SELECT name, month, slot, rx, tx, hours FROM profile JOIN iface ON iface.id = iface"
                           " WHERE zone = ? AND kind = ? AND month >= ? AND month < ? ORDER BY name, month, slot");
    select.bind(zone == Zone::utc ? 1 : 0).bind(kind).bind(from).bind(to);
    std::vector<ProfileCell> cells;
    while (select.step())
        cells.push_back(ProfileCell{select.text(0), select.integer(1), static_cast<int>(select.integer(2)),
                                    static_cast<std::uint64_t>(select.integer(3)),
                                    static_cast<std::uint64_t>(select.integer(4)),
                                    static_cast<std::uint64_t>(select.integer(5))});
    return cells;
}

std::vector<std::string> TrafficStore::interfaces() {
    SqliteStatement select(*db_, "SELECT name FROM iface ORDER BY name");
    std::vector<std::string> names;
    while (select.step()) names.push_back(select.text(0));
    return names;
}

}  // namespace wirekit::bwmeter
