// The SQLite record.
#include "traffic_store.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>
#include <tuple>

using namespace Poco::Data::Keywords;

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
    if (!exists && access == Access::readOnly)
        throw std::runtime_error(path + ": no database here yet (bwmeter record or bwmeter sample makes it)");
    if (exists && !S_ISREG(info.st_mode)) throw std::runtime_error(path + ": not a regular file");
    const bool fresh = !exists || info.st_size == 0;
    Poco::Data::SQLite::Connector::registerConnector();
    try {
        session_ = std::make_unique<Poco::Data::Session>("SQLite", path, 5);  // wait up to 5 s for a writer
        if (fresh) {
            session_->begin();
            for (const char* statement : schema) *session_ << statement, now;
            session_->commit();
            return;
        }
        int tables = 0;
        *session_ << "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'", into(tables), now;
        std::string application, version;
        if (tables == 1) {
            *session_ << "SELECT value FROM meta WHERE key = 'application'", into(application), now;
            *session_ << "SELECT value FROM meta WHERE key = 'schema'", into(version), now;
        }
        if (application != "bwmeter") throw std::runtime_error(path + ": not a bwmeter database; left untouched");
        if (version != std::to_string(schemaVersion))
            throw std::runtime_error(path + ": database schema " + version + " is not " +
                                     std::to_string(schemaVersion) + " (written by a newer bwmeter?); left untouched");
    } catch (const Poco::Exception& e) {
        // "file is not a database", "database disk image is malformed", ...
        throw std::runtime_error(path + ": " + e.message() + "; left untouched");
    }
}

TrafficStore::~TrafficStore() = default;

std::int64_t TrafficStore::interfaceId(const std::string& name) {
    Poco::Nullable<std::int64_t> id;
    std::string key = name;
    *session_ << "SELECT id FROM iface WHERE name = ?", use(key), into(id), now;
    if (!id.isNull()) return id.value();
    *session_ << "INSERT INTO iface(name) VALUES(?)", use(key), now;
    std::int64_t created = 0;
    *session_ << "SELECT last_insert_rowid()", into(created), now;
    return created;
}

void TrafficStore::commit(const PendingTraffic& pending, const std::vector<CounterMemory>& counters,
                          std::int64_t nowWall) {
    try {
        session_->begin();
        for (const auto& [key, bytes] : pending.slots()) {
            const auto& [name, slot] = key;
            std::int64_t iface = interfaceId(name);
            std::int64_t rx = signedBytes(bytes.rx), tx = signedBytes(bytes.tx);
            // A new hour bucket is one more hour seen for the profile's slots.
            std::int64_t hour = hourStart(slot, Zone::utc);
            int existing = 0;
            *session_ << "SELECT count(*) FROM traffic WHERE iface = ? AND span = 0 AND start = ?", use(iface),
                use(hour), into(existing), now;
            const int newHour = existing == 0 ? 1 : 0;
            const std::tuple<int, std::int64_t> buckets[] = {
                {spanHour, hour},
                {spanLocalDay, dayStart(slot, Zone::local)},
                {spanLocalMonth, monthStart(slot, Zone::local)},
                {spanUtcDay, dayStart(slot, Zone::utc)},
                {spanUtcMonth, monthStart(slot, Zone::utc)},
            };
            for (auto [span, start] : buckets)
                *session_ << "INSERT INTO traffic VALUES(?, ?, ?, ?, ?) ON CONFLICT(iface, span, start)"
                             " DO UPDATE SET rx = rx + excluded.rx, tx = tx + excluded.tx",
                    use(iface), use(span), use(start), use(rx), use(tx), now;
            for (Zone zone : {Zone::local, Zone::utc}) {
                int zoneNumber = zone == Zone::utc ? 1 : 0;
                std::int64_t month = monthStart(slot, zone);
                const std::tuple<int, int> cells[] = {{0, hourOfDay(slot, zone)}, {1, weekday(slot, zone)}};
                for (auto [kind, cell] : cells)
                    *session_ << "INSERT INTO profile VALUES(?, ?, ?, ?, ?, ?, ?, ?)"
                                 " ON CONFLICT(iface, zone, month, kind, slot) DO UPDATE SET"
                                 " rx = rx + excluded.rx, tx = tx + excluded.tx, hours = hours + excluded.hours",
                        use(iface), use(zoneNumber), use(month), use(kind), use(cell), use(rx), use(tx), bind(newHour),
                        now;
            }
        }
        for (const auto& memory : counters) {
            std::int64_t iface = interfaceId(memory.name);
            int ifindex = memory.ifindex, width = static_cast<int>(memory.width);
            std::int64_t rx = signedBytes(memory.rxBytes), tx = signedBytes(memory.txBytes);
            std::string boot = memory.bootId;
            *session_ << "INSERT OR REPLACE INTO counter_state VALUES(?, ?, ?, ?, ?, ?)", use(iface), use(ifindex),
                use(rx), use(tx), use(width), use(boot), now;
        }
        std::int64_t hourLimit = nowWall - hourKeep, dayLimit = nowWall - dayKeep;
        *session_ << "DELETE FROM traffic WHERE span = 0 AND start < ?", use(hourLimit), now;
        *session_ << "DELETE FROM traffic WHERE span IN (1, 3) AND start < ?", use(dayLimit), now;
        session_->commit();
    } catch (const Poco::Exception& e) {
        if (session_->isTransaction()) session_->rollback();
        throw std::runtime_error(path_ + ": " + e.message() + " (nothing of this commit was written)");
    }
}

std::vector<CounterMemory> TrafficStore::counterMemory() {
    std::vector<std::string> names, boots;
    std::vector<int> indexes, widths;
    std::vector<std::int64_t> rxs, txs;
    *session_ << "SELECT name, ifindex, rx, tx, width, boot FROM counter_state JOIN iface ON iface.id = iface",
        into(names), into(indexes), into(rxs), into(txs), into(widths), into(boots), now;
    std::vector<CounterMemory> result;
    for (std::size_t i = 0; i < names.size(); ++i)
        result.push_back(CounterMemory{names[i], indexes[i], static_cast<std::uint64_t>(rxs[i]),
                                       static_cast<std::uint64_t>(txs[i]), static_cast<unsigned>(widths[i]), boots[i]});
    return result;
}

std::vector<TrafficRow> TrafficStore::traffic(Span span, Zone zone, std::int64_t from, std::int64_t to) {
    int stored = storedSpan(span, zone);
    std::vector<std::string> names;
    std::vector<std::int64_t> starts, rxs, txs;
    *session_ << "SELECT name, start, rx, tx FROM traffic JOIN iface ON iface.id = iface"
                 " WHERE span = ? AND start >= ? AND start < ? ORDER BY start, name",
        use(stored), use(from), use(to), into(names), into(starts), into(rxs), into(txs), now;
    std::vector<TrafficRow> rows;
    for (std::size_t i = 0; i < names.size(); ++i)
        rows.push_back(
            TrafficRow{names[i], starts[i], static_cast<std::uint64_t>(rxs[i]), static_cast<std::uint64_t>(txs[i])});
    return rows;
}

std::vector<ProfileCell> TrafficStore::profile(Zone zone, int kind, std::int64_t from, std::int64_t to) {
    int zoneNumber = zone == Zone::utc ? 1 : 0;
    std::vector<std::string> names;
    std::vector<std::int64_t> months, rxs, txs, hours;
    std::vector<int> slots;
    *session_ << "SELECT name, month, slot, rx, tx, hours FROM profile JOIN iface ON iface.id = iface"
                 " WHERE zone = ? AND kind = ? AND month >= ? AND month < ? ORDER BY name, month, slot",
        use(zoneNumber), use(kind), use(from), use(to), into(names), into(months), into(slots), into(rxs), into(txs),
        into(hours), now;
    std::vector<ProfileCell> cells;
    for (std::size_t i = 0; i < names.size(); ++i)
        cells.push_back(ProfileCell{names[i], months[i], slots[i], static_cast<std::uint64_t>(rxs[i]),
                                    static_cast<std::uint64_t>(txs[i]), static_cast<std::uint64_t>(hours[i])});
    return cells;
}

std::vector<std::string> TrafficStore::interfaces() {
    std::vector<std::string> names;
    *session_ << "SELECT name FROM iface ORDER BY name", into(names), now;
    return names;
}

}  // namespace wirekit::bwmeter
