#include "server/pg_store.h"

#include <libpq-fe.h>

#include <cstdio>
#include <cstdlib>
#include <initializer_list>

namespace bk::server {

namespace {

Error unavailable(const std::string& what) { return make_error("storage_unavailable", what); }

// Statements prepared on every connection (name, SQL).
const std::pair<const char*, const char*> kStatements[] = {
    {"find_person", "SELECT main_id, relation, insurance, gender, birth, covered_until, flags FROM persons WHERE id = $1"},
    {"put_person",
     "INSERT INTO persons(id, main_id, relation, insurance, gender, birth, covered_until, flags) VALUES($1,$2,$3,$4,$5,$6,$7,$8) "
     "ON CONFLICT (id) DO UPDATE SET main_id = EXCLUDED.main_id, relation = EXCLUDED.relation, insurance = EXCLUDED.insurance, "
     "gender = EXCLUDED.gender, birth = EXCLUDED.birth, covered_until = EXCLUDED.covered_until, flags = EXCLUDED.flags"},
    {"insert_code",
     "INSERT INTO codes(hash, mobile, channel, issued_at, activate_by, activated_at, total, remaining) VALUES($1,$2,$3,$4,$5,$6,$7,$8) "
     "ON CONFLICT (hash) DO NOTHING"},
    {"find_code", "SELECT mobile, channel, issued_at, activate_by, activated_at, total, remaining FROM codes WHERE hash = $1"},
    {"activate_code",
     "WITH u AS (UPDATE codes SET activated_at = $2 WHERE hash = $1 AND activated_at = 0 AND activate_by > $2 RETURNING activated_at) "
     "SELECT coalesce((SELECT activated_at FROM u), (SELECT activated_at FROM codes WHERE hash = $1))"},
    // One statement: the credit and the log row land together or not at all.
    {"spend_and_log",
     "WITH s AS (UPDATE codes SET remaining = remaining - 1 WHERE hash = $1 AND activated_at > 0 AND remaining > 0 RETURNING remaining), "
     "i AS (INSERT INTO inquiries(tracking, code_hash, national_id, outcome, answer, at) SELECT $2, $1, $3, $4, $5, $6 FROM s RETURNING 1) "
     "SELECT remaining FROM s"},
    {"log_inquiry", "INSERT INTO inquiries(tracking, code_hash, national_id, outcome, answer, at) VALUES($1,$2,$3,$4,$5,$6)"},
    {"find_inquiry", "SELECT code_hash, national_id, outcome, answer, at FROM inquiries WHERE tracking = $1"},
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
    {"ping", "SELECT 1"},
};

const char* kSchemaV1 =
    "CREATE TABLE IF NOT EXISTS persons(id BIGINT PRIMARY KEY, main_id BIGINT NOT NULL, relation SMALLINT NOT NULL,"
    "  insurance SMALLINT NOT NULL, gender CHAR(1) NOT NULL, birth INTEGER NOT NULL, covered_until INTEGER NOT NULL,"
    "  flags SMALLINT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS codes(hash TEXT PRIMARY KEY, mobile TEXT NOT NULL, channel TEXT NOT NULL, issued_at BIGINT NOT NULL,"
    "  activate_by BIGINT NOT NULL, activated_at BIGINT NOT NULL, total INTEGER NOT NULL,"
    "  remaining INTEGER NOT NULL CHECK (remaining >= 0));"
    "CREATE TABLE IF NOT EXISTS sessions(token_hash TEXT PRIMARY KEY, code_hash TEXT NOT NULL, mobile TEXT NOT NULL,"
    "  created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS inquiries(tracking TEXT PRIMARY KEY, code_hash TEXT NOT NULL, national_id TEXT NOT NULL,"
    "  outcome TEXT NOT NULL, answer TEXT NOT NULL, at BIGINT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS counters(key TEXT NOT NULL, win BIGINT NOT NULL, count BIGINT NOT NULL, PRIMARY KEY (key, win));"
    "CREATE TABLE IF NOT EXISTS deadlines(key TEXT PRIMARY KEY, until BIGINT NOT NULL);";



} // namespace

// ---- connections ---------------------------------------------------------------------------------------------------

struct PgStore::Conn {
    PGconn* pg = nullptr;
    bool prepared = false;
    ~Conn() { if (pg) PQfinish(pg); }

    // Connected and prepared, reconnecting if the server went away meanwhile.
    bool ready(const std::string& url) {
        if (!pg) pg = PQconnectdb(url.c_str());
        else if (PQstatus(pg) != CONNECTION_OK) { PQreset(pg); prepared = false; }
        if (PQstatus(pg) != CONNECTION_OK) return false;
        if (prepared) return true;
        for (const auto& [name, sql] : kStatements) {
            PGresult* r = PQprepare(pg, name, sql, 0, nullptr);
            const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
            PQclear(r);
            if (!ok) return false;
        }
        prepared = true;
        return true;
    }
};

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

private:
    PGresult* r_;
};

// A connection borrowed from the pool for one call.
class PgStore::Lease {
public:
    explicit Lease(PgStore& s) : s_(s), c_(s.acquire()) {}
    ~Lease() { s_.release(c_); }
    // Runs a prepared statement with text parameters. Error: storage_unavailable (connection
    // or server trouble) or sqlstate:<code> for a constraint the caller may expect.
    Result<PgRes> run(const char* name, std::initializer_list<std::string> params) {
        if (!c_->ready(s_.url_)) return unavailable(std::string("connect: ") + (c_->pg ? PQerrorMessage(c_->pg) : "no connection"));
        const char* values[12];
        int n = 0;
        for (const std::string& p : params) values[n++] = p.c_str();
        PgRes r(PQexecPrepared(c_->pg, name, n, values, nullptr, nullptr, 0));
        const ExecStatusType st = PQresultStatus(r.get());
        if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) return r;
        const std::string state = r.sqlstate();
        if (state == "23505") return make_error("unique_violation");
        if (PQstatus(c_->pg) != CONNECTION_OK) c_->prepared = false;
        return unavailable(std::string(name) + ": " + PQerrorMessage(c_->pg));
    }
    PGconn* pg() { return c_->ready(s_.url_) ? c_->pg : nullptr; }

private:
    PgStore& s_;
    Conn* c_;
};

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

Result<std::unique_ptr<PgStore>> PgStore::open(const std::string& url, int pool_size) {
    std::unique_ptr<PgStore> store(new PgStore(url));
    for (int i = 0; i < pool_size; ++i) {
        store->all_.push_back(std::make_unique<Conn>());
        store->free_.push_back(store->all_.back().get());
    }
    // Migrations once, under an advisory lock: several servers may start together.
    PGconn* pg = PQconnectdb(url.c_str());
    if (PQstatus(pg) != CONNECTION_OK) {
        Error e = unavailable(std::string("connect: ") + PQerrorMessage(pg));
        PQfinish(pg);
        return e;
    }
    const std::string migrate = std::string("SELECT pg_advisory_lock(7405); CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL);") +
                                kSchemaV1 +
                                "INSERT INTO schema_version SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM schema_version);"
                                "SELECT pg_advisory_unlock(7405);";
    PGresult* r = PQexec(pg, migrate.c_str());
    const bool ok = PQresultStatus(r) == PGRES_TUPLES_OK || PQresultStatus(r) == PGRES_COMMAND_OK;
    std::string msg = PQerrorMessage(pg);
    PQclear(r);
    PQfinish(pg);
    if (!ok) return unavailable("migrate: " + msg);
    return store;
}

PgStore::PgStore(std::string url) : url_(std::move(url)) {}
PgStore::~PgStore() = default;

Status<> PgStore::ping() {
    Lease l(*this);
    auto r = l.run("ping", {});
    if (!r) return r.error();
    return Ok{};
}

// ---- registry ------------------------------------------------------------------------------------------------------

Status<> PgStore::put_persons(const std::function<void(const PersonSink&)>& produce) {
    Lease l(*this);
    PGconn* pg = l.pg();
    if (!pg) return unavailable("connect");
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
        Error e = unavailable(std::string("copy: ") + PQerrorMessage(pg));
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
        Error e = unavailable(std::string("load: ") + PQerrorMessage(pg));
        exec("ROLLBACK");
        return e;
    }
    exec("ANALYZE persons");
    return Ok{};
}

Result<std::optional<PersonRecord>> PgStore::find_person(const std::string& national_id) {
    Lease l(*this);
    auto r = l.run("find_person", {std::to_string(std::strtoll(national_id.c_str(), nullptr, 10))});
    if (!r) return r.error();
    if (r->rows() == 0) return std::optional<PersonRecord>{};
    PersonRecord p;
    p.nationalId = national_id;
    const long long main_id = r->i64(0, 0);
    p.mainId = main_id ? national_id_from_number(main_id) : "";
    p.relation = static_cast<Relation>(r->i64(0, 1));
    p.insuranceType = static_cast<InsuranceType>(r->i64(0, 2));
    const std::string g = r->text(0, 3);
    p.gender = g.empty() ? 'M' : g[0];
    p.birthDate = date_from_epoch_days(r->i64(0, 4));
    p.coveredUntil = date_from_epoch_days(r->i64(0, 5));
    const long long f = r->i64(0, 6);
    unpack_person_flags(p, f);
    return std::optional<PersonRecord>{p};
}

Status<> PgStore::put_person(const PersonRecord& p) {
    Lease l(*this);
    auto r = l.run("put_person", {std::to_string(std::strtoll(p.nationalId.c_str(), nullptr, 10)),
                                  p.mainId.empty() ? "0" : std::to_string(std::strtoll(p.mainId.c_str(), nullptr, 10)),
                                  std::to_string(static_cast<int>(p.relation)), std::to_string(static_cast<int>(p.insuranceType)),
                                  std::string(1, p.gender), std::to_string(days_from_epoch(p.birthDate)),
                                  std::to_string(days_from_epoch(p.coveredUntil)), std::to_string(pack_person_flags(p))});
    if (!r) return r.error();
    return Ok{};
}

// ---- credit codes and the inquiry log -------------------------------------------------------------------------------

Status<> PgStore::insert_code(const CodeRecord& c) {
    Lease l(*this);
    auto r = l.run("insert_code", {c.hash, c.mobile, c.channel, std::to_string(c.issuedAtMs), std::to_string(c.activateByMs),
                                   std::to_string(c.activatedAtMs), std::to_string(c.total), std::to_string(c.remaining)});
    if (!r) return r.error();
    if (std::string(PQcmdTuples(r->get())) == "0") return make_error("duplicate_code");
    return Ok{};
}

Result<std::optional<CodeRecord>> PgStore::find_code(const std::string& hash) {
    Lease l(*this);
    auto r = l.run("find_code", {hash});
    if (!r) return r.error();
    if (r->rows() == 0) return std::optional<CodeRecord>{};
    CodeRecord c;
    c.hash = hash;
    c.mobile = r->text(0, 0);
    c.channel = r->text(0, 1);
    c.issuedAtMs = r->i64(0, 2);
    c.activateByMs = r->i64(0, 3);
    c.activatedAtMs = r->i64(0, 4);
    c.total = static_cast<int>(r->i64(0, 5));
    c.remaining = static_cast<int>(r->i64(0, 6));
    return std::optional<CodeRecord>{c};
}

Result<bool> PgStore::activate_code(const std::string& hash, int64_t now_ms) {
    Lease l(*this);
    auto r = l.run("activate_code", {hash, std::to_string(now_ms)});
    if (!r) return r.error();
    return r->rows() == 1 && !r->null(0, 0) && r->i64(0, 0) != 0;
}

Result<int> PgStore::spend_and_log(const std::string& hash, const InquiryRecord& rec) {
    Lease l(*this);
    auto r = l.run("spend_and_log", {hash, rec.trackingCode, rec.nationalId, rec.outcome, rec.answerJson, std::to_string(rec.atMs)});
    if (!r) return r.error().code == "unique_violation" ? make_error("duplicate_tracking_code") : r.error();
    if (r->rows() == 0) return make_error("credit_exhausted");
    return static_cast<int>(r->i64(0, 0));
}

Status<> PgStore::log_inquiry(const InquiryRecord& rec) {
    Lease l(*this);
    auto r = l.run("log_inquiry", {rec.trackingCode, rec.codeHash, rec.nationalId, rec.outcome, rec.answerJson, std::to_string(rec.atMs)});
    if (!r) return r.error().code == "unique_violation" ? make_error("duplicate_tracking_code") : r.error();
    return Ok{};
}

Result<std::optional<InquiryRecord>> PgStore::find_inquiry(const std::string& tracking_code) {
    Lease l(*this);
    auto r = l.run("find_inquiry", {tracking_code});
    if (!r) return r.error();
    if (r->rows() == 0) return std::optional<InquiryRecord>{};
    InquiryRecord rec;
    rec.trackingCode = tracking_code;
    rec.codeHash = r->text(0, 0);
    rec.nationalId = r->text(0, 1);
    rec.outcome = r->text(0, 2);
    rec.answerJson = r->text(0, 3);
    rec.atMs = r->i64(0, 4);
    return std::optional<InquiryRecord>{rec};
}

// ---- sessions -------------------------------------------------------------------------------------------------------

Status<> PgStore::create_session(const SessionRecord& s) {
    Lease l(*this);
    auto r = l.run("create_session", {s.tokenHash, s.codeHash, s.mobile, std::to_string(s.createdAtMs), std::to_string(s.expiresAtMs)});
    if (!r) return r.error();
    return Ok{};
}

Result<std::optional<SessionRecord>> PgStore::find_session(const std::string& token_hash) {
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

Status<> PgStore::delete_session(const std::string& token_hash) {
    Lease l(*this);
    auto r = l.run("delete_session", {token_hash});
    if (!r) return r.error();
    return Ok{};
}

// ---- rate limits ----------------------------------------------------------------------------------------------------

Result<int64_t> PgStore::hit(const std::string& key, int64_t window_start) {
    Lease l(*this);
    auto r = l.run("hit", {key, std::to_string(window_start)});
    if (!r) return r.error();
    return static_cast<int64_t>(r->i64(0, 0));
}

Result<int64_t> PgStore::claim(const std::string& key, int64_t now_ms, int64_t until_ms) {
    Lease l(*this);
    auto r = l.run("claim", {key, std::to_string(until_ms), std::to_string(now_ms)});
    if (!r) return r.error().code == "unique_violation" ? claim(key, now_ms, until_ms) : r.error(); // a racing first insert
    return static_cast<int64_t>(r->i64(0, 0));
}

Result<int64_t> PgStore::deadline(const std::string& key) {
    Lease l(*this);
    auto r = l.run("deadline", {key});
    if (!r) return r.error();
    return r->rows() == 0 ? int64_t{0} : static_cast<int64_t>(r->i64(0, 0));
}

Status<> PgStore::forget(const std::string& key) {
    Lease l(*this);
    auto a = l.run("forget_counters", {key});
    if (!a) return a.error();
    auto b = l.run("forget_deadline", {key});
    if (!b) return b.error();
    return Ok{};
}

} // namespace bk::server
