// pg_connection.h — how PgStore talks to PostgreSQL (internal: pg_store.cpp and
// pg_connection.cpp only): a connection with every statement prepared, a result freed on scope
// exit and read as rows, a pooled connection borrowed for one call, and how an error is told
// apart — a lost connection (the store reconnects) from a database refusing a write.
//
// Threading: a Conn is used by one thread at a time (the pool hands it out; the writer thread
// owns its own). PgRes and PgRow are plain values. Errors are StoreError values (Lease::run) or
// booleans (Conn::ready); nothing throws but std::bad_alloc.
#pragma once
#include <libpq-fe.h>

#include <array>
#include <cstdlib>
#include <initializer_list>
#include <string>
#include <vector>

#include "server/pg_store.h"

namespace bk::server {

// The server's message without DETAIL (which can quote the values of a row): the primary
// message and the SQLSTATE.
std::string pg_message(const PGresult* r, PGconn* c);
// The connection is gone or going (SQLSTATE class 57 or 08, or a broken link), rather than the
// database refusing a statement.
bool connection_lost(const PGresult* r, PGconn* c);

struct PgStore::Conn {
    PGconn* pg = nullptr;
    bool prepared = false;
    ~Conn() { if (pg) PQfinish(pg); }

    // Connected and prepared, reconnecting if the server went away meanwhile. False when the
    // server cannot be reached or a statement cannot be prepared (tried again on the next call).
    bool ready(const std::string& url);
};

// One row of a result, as store_rows.h reads it: column c is the row's columns[c].
class PgRow {
public:
    PgRow(const class PgRes& r, int row, std::array<int, 7> columns) : r_(r), row_(row), columns_(columns) {}
    long long i64(int c) const;
    std::string text(int c) const;

private:
    const class PgRes& r_;
    int row_;
    std::array<int, 7> columns_;
};
constexpr std::array<int, 7> kInOrder = {0, 1, 2, 3, 4, 5, 6};

// A query's result, freed on scope exit.
class PgRes {
public:
    explicit PgRes(PGresult* r = nullptr) : r_(r) {}
    ~PgRes() { if (r_) PQclear(r_); }
    PgRes(PgRes&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
    PGresult* get() const { return r_; }
    int rows() const { return PQntuples(r_); }
    std::string text(int row, int col) const { return std::string(PQgetvalue(r_, row, col), static_cast<size_t>(PQgetlength(r_, row, col))); }
    long long i64(int row, int col) const { return std::strtoll(PQgetvalue(r_, row, col), nullptr, 10); }
    bool null(int row, int col) const { return PQgetisnull(r_, row, col); }
    std::string sqlstate() const { const char* s = PQresultErrorField(r_, PG_DIAG_SQLSTATE); return s ? s : ""; }
    PgRow row(int row, std::array<int, 7> columns = kInOrder) const { return PgRow(*this, row, columns); }

private:
    PGresult* r_;
};

// A connection borrowed from the pool for one call.
class PgStore::Lease {
public:
    explicit Lease(PgStore& s) : s_(s), c_(s.acquire()) {}
    ~Lease() { s_.release(c_); }
    // Runs a prepared statement with text parameters. Duplicate for a unique violation;
    // Unavailable for anything else (connection or server trouble), recorded for health() when
    // the statement writes.
    StoreResult<PgRes> run(const char* name, std::initializer_list<std::string> params, bool writes = false) {
        return run(name, std::vector<std::string>(params), writes);
    }
    StoreResult<PgRes> run(const char* name, const std::vector<std::string>& params, bool writes = false) {
        if (!c_->ready(s_.url_)) {
            StoreError e = store_unavailable(std::string("postgres connect: ") + (c_->pg ? PQerrorMessage(c_->pg) : "no connection"));
            if (writes) s_.writes_.failed(e, WriteHealth::Cause::Disconnected);
            return e;
        }
        const char* values[12];
        int n = 0;
        for (const std::string& p : params) {
            if (n == 12) return store_unavailable(std::string("postgres ") + name + ": too many parameters");
            values[n++] = p.c_str();
        }
        PgRes r(PQexecPrepared(c_->pg, name, n, values, nullptr, nullptr, 0));
        const ExecStatusType st = PQresultStatus(r.get());
        if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) return r;
        if (r.sqlstate() == "23505") return store_error(StoreErrorKind::Duplicate);
        const bool lost = connection_lost(r.get(), c_->pg);
        if (lost) c_->prepared = false;
        StoreError e = store_unavailable(std::string("postgres ") + name + ": " + pg_message(r.get(), c_->pg));
        if (writes) s_.writes_.failed(e, lost ? WriteHealth::Cause::Disconnected : WriteHealth::Cause::Refused);
        return e;
    }
    PGconn* pg() { return c_->ready(s_.url_) ? c_->pg : nullptr; }

private:
    PgStore& s_;
    Conn* c_;
};

} // namespace bk::server
