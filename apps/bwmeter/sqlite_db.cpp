// SQLite's C API behind RAII.
#include "sqlite_db.h"

#include <stdexcept>

namespace wirekit::bwmeter {

namespace {

/// SQLite's process-wide settings, made once before its first use (later
/// calls to sqlite3_config are refused, harmlessly).
void configureSqlite() {
    static const bool configured = [] {
        // No bulk page cache: by default a connection starts by allocating,
        // and touching, room for 20 pages (87 KiB) whether it reads them
        // or not; a record of a few interfaces is a dozen pages, and now
        // each page is allocated when it is read.
        sqlite3_config(SQLITE_CONFIG_PAGECACHE, nullptr, 0, 0);
        return true;
    }();
    (void)configured;
}

}  // namespace

SqliteDatabase::SqliteDatabase(const std::string& path, Mode mode) : path_(path) {
    configureSqlite();
    const int flags = mode == Mode::readWrite ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
    const int code = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (code != SQLITE_OK) {
        const std::string reason = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(code);
        sqlite3_close(db_);
        db_ = nullptr;
        throw std::runtime_error(path + ": " + reason);
    }
    sqlite3_busy_timeout(db_, 5000);  // a reader or another writer gets five seconds
    // The record is small: a 256 KiB page cache holds all of it and keeps the daemon small.
    sqlite3_exec(db_, "PRAGMA cache_size = -256", nullptr, nullptr, nullptr);
    sqlite3_extended_result_codes(db_, 1);
}

SqliteDatabase::~SqliteDatabase() { sqlite3_close(db_); }

void SqliteDatabase::fail(int code) const {
    const std::string message = sqlite3_errmsg(db_);
    throw std::runtime_error(path_ + ": " + (message.empty() ? sqlite3_errstr(code) : message));
}

void SqliteDatabase::execute(const std::string& sql) {
    const int code = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
    if (code != SQLITE_OK) fail(code);
}

SqliteStatement::SqliteStatement(SqliteDatabase& db, const char* sql) : db_(db) {
    const int code = sqlite3_prepare_v2(db.handle(), sql, -1, &statement_, nullptr);
    if (code != SQLITE_OK) db.fail(code);
}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(statement_); }

SqliteStatement& SqliteStatement::bind(std::int64_t value) {
    const int code = sqlite3_bind_int64(statement_, nextParameter_++, value);
    if (code != SQLITE_OK) db_.fail(code);
    return *this;
}

SqliteStatement& SqliteStatement::bind(const std::string& value) {
    const int code =
        sqlite3_bind_text(statement_, nextParameter_++, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    if (code != SQLITE_OK) db_.fail(code);
    return *this;
}

bool SqliteStatement::step() {
    const int code = sqlite3_step(statement_);
    if (code == SQLITE_ROW) return true;
    if (code == SQLITE_DONE) return false;
    db_.fail(code);
}

void SqliteStatement::run() {
    while (step()) {
    }
    reset();
}

void SqliteStatement::reset() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
    nextParameter_ = 1;
}

std::int64_t SqliteStatement::integer(int column) const { return sqlite3_column_int64(statement_, column); }

std::string SqliteStatement::text(int column) const {
    const auto* bytes = sqlite3_column_text(statement_, column);
    return bytes ? reinterpret_cast<const char*>(bytes) : "";
}

SqliteTransaction::SqliteTransaction(SqliteDatabase& db) : db_(db) { db_.execute("BEGIN IMMEDIATE"); }

SqliteTransaction::~SqliteTransaction() {
    if (!done_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void SqliteTransaction::commit() {
    db_.execute("COMMIT");
    done_ = true;
}

}  // namespace wirekit::bwmeter
