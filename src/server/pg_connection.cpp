#include "server/pg_connection.h"

#include <cstring>

#include "server/store_rows.h"

namespace bk::server {

namespace {

// Statements prepared on every connection (name, SQL).
const std::pair<const char*, const char*> kStatements[] = {
    {"find_person", "SELECT " BK_PERSON_COLUMNS " FROM persons WHERE id = $1"},
    {"put_person",
     "INSERT INTO persons(id, main_id, relation, insurance, gender, birth, covered_until, flags) VALUES($1,$2,$3,$4,$5,$6,$7,$8) "
     "ON CONFLICT (id) DO UPDATE SET main_id = EXCLUDED.main_id, relation = EXCLUDED.relation, insurance = EXCLUDED.insurance, "
     "gender = EXCLUDED.gender, birth = EXCLUDED.birth, covered_until = EXCLUDED.covered_until, flags = EXCLUDED.flags"},
    {"insert_code",
     "INSERT INTO codes(hash, mobile, channel, issued_at, activate_by, activated_at, total, remaining) VALUES($1,$2,$3,$4,$5,$6,$7,$8) "
     "ON CONFLICT (hash) DO NOTHING"},
    {"find_code", "SELECT " BK_CODE_COLUMNS " FROM codes WHERE hash = $1"},
    {"activate_code",
     "WITH u AS (UPDATE codes SET activated_at = $2 WHERE hash = $1 AND activated_at = 0 AND activate_by > $2 RETURNING activated_at) "
     "SELECT coalesce((SELECT activated_at FROM u), (SELECT activated_at FROM codes WHERE hash = $1))"},
    // One statement: the credit and the receipt land together or not at all. The second column
    // (the code's state before) tells an exhausted code from one that is not there.
    {"spend_and_record",
     "WITH c AS (SELECT activated_at FROM codes WHERE hash = $1), "
     "s AS (UPDATE codes SET remaining = remaining - 1 WHERE hash = $1 AND activated_at > 0 AND remaining > 0 RETURNING remaining), "
     "i AS (INSERT INTO receipts(tracking, national_id, eligible, valid_until, at) SELECT $2, $3, $4, $5, $6 FROM s RETURNING 1) "
     "SELECT (SELECT remaining FROM s), (SELECT activated_at FROM c)"},
    {"record", "INSERT INTO receipts(tracking, national_id, eligible, valid_until, at) VALUES($1,$2,$3,$4,$5)"},
    {"find_receipt", "SELECT national_id, eligible::int, valid_until, at FROM receipts WHERE tracking = $1"},
    {"create_session",
     "INSERT INTO sessions(token_hash, code_hash, mobile, created_at, expires_at) VALUES($1,$2,$3,$4,$5) "
     "ON CONFLICT (token_hash) DO UPDATE SET code_hash = EXCLUDED.code_hash, expires_at = EXCLUDED.expires_at"},
    {"find_session", "SELECT code_hash, mobile, created_at, expires_at FROM sessions WHERE token_hash = $1"},
    {"delete_session", "DELETE FROM sessions WHERE token_hash = $1"},
    {"hit",
     "INSERT INTO counters(key, win, count) VALUES($1, $2, 1) ON CONFLICT (key, win) DO UPDATE SET count = counters.count + 1 "
     "RETURNING count"},
    {"claim",
     "WITH c AS (INSERT INTO deadlines(key, until) VALUES($1, $2) ON CONFLICT (key) DO UPDATE SET until = $2 "
     "WHERE deadlines.until <= $3 RETURNING until) "
     "SELECT CASE WHEN EXISTS (SELECT 1 FROM c) THEN 0 ELSE (SELECT until FROM deadlines WHERE key = $1) END"},
    {"deadline", "SELECT until FROM deadlines WHERE key = $1"},
    {"forget_counters", "DELETE FROM counters WHERE key = $1"},
    {"forget_deadline", "DELETE FROM deadlines WHERE key = $1"},
    // (The purges are store_rows.h's kPurges, prepared beside these.)
    // An inquiry's reads in one round trip: kind 0 the session, 1 its code, 2 the person, 3 the
    // main insured; columns a–c text, d–h bigint.
    {"read_for_inquiry",
     "WITH s AS (SELECT code_hash, mobile, created_at, expires_at FROM sessions WHERE token_hash = $1), "
     "p AS (SELECT id, main_id, relation, insurance, gender, birth, covered_until, flags FROM persons WHERE id = $2) "
     "SELECT 0, code_hash, mobile, NULL::text, created_at, expires_at, NULL::bigint, NULL::bigint, NULL::bigint FROM s "
     "UNION ALL SELECT 1, hash, mobile, channel, issued_at, activate_by, activated_at, total::bigint, remaining::bigint "
     "  FROM codes WHERE hash = (SELECT code_hash FROM s) "
     "UNION ALL SELECT 2, id::text, main_id::text, gender::text, relation::bigint, insurance::bigint, birth::bigint, "
     "  covered_until::bigint, flags::bigint FROM p "
     "UNION ALL SELECT 3, id::text, main_id::text, gender::text, relation::bigint, insurance::bigint, birth::bigint, "
     "  covered_until::bigint, flags::bigint FROM persons WHERE id = (SELECT main_id FROM p WHERE main_id <> 0)"},
    {"write_probe", "UPDATE health SET at = $1 WHERE id = 1"},
    {"ping", "SELECT 1"},
};

} // namespace

// The server's message without DETAIL (which can quote the values of a row): the primary
// message and the SQLSTATE.
std::string pg_message(const PGresult* r, PGconn* c) {
    const char* primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    if (primary) return std::string(primary) + (state ? std::string(" (SQLSTATE ") + state + ")" : "");
    return c ? PQerrorMessage(c) : "no connection";
}

// The connection is gone, or going: the server is shutting down or restarting (SQLSTATE class
// 57, operator intervention) or the link failed (class 08). The store recovers by reconnecting,
// so this is not the database refusing a write (write_health.h).
bool connection_lost(const PGresult* r, PGconn* c) {
    if (!c || PQstatus(c) != CONNECTION_OK) return true;
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    return state && (std::strncmp(state, "57", 2) == 0 || std::strncmp(state, "08", 2) == 0);
}

bool PgStore::Conn::ready(const std::string& url) {
    if (!pg) pg = PQconnectdb(url.c_str());
    else if (PQstatus(pg) != CONNECTION_OK) { PQreset(pg); prepared = false; }
    if (PQstatus(pg) != CONNECTION_OK) return false;
    if (prepared) return true;
    std::vector<std::pair<const char*, std::string>> all;
    for (const auto& [name, sql] : kStatements) all.emplace_back(name, sql);
    for (const Purge& purge : kPurges) all.emplace_back(purge.name, pg_placeholders(purge.sql));
    for (const auto& [name, sql] : all) {
        PGresult* r = PQprepare(pg, name, sql.c_str(), 0, nullptr);
        const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        PQclear(r);
        if (!ok) {
            // Some statements may be prepared already (the server went away midway): start
            // again on a new session next time, or every retry fails on "already exists".
            PQfinish(pg);
            pg = nullptr;
            return false;
        }
    }
    prepared = true;
    return true;
}

long long PgRow::i64(int c) const { return r_.i64(row_, columns_[c]); }
std::string PgRow::text(int c) const { return r_.text(row_, columns_[c]); }

PgStore::Conn* PgStore::acquire() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return !free_.empty(); });
    Conn* c = free_.back();
    free_.pop_back();
    return c;
}

void PgStore::release(Conn* c) {
    {
        std::lock_guard lock(mu_);
        free_.push_back(c);
    }
    cv_.notify_one();
}

} // namespace bk::server
