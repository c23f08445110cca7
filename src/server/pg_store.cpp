// pg_store.cpp — the storage contract on PostgreSQL (the connection layer is pg_connection.*).
// Sections, in order:
//   - opening and health
//   - registry
//   - credit codes and receipts
//   - sessions
//   - rate limits
//   - retention
#include "server/pg_store.h"

#include <libpq-fe.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>

#include "core/wait_for_reply.h"
#include "server/migrations.h"
#include "server/pg_connection.h"
#include "server/store_rows.h"

namespace bk::server {

namespace {

int64_t epoch_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

constexpr const char* kReadOnly =
    "the PostgreSQL database is read-only for this server's role: the server writes codes, sessions and receipts to it "
    "(check the role's privileges, default_transaction_read_only, and that this is the primary, not a standby)";
} // namespace

// ---- opening and health ------------------------------------------------------------------------------------------

StoreResult<std::unique_ptr<PgStore>> PgStore::open(const std::string& url, int pool_size) {
    std::unique_ptr<PgStore> store(new PgStore(url));
    for (int i = 0; i < std::max(1, pool_size); ++i) {
        store->all_.push_back(std::make_unique<Conn>());
        store->free_.push_back(store->all_.back().get());
    }
    PGconn* pg = PQconnectdb(url.c_str());
    if (PQstatus(pg) != CONNECTION_OK) {
        StoreError e = store_unavailable(std::string("cannot connect to PostgreSQL: ") + PQerrorMessage(pg));
        PQfinish(pg);
        return e;
    }
    auto exec = [pg](const std::string& sql, std::string& error) {
        PGresult* r = PQexec(pg, sql.c_str());
        const bool ok = PQresultStatus(r) == PGRES_TUPLES_OK || PQresultStatus(r) == PGRES_COMMAND_OK;
        if (!ok) error = pg_message(r, pg);
        PQclear(r);
        return ok;
    };
    // A standby or a role whose transactions are read-only cannot serve: say so in those words.
    {
        PGresult* r = PQexec(pg, "SELECT current_setting('transaction_read_only') = 'on' OR pg_is_in_recovery()");
        const bool read_only = PQresultStatus(r) == PGRES_TUPLES_OK && std::string(PQgetvalue(r, 0, 0)) == "t";
        PQclear(r);
        if (read_only) {
            PQfinish(pg);
            return store_unavailable(kReadOnly);
        }
    }
    // Migrations once, under an advisory lock: several servers may start together. Each
    // migration in its own transaction, recorded in schema_version.
    std::string error;
    bool ok = exec("SELECT pg_advisory_lock(7405)", error) &&
              exec("CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL)", error);
    int version = 0;
    if (ok) {
        PGresult* r = PQexec(pg, "SELECT coalesce(max(version), 0) FROM schema_version");
        if (PQresultStatus(r) == PGRES_TUPLES_OK) version = std::atoi(PQgetvalue(r, 0, 0));
        else { ok = false; error = pg_message(r, pg); }
        PQclear(r);
    }
    if (ok && version > schema_version())
        { ok = false; error = "the database has schema version " + std::to_string(version) + ", newer than this server knows"; }
    for (const Migration& m : migrations()) {
        if (!ok || m.version <= version) continue;
        ok = exec(std::string("BEGIN;") + m.postgres + "DELETE FROM schema_version; INSERT INTO schema_version VALUES (" +
                      std::to_string(m.version) + ");COMMIT;",
                  error);
        if (!ok) {
            std::string ignored;
            exec("ROLLBACK", ignored);
            error = "cannot migrate to schema version " + std::to_string(m.version) + " (" + m.what + "): " + error;
        }
    }
    std::string ignored;
    exec("SELECT pg_advisory_unlock(7405)", ignored);
    // A database at the current schema needs no writes to open: try one, so a read-only
    // role or a read-only standby is refused at start rather than failing every code later.
    if (ok && !exec("BEGIN; UPDATE health SET at = at WHERE id = 1; COMMIT;", error)) {
        exec("ROLLBACK", ignored);
        PQfinish(pg);
        return store_unavailable(std::string(kReadOnly) + ": " + error);
    }
    PQfinish(pg);
    if (!ok) return store_unavailable("PostgreSQL: " + error);
    return store;
}

PgStore::PgStore(std::string url) : url_(std::move(url)), writer_(std::make_unique<Conn>()) {
    batcher_ = std::make_unique<WriteBatcher>([this](const std::vector<PendingWrite>& b) { return write_batch(b); });
}
PgStore::~PgStore() { batcher_->stop(); } // answers every spend queued before the writer's connection closes

StoreStatus PgStore::health() {
    {
        Lease l(*this);
        auto r = l.run("ping", {});
        if (!r) return r.error();
    }
    return writes_.check([this]() -> StoreStatus {
        Lease l(*this);
        auto r = l.run("write_probe", {std::to_string(epoch_ms())}, true);
        if (!r) return r.error();
        return Ok{};
    });
}

// ---- registry ------------------------------------------------------------------------------------------------------

StoreStatus PgStore::put_persons(const std::function<void(const PersonSink&)>& produce) {
    Lease l(*this);
    PGconn* pg = l.pg();
    if (!pg) return store_unavailable("postgres connect");
    auto exec = [pg](const char* sql) {
        PGresult* r = PQexec(pg, sql);
        const ExecStatusType st = PQresultStatus(r);
        PQclear(r);
        return st;
    };
    // COPY into a staging table, then merge: all or nothing, and re-importing replaces rows.
    if (exec("BEGIN") != PGRES_COMMAND_OK ||
        exec("CREATE TEMP TABLE staging (LIKE persons INCLUDING DEFAULTS) ON COMMIT DROP") != PGRES_COMMAND_OK ||
        exec("COPY staging (id, main_id, relation, insurance, gender, birth, covered_until, flags) FROM STDIN") != PGRES_COPY_IN) {
        StoreError e = store_unavailable(std::string("postgres copy: ") + PQerrorMessage(pg));
        exec("ROLLBACK");
        return e;
    }
    std::string buf;
    bool failed = false;
    produce([&](const PersonRecord& p) {
        char line[160];
        const int n = std::snprintf(line, sizeof line, "%s\t%s\t%d\t%d\t%c\t%lld\t%lld\t%d\n", p.nationalId.c_str(),
                                    p.mainId.empty() ? "0" : p.mainId.c_str(), static_cast<int>(p.relation),
                                    static_cast<int>(p.insuranceType), p.gender, static_cast<long long>(days_from_epoch(p.birthDate)),
                                    static_cast<long long>(days_from_epoch(p.coveredUntil)), pack_person_flags(p));
        buf.append(line, static_cast<size_t>(n));
        if (buf.size() > (1 << 20)) {
            if (PQputCopyData(pg, buf.data(), static_cast<int>(buf.size())) != 1) failed = true;
            buf.clear();
        }
    });
    if (!buf.empty() && PQputCopyData(pg, buf.data(), static_cast<int>(buf.size())) != 1) failed = true;
    PQputCopyEnd(pg, failed ? "aborted" : nullptr);
    PGresult* r = PQgetResult(pg);
    failed = failed || PQresultStatus(r) != PGRES_COMMAND_OK;
    PQclear(r);
    while ((r = PQgetResult(pg))) PQclear(r);
    if (failed ||
        exec("INSERT INTO persons SELECT * FROM staging ON CONFLICT (id) DO UPDATE SET main_id = EXCLUDED.main_id, "
             "relation = EXCLUDED.relation, insurance = EXCLUDED.insurance, gender = EXCLUDED.gender, birth = EXCLUDED.birth, "
             "covered_until = EXCLUDED.covered_until, flags = EXCLUDED.flags") != PGRES_COMMAND_OK ||
        exec("COMMIT") != PGRES_COMMAND_OK) {
        StoreError e = store_unavailable(std::string("postgres load: ") + PQerrorMessage(pg));
        exec("ROLLBACK");
        return e;
    }
    exec("ANALYZE persons");
    return Ok{};
}

StoreResult<std::optional<PersonRecord>> PgStore::find_person(const std::string& national_id) {
    Lease l(*this);
    auto r = l.run("find_person", {std::to_string(std::strtoll(national_id.c_str(), nullptr, 10))});
    if (!r) return r.error();
    if (r->rows() == 0) return std::optional<PersonRecord>{};
    return std::optional<PersonRecord>{person_from_row(national_id, r->row(0))};
}

StoreResult<InquiryRead> PgStore::read_for_inquiry(const std::string& token_hash, const std::string& national_id) {
    Lease l(*this);
    auto r = l.run("read_for_inquiry", {token_hash, std::to_string(std::strtoll(national_id.c_str(), nullptr, 10))});
    if (!r) return r.error();
    InquiryRead out;
    // The union's person rows: id, main_id, gender (text), relation, insurance, birth,
    // covered_until, flags; its code row: hash, then BK_CODE_COLUMNS.
    auto person_at = [&r](int row) {
        return person_from_row(national_id_from_number(r->i64(row, 1)), r->row(row, {2, 4, 5, 3, 6, 7, 8}));
    };
    for (int row = 0; row < r->rows(); ++row) {
        switch (r->i64(row, 0)) {
        case 0:
            out.session = SessionRecord{token_hash, r->text(row, 1), r->text(row, 2), r->i64(row, 4), r->i64(row, 5)};
            break;
        case 1: out.code = code_from_row(r->text(row, 1), r->row(row, {2, 3, 4, 5, 6, 7, 8})); break;
        case 2: out.person = person_at(row); break;
        case 3: out.main = person_at(row); break;
        default: break;
        }
    }
    return out;
}

StoreStatus PgStore::put_person(const PersonRecord& p) {
    Lease l(*this);
    const PersonValues v = person_values(p);
    auto r = l.run("put_person", {std::to_string(v.id), std::to_string(v.mainId), std::to_string(v.relation), std::to_string(v.insurance),
                                  v.gender, std::to_string(v.birth), std::to_string(v.coveredUntil), std::to_string(v.flags)},
                   true);
    if (!r) return r.error();
    return Ok{};
}

// ---- credit codes and receipts ------------------------------------------------------------------------------------

StoreStatus PgStore::insert_code(const CodeRecord& c) {
    Lease l(*this);
    auto r = l.run("insert_code", {c.hash, c.mobile, c.channel, std::to_string(c.issuedAtMs), std::to_string(c.activateByMs),
                                   std::to_string(c.activatedAtMs), std::to_string(c.total), std::to_string(c.remaining)},
                   true);
    if (!r) return r.error();
    if (std::string(PQcmdTuples(r->get())) == "0") return store_error(StoreErrorKind::Duplicate);
    return Ok{};
}

StoreResult<std::optional<CodeRecord>> PgStore::find_code(const std::string& hash) {
    Lease l(*this);
    auto r = l.run("find_code", {hash});
    if (!r) return r.error();
    if (r->rows() == 0) return std::optional<CodeRecord>{};
    return std::optional<CodeRecord>{code_from_row(hash, r->row(0))};
}

StoreResult<bool> PgStore::activate_code(const std::string& hash, int64_t now_ms) {
    Lease l(*this);
    // A verification racing another: its UPDATE waits for the other's, finds the code already
    // active (so changes nothing) and then reads the row as its snapshot had it — pending. Not
    // active by this statement's lights is asked once more, with a new snapshot.
    for (int attempt = 0;; ++attempt) {
        auto r = l.run("activate_code", {hash, std::to_string(now_ms)}, true);
        if (!r) return r.error();
        const bool active = r->rows() == 1 && !r->null(0, 0) && r->i64(0, 0) != 0;
        if (active || attempt == 1) return active;
    }
}

namespace {
// tracking, national_id, eligible, valid_until, at (the receipts table since schema version 3).
std::vector<std::string> receipt_row(const ReceiptRecord& r) {
    return {r.trackingCode, std::to_string(std::strtoll(r.nationalId.c_str(), nullptr, 10)), r.eligible ? "true" : "false",
            std::to_string(r.validUntilDays), std::to_string(r.atMs)};
}
} // namespace

namespace {
// A spend statement's answer: the credit left, or why there was none.
StoreResult<int> spend_result(const PgRes& r) {
    if (!r.null(0, 0)) return static_cast<int>(r.i64(0, 0));
    const bool active = !r.null(0, 1) && r.i64(0, 1) > 0;
    return store_error(active ? StoreErrorKind::Exhausted : StoreErrorKind::NotFound);
}
} // namespace

// A spend alone, in its own transaction (one statement).
StoreResult<int> PgStore::spend_alone(Conn& c, const PendingWrite& w) {
    const std::vector<std::string> row = receipt_row(w.receipt);
    const char* values[6] = {w.codeHash.c_str(), row[0].c_str(), row[1].c_str(), row[2].c_str(), row[3].c_str(), row[4].c_str()};
    PgRes r(PQexecPrepared(c.pg, "spend_and_record", 6, values, nullptr, nullptr, 0));
    if (PQresultStatus(r.get()) == PGRES_TUPLES_OK) return spend_result(r);
    if (r.sqlstate() == "23505") return store_error(StoreErrorKind::Duplicate);
    return writer_failed(c, "spend_and_record", r.get());
}

StoreError PgStore::writer_failed(Conn& c, const char* what, const PGresult* r) {
    const bool lost = connection_lost(r, c.pg);
    if (lost) c.prepared = false;
    StoreError e = store_unavailable(std::string("postgres ") + what + ": " + pg_message(r, c.pg));
    writes_.failed(e, lost ? WriteHealth::Cause::Disconnected : WriteHealth::Cause::Refused);
    return e;
}

// The batch in one transaction and one round trip (libpq's pipeline mode): BEGIN, a spend
// statement for each, COMMIT. A tracking code that exists aborts the transaction (nothing of it
// is kept): then each spend is made alone, in its own transaction — a collision of 80-bit random
// codes, so practically never.
StoreResult<std::vector<StoreResult<int>>> PgStore::write_batch(const std::vector<PendingWrite>& batch) {
    Conn& c = *writer_;
    // A connection an earlier batch left mid-pipeline or mid-transaction (an exception midway:
    // std::bad_alloc) is dropped, never reused: its pending results must not be read as this
    // batch's, and the server rolls back what it held.
    if (c.pg && (PQpipelineStatus(c.pg) != PQ_PIPELINE_OFF || PQtransactionStatus(c.pg) != PQTRANS_IDLE)) {
        PQfinish(c.pg);
        c.pg = nullptr;
        c.prepared = false;
    }
    if (!c.ready(url_)) {
        StoreError e = store_unavailable(std::string("postgres connect: ") + (c.pg ? PQerrorMessage(c.pg) : "no connection"));
        writes_.failed(e, WriteHealth::Cause::Disconnected);
        return e;
    }
    std::vector<std::vector<std::string>> rows;
    rows.reserve(batch.size());
    bool sent = PQenterPipelineMode(c.pg) == 1 && PQsendQueryParams(c.pg, "BEGIN", 0, nullptr, nullptr, nullptr, nullptr, 0) == 1;
    for (const PendingWrite& w : batch) {
        if (!sent) break;
        rows.push_back(receipt_row(w.receipt));
        const std::vector<std::string>& row = rows.back();
        const char* values[6] = {w.codeHash.c_str(), row[0].c_str(), row[1].c_str(), row[2].c_str(), row[3].c_str(), row[4].c_str()};
        sent = PQsendQueryPrepared(c.pg, "spend_and_record", 6, values, nullptr, nullptr, 0) == 1;
    }
    sent = sent && PQsendQueryParams(c.pg, "COMMIT", 0, nullptr, nullptr, nullptr, nullptr, 0) == 1 && PQpipelineSync(c.pg) == 1;

    // Every query's result, then the sync.
    std::vector<StoreResult<int>> results;
    results.reserve(batch.size());
    StoreError failure;
    bool failed = !sent, duplicate = false;
    if (!sent) failure = writer_failed(c, "write batch", nullptr);
    for (size_t q = 0; sent && q < batch.size() + 2; ++q) {
        PgRes r(PQgetResult(c.pg));
        if (!r.get()) { failed = true; failure = writer_failed(c, "write batch", nullptr); break; }
        const ExecStatusType st = PQresultStatus(r.get());
        while (PGresult* extra = PQgetResult(c.pg)) PQclear(extra); // the NULL that ends each query's results
        if (st == PGRES_PIPELINE_ABORTED) continue;
        if (st == PGRES_FATAL_ERROR) {
            if (r.sqlstate() == "23505") duplicate = true;
            else if (!failed) { failed = true; failure = writer_failed(c, q + 1 == batch.size() + 2 ? "commit" : "write batch", r.get()); }
            continue;
        }
        if (q < 1 || q > batch.size()) continue;
        if (st != PGRES_TUPLES_OK || r.rows() != 1) {
            if (!failed) { failed = true; failure = store_unavailable("postgres write batch: an unexpected result"); }
            continue;
        }
        results.push_back(spend_result(r));
    }
    bool synced = false;
    for (int nulls = 0; sent && nulls < 4;) { // up to the sync (and past anything unexpected)
        PGresult* r = PQgetResult(c.pg);
        if (!r) { ++nulls; if (PQstatus(c.pg) != CONNECTION_OK) break; continue; }
        const bool sync = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
        PQclear(r);
        if (sync) { synced = true; break; }
    }
    if (sent && !synced && !failed) { failed = true; failure = writer_failed(c, "write batch", nullptr); }
    if (PQexitPipelineMode(c.pg) != 1) {
        // Results still pending (a connection lost midway): they must never be read as the next
        // batch's, so the connection goes, and the server rolls back whatever it held.
        PQfinish(c.pg);
        c.pg = nullptr;
        c.prepared = false;
        return failed ? failure : writer_failed(c, "write batch", nullptr);
    }
    if (!failed && !duplicate && results.size() == batch.size()) return results;
    // Not committed: a transaction left aborted is ended.
    PgRes(PQexec(c.pg, "ROLLBACK"));
    if (failed || !duplicate) return failed ? failure : store_unavailable("postgres write batch: a result is missing");
    results.clear();
    for (const PendingWrite& w : batch) results.push_back(spend_alone(c, w));
    return results;
}

StoreResult<int> PgStore::spend_and_record(const std::string& code_hash, const ReceiptRecord& receipt) {
    return wait_for_reply<StoreResult<int>>([&](SpendDone done) { spend_and_record_async(code_hash, receipt, std::move(done)); });
}

void PgStore::spend_and_record_async(const std::string& code_hash, const ReceiptRecord& receipt, SpendDone done) {
    if (StoreStatus queued = batcher_->submit_spend(code_hash, receipt, std::move(done)); !queued) writes_.failed(queued.error());
}

StoreStatus PgStore::record(const ReceiptRecord& receipt) {
    Lease l(*this);
    const std::vector<std::string> row = receipt_row(receipt);
    auto r = l.run("record", {row[0], row[1], row[2], row[3], row[4]}, true);
    if (!r) return r.error();
    return Ok{};
}

StoreResult<std::optional<ReceiptRecord>> PgStore::find_receipt(const std::string& tracking_code) {
    Lease l(*this);
    auto r = l.run("find_receipt", {tracking_code});
    if (!r) return r.error();
    if (r->rows() == 0) return std::optional<ReceiptRecord>{};
    return std::optional<ReceiptRecord>{ReceiptRecord{tracking_code, national_id_from_number(r->i64(0, 0)), r->i64(0, 1) != 0,
                                                      r->i64(0, 2), r->i64(0, 3)}};
}

// ---- sessions -------------------------------------------------------------------------------------------------------

StoreStatus PgStore::create_session(const SessionRecord& s) {
    Lease l(*this);
    auto r = l.run("create_session", {s.tokenHash, s.codeHash, s.mobile, std::to_string(s.createdAtMs), std::to_string(s.expiresAtMs)}, true);
    if (!r) return r.error();
    return Ok{};
}

StoreResult<std::optional<SessionRecord>> PgStore::find_session(const std::string& token_hash) {
    Lease l(*this);
    auto r = l.run("find_session", {token_hash});
    if (!r) return r.error();
    if (r->rows() == 0) return std::optional<SessionRecord>{};
    SessionRecord s;
    s.tokenHash = token_hash;
    s.codeHash = r->text(0, 0);
    s.mobile = r->text(0, 1);
    s.createdAtMs = r->i64(0, 2);
    s.expiresAtMs = r->i64(0, 3);
    return std::optional<SessionRecord>{s};
}

StoreStatus PgStore::delete_session(const std::string& token_hash) {
    Lease l(*this);
    auto r = l.run("delete_session", {token_hash}, true);
    if (!r) return r.error();
    return Ok{};
}

// ---- rate limits ----------------------------------------------------------------------------------------------------

StoreResult<int64_t> PgStore::hit(const std::string& key, int64_t window_start) {
    Lease l(*this);
    auto r = l.run("hit", {key, std::to_string(window_start)}, true);
    if (!r) return r.error();
    return static_cast<int64_t>(r->i64(0, 0));
}

StoreResult<int64_t> PgStore::claim(const std::string& key, int64_t now_ms, int64_t until_ms) {
    Lease l(*this);
    // Two first claims of a key race on its insert. The loser either sees a unique violation,
    // or waits for the winner's insert, finds the deadline still holding (nothing updated) and
    // then cannot read that row: it was committed after the statement's snapshot, so the answer
    // is NULL — not 0, which would say "claimed". Either way it asks again, with a new snapshot,
    // on the same connection (a second lease could wait forever on a busy pool).
    for (int attempt = 0;; ++attempt) {
        auto r = l.run("claim", {key, std::to_string(until_ms), std::to_string(now_ms)}, true);
        if (r && !r->null(0, 0)) return static_cast<int64_t>(r->i64(0, 0));
        if (!r && r.error().kind != StoreErrorKind::Duplicate) return r.error();
        if (attempt == 3) return store_unavailable("postgres claim: the key's insert kept racing"); // the contract's kind
    }
}

StoreResult<int64_t> PgStore::deadline(const std::string& key) {
    Lease l(*this);
    auto r = l.run("deadline", {key});
    if (!r) return r.error();
    return r->rows() == 0 ? int64_t{0} : static_cast<int64_t>(r->i64(0, 0));
}

StoreStatus PgStore::forget(const std::string& key) {
    Lease l(*this);
    auto a = l.run("forget_counters", {key}, true);
    if (!a) return a.error();
    auto b = l.run("forget_deadline", {key}, true);
    if (!b) return b.error();
    return Ok{};
}

// ---- retention ----------------------------------------------------------------------------------------------------

StoreResult<PurgeCounts> PgStore::purge_batch(const RetentionPolicy& p) {
    Lease l(*this);
    PurgeCounts n;
    // Each statement is its own short transaction of at most `batch` rows (the last parameter).
    for (const Purge& purge : kPurges) {
        std::vector<std::string> params;
        for (int i = 0; i < purge.count; ++i) params.push_back(std::to_string(p.*purge.params[i]));
        params.push_back(std::to_string(p.batch));
        auto r = l.run(purge.name, params, true);
        if (!r) return r.error();
        n.*purge.deleted = std::strtoll(PQcmdTuples(r->get()), nullptr, 10);
    }
    return n;
}

} // namespace bk::server
