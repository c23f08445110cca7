// sqlite_connection.h — the SQLite helpers SqliteStore's files share (internal: sqlite_store.cpp
// and sqlite_writes.cpp only): a thread's connection with its prepared statements, a statement
// bound and stepped through RAII, and the error a failed call becomes.
//
// Threading: a Conn belongs to one thread (SqliteStore::conn() keeps one per thread and store);
// Stmt wraps one of its statements for one call. Errors: db_error() turns the connection's last
// message into an Unavailable StoreError; nothing here throws but std::bad_alloc.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <unordered_map>

#include "server/sqlite_store.h"

namespace bk::server {

inline StoreError db_error(sqlite3* db, const char* what) {
    return store_unavailable(std::string("sqlite ") + what + ": " + (db ? sqlite3_errmsg(db) : "no connection"));
}

// A prepared statement bound and stepped through a small RAII helper.
class Stmt {
public:
    explicit Stmt(sqlite3_stmt* s) : s_(s) {}
    ~Stmt() { if (s_) { sqlite3_reset(s_); sqlite3_clear_bindings(s_); } }
    Stmt& bind(int i, int64_t v) { sqlite3_bind_int64(s_, i, v); return *this; }
    Stmt& bind(int i, const std::string& v) { sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT); return *this; }
    int step() { return sqlite3_step(s_); }
    int64_t i64(int col) const { return sqlite3_column_int64(s_, col); }
    std::string text(int col) const {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
        return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(s_, col))) : std::string();
    }

private:
    sqlite3_stmt* s_;
};

// tracking, national_id, eligible, valid_until, at (the receipts table since schema version 3).
inline void bind_receipt(Stmt& s, const ReceiptRecord& r) {
    s.bind(1, r.trackingCode).bind(2, static_cast<int64_t>(std::strtoll(r.nationalId.c_str(), nullptr, 10))).bind(3, int64_t{r.eligible}).bind(4, r.validUntilDays).bind(5, r.atMs);
}

class SqliteStore::Conn {
public:
    sqlite3* db = nullptr;
    std::unordered_map<const char*, sqlite3_stmt*> cache;
    const SqliteStore* commit_veto = nullptr; // the store whose commit hook this connection has

    ~Conn() {
        for (auto& [sql, s] : cache) sqlite3_finalize(s);
        if (db) sqlite3_close_v2(db);
    }
    sqlite3_stmt* prepare(const char* sql) {
        if (!db) return nullptr;
        auto it = cache.find(sql);
        if (it != cache.end()) return it->second;
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK) return nullptr;
        cache[sql] = s;
        return s;
    }
    bool exec(const char* sql) { return db && sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK; }
};

} // namespace bk::server
