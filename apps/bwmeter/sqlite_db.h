// A thin RAII layer over SQLite's C API: the connection, prepared
// statements and transactions. The recording side of bwmeter uses SQLite
// directly rather than through POCO Data so that its binary maps no POCO
// library: on a router the daemon's resident memory is what counts.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>

namespace wirekit::bwmeter {

class SqliteDatabase {
public:
    enum class Mode { readOnly, readWrite };
    /// Opens `path` (read-write creates it). Throws std::runtime_error naming
    /// the path and SQLite's reason.
    SqliteDatabase(const std::string& path, Mode mode);
    ~SqliteDatabase();
    SqliteDatabase(const SqliteDatabase&) = delete;
    SqliteDatabase& operator=(const SqliteDatabase&) = delete;

    /// Runs statements that return no rows. Throws std::runtime_error.
    void execute(const std::string& sql);
    sqlite3* handle() const { return db_; }
    const std::string& path() const { return path_; }
    /// Throws std::runtime_error with SQLite's message for `code`.
    [[noreturn]] void fail(int code) const;

private:
    sqlite3* db_ = nullptr;
    std::string path_;
};

class SqliteStatement {
public:
    SqliteStatement(SqliteDatabase& db, const char* sql);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    /// Binds parameters 1, 2, ... in order; returns *this for chaining.
    SqliteStatement& bind(std::int64_t value);
    SqliteStatement& bind(const std::string& value);
    /// Steps once: true while a row is there. Throws on an error.
    bool step();
    /// Steps to the end (for statements without rows), then resets for reuse.
    void run();
    /// Clears bindings and rewinds, for the next use.
    void reset();
    std::int64_t integer(int column) const;
    std::string text(int column) const;

private:
    SqliteDatabase& db_;
    sqlite3_stmt* statement_ = nullptr;
    int nextParameter_ = 1;
};

/// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless committed.
class SqliteTransaction {
public:
    explicit SqliteTransaction(SqliteDatabase& db);
    ~SqliteTransaction();
    SqliteTransaction(const SqliteTransaction&) = delete;
    SqliteTransaction& operator=(const SqliteTransaction&) = delete;
    void commit();

private:
    SqliteDatabase& db_;
    bool done_ = false;
};

}  // namespace wirekit::bwmeter
