#include "server/sqlite_store.h"

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <unordered_map>

namespace bk::server {

// ---- connection + statements ------------------------------------------------------------------------------

namespace {

Error db_error(sqlite3* db, const char* what) {
    return make_error("storage_unavailable", std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "no connection"));
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

std::atomic<uint64_t> g_next_store_id{1};

constexpr int kSchemaVersion = 1;

const char* kMigrations[] = {
    // v1
    "CREATE TABLE persons("
    "  id INTEGER PRIMARY KEY,"          // the national ID as a number (printed %010lld)
    "  main_id INTEGER NOT NULL,"        // 0 for a main insured
    "  relation INTEGER NOT NULL, insurance INTEGER NOT NULL, gender TEXT NOT NULL,"
    "  birth INTEGER NOT NULL, covered_until INTEGER NOT NULL,"  // days since 1970-01-01
    "  flags INTEGER NOT NULL);"         // 1 revoked, 2 married, 4 employed, 8 studying, 16 disabled
    "CREATE TABLE codes(hash TEXT PRIMARY KEY, mobile TEXT NOT NULL, channel TEXT NOT NULL, issued_at INTEGER NOT NULL,"
    "  activate_by INTEGER NOT NULL, activated_at INTEGER NOT NULL, total INTEGER NOT NULL,"
    "  remaining INTEGER NOT NULL CHECK (remaining >= 0)) WITHOUT ROWID;"
    "CREATE TABLE sessions(token_hash TEXT PRIMARY KEY, code_hash TEXT NOT NULL, mobile TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE inquiries(tracking TEXT PRIMARY KEY, code_hash TEXT NOT NULL, national_id TEXT NOT NULL,"
    "  outcome TEXT NOT NULL, answer TEXT NOT NULL, at INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE counters(key TEXT NOT NULL, window INTEGER NOT NULL, count INTEGER NOT NULL,"
    "  PRIMARY KEY (key, window)) WITHOUT ROWID;"
    "CREATE TABLE deadlines(key TEXT PRIMARY KEY, until INTEGER NOT NULL) WITHOUT ROWID;",
};



} // namespace

class SqliteStore::Conn {
public:
    sqlite3* db = nullptr;
    std::unordered_map<const char*, sqlite3_stmt*> cache;

    ~Conn() {
        for (auto& [sql, s] : cache) sqlite3_finalize(s);
        if (db) sqlite3_close_v2(db);
    }
    sqlite3_stmt* prepare(const char* sql) {
        auto it = cache.find(sql);
        if (it != cache.end()) return it->second;
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK) return nullptr;
        cache[sql] = s;
        return s;
    }
    bool exec(const char* sql) { return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK; }
};

SqliteStore::Conn& SqliteStore::conn() {
    // One connection per (thread, store): SQLite connections are not shared across threads here.
    thread_local std::unordered_map<uint64_t, std::unique_ptr<Conn>> conns;
    auto& c = conns[id_];
    if (!c) {
        c = std::make_unique<Conn>();
        if (sqlite3_open_v2(path_.c_str(), &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) == SQLITE_OK) {
            sqlite3_busy_timeout(c->db, 5000); // first: never "database is locked" under contention
            c->exec("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=OFF; PRAGMA cache_size=-8000;");
        }
    }
    return *c;
}

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::string& path) {
    std::unique_ptr<SqliteStore> store(new SqliteStore(path));
    store->id_ = g_next_store_id++;
    // Create the file and switch it to WAL once, from one connection.
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
        Error e = db_error(db, "open");
        sqlite3_close_v2(db);
        return e;
    }
    sqlite3_busy_timeout(db, 5000);
    sqlite3_exec(db, "PRAGMA journal_mode=WAL;", nullptr, nullptr, nullptr);
    // Migrations: each step in its own transaction, recorded in user_version.
    int version = 0;
    {
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, nullptr);
        if (s && sqlite3_step(s) == SQLITE_ROW) version = sqlite3_column_int(s, 0);
        sqlite3_finalize(s);
    }
    for (int v = version; v < kSchemaVersion; ++v) {
        const std::string sql = std::string("BEGIN IMMEDIATE;") + kMigrations[v] + "PRAGMA user_version=" + std::to_string(v + 1) + ";COMMIT;";
        if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
            Error e = db_error(db, "migrate");
            sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
            sqlite3_close_v2(db);
            return e;
        }
    }
    sqlite3_close_v2(db);
    if (!store->conn().db) return make_error("storage_unavailable", "cannot open " + path);
    store->writer_ = std::thread([s = store.get()] { s->receipt_writer(); });
    return store;
}

SqliteStore::~SqliteStore() {
    {
        std::lock_guard lock(q_mu_);
        stopping_ = true;
    }
    q_cv_.notify_all();
    if (writer_.joinable()) writer_.join(); // writes what is queued before it ends
}

void SqliteStore::receipt_writer() {
    std::unique_lock lock(q_mu_);
    for (;;) {
        q_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return; // stopping, nothing left
        inflight_.swap(queue_);
        writing_ = inflight_.size();
        lock.unlock();
        Status<> ok = write_receipts(inflight_);
        lock.lock();
        std::deque<InquiryRecord> batch;
        batch.swap(inflight_);
        if (!ok) {
            // The database did not take them: back to the front of the queue, try again shortly.
            for (auto it = batch.rbegin(); it != batch.rend(); ++it) queue_.push_front(std::move(*it));
            writing_ = 0;
            if (stopping_) return;
            q_cv_.wait_for(lock, std::chrono::milliseconds(200));
            continue;
        }
        writing_ = 0;
        q_done_.notify_all();
    }
}

Status<> SqliteStore::write_receipts(const std::deque<InquiryRecord>& batch) {
    Conn& c = conn();
    sqlite3_stmt* log = c.prepare("INSERT OR IGNORE INTO inquiries(tracking, code_hash, national_id, outcome, answer, at) VALUES(?,?,?,?,?,?)");
    if (!log || !c.exec("BEGIN IMMEDIATE")) return db_error(c.db, "receipts");
    for (const InquiryRecord& rec : batch) {
        Stmt s(log);
        s.bind(1, rec.trackingCode).bind(2, rec.codeHash).bind(3, rec.nationalId).bind(4, rec.outcome).bind(5, rec.answerJson).bind(6, rec.atMs);
        if (s.step() != SQLITE_DONE) { Error e = db_error(c.db, "receipts"); c.exec("ROLLBACK"); return e; }
    }
    if (!c.exec("COMMIT")) { Error e = db_error(c.db, "commit"); c.exec("ROLLBACK"); return e; }
    return Ok{};
}

void SqliteStore::flush_receipts() {
    std::unique_lock lock(q_mu_);
    q_done_.wait(lock, [this] { return queue_.empty() && writing_ == 0; });
}

Status<> SqliteStore::ping() {
    Conn& c = conn();
    sqlite3_stmt* p = c.prepare("SELECT 1");
    if (!p) return db_error(c.db, "ping");
    Stmt s(p);
    if (s.step() != SQLITE_ROW) return db_error(c.db, "ping");
    return Ok{};
}

// ---- registry ------------------------------------------------------------------------------------------------

static const char* kPutPerson =
    "INSERT OR REPLACE INTO persons(id, main_id, relation, insurance, gender, birth, covered_until, flags) VALUES(?,?,?,?,?,?,?,?)";

static bool bind_person(Stmt& s, const PersonRecord& p) {
    s.bind(1, std::strtoll(p.nationalId.c_str(), nullptr, 10))
        .bind(2, p.mainId.empty() ? 0 : std::strtoll(p.mainId.c_str(), nullptr, 10))
        .bind(3, static_cast<int64_t>(p.relation))
        .bind(4, static_cast<int64_t>(p.insuranceType))
        .bind(5, std::string(1, p.gender))
        .bind(6, days_from_epoch(p.birthDate))
        .bind(7, days_from_epoch(p.coveredUntil))
        .bind(8, pack_person_flags(p));
    return s.step() == SQLITE_DONE;
}

Status<> SqliteStore::put_person(const PersonRecord& p) {
    Conn& c = conn();
    sqlite3_stmt* stmt = c.prepare(kPutPerson);
    if (!stmt) return db_error(c.db, "put_person");
    Stmt s(stmt);
    if (!bind_person(s, p)) return db_error(c.db, "put_person");
    return Ok{};
}

Status<> SqliteStore::put_persons(const std::function<void(const PersonSink&)>& produce) {
    Conn& c = conn();
    if (!c.exec("BEGIN IMMEDIATE")) return db_error(c.db, "begin");
    sqlite3_stmt* stmt = c.prepare(kPutPerson);
    bool failed = stmt == nullptr;
    Error first;
    produce([&](const PersonRecord& p) {
        if (failed) return;
        Stmt s(stmt);
        if (!bind_person(s, p)) { failed = true; first = db_error(c.db, "put_persons"); }
    });
    if (failed || !c.exec("COMMIT")) {
        if (first.code.empty()) first = db_error(c.db, "commit");
        c.exec("ROLLBACK");
        return first;
    }
    return Ok{};
}

Result<std::optional<PersonRecord>> SqliteStore::find_person(const std::string& national_id) {
    Conn& c = conn();
    sqlite3_stmt* stmt = c.prepare(
        "SELECT main_id, relation, insurance, gender, birth, covered_until, flags FROM persons WHERE id = ?");
    if (!stmt) return db_error(c.db, "find_person");
    Stmt s(stmt);
    s.bind(1, std::strtoll(national_id.c_str(), nullptr, 10));
    const int rc = s.step();
    if (rc == SQLITE_DONE) return std::optional<PersonRecord>{};
    if (rc != SQLITE_ROW) return db_error(c.db, "find_person");
    PersonRecord p;
    p.nationalId = national_id;
    const int64_t main_id = s.i64(0);
    p.mainId = main_id ? national_id_from_number(main_id) : "";
    p.relation = static_cast<Relation>(s.i64(1));
    p.insuranceType = static_cast<InsuranceType>(s.i64(2));
    const std::string g = s.text(3);
    p.gender = g.empty() ? 'M' : g[0];
    p.birthDate = date_from_epoch_days(s.i64(4));
    p.coveredUntil = date_from_epoch_days(s.i64(5));
    const int64_t f = s.i64(6);
    unpack_person_flags(p, f);
    return std::optional<PersonRecord>{p};
}

// ---- credit codes and the inquiry log ------------------------------------------------------------------------

Status<> SqliteStore::insert_code(const CodeRecord& r) {
    Conn& c = conn();
    sqlite3_stmt* stmt = c.prepare("INSERT INTO codes(hash, mobile, channel, issued_at, activate_by, activated_at, total, remaining) "
                                   "VALUES(?,?,?,?,?,?,?,?)");
    if (!stmt) return db_error(c.db, "insert_code");
    Stmt s(stmt);
    s.bind(1, r.hash).bind(2, r.mobile).bind(3, r.channel).bind(4, r.issuedAtMs).bind(5, r.activateByMs)
        .bind(6, r.activatedAtMs).bind(7, r.total).bind(8, r.remaining);
    const int rc = s.step();
    if (rc == SQLITE_CONSTRAINT) return make_error("duplicate_code");
    if (rc != SQLITE_DONE) return db_error(c.db, "insert_code");
    return Ok{};
}

Result<std::optional<CodeRecord>> SqliteStore::find_code(const std::string& hash) {
    Conn& c = conn();
    sqlite3_stmt* stmt = c.prepare("SELECT mobile, channel, issued_at, activate_by, activated_at, total, remaining FROM codes WHERE hash = ?");
    if (!stmt) return db_error(c.db, "find_code");
    Stmt s(stmt);
    s.bind(1, hash);
    const int rc = s.step();
    if (rc == SQLITE_DONE) return std::optional<CodeRecord>{};
    if (rc != SQLITE_ROW) return db_error(c.db, "find_code");
    CodeRecord r;
    r.hash = hash;
    r.mobile = s.text(0);
    r.channel = s.text(1);
    r.issuedAtMs = s.i64(2);
    r.activateByMs = s.i64(3);
    r.activatedAtMs = s.i64(4);
    r.total = static_cast<int>(s.i64(5));
    r.remaining = static_cast<int>(s.i64(6));
    return std::optional<CodeRecord>{r};
}

Result<bool> SqliteStore::activate_code(const std::string& hash, int64_t now_ms) {
    Conn& c = conn();
    sqlite3_stmt* upd = c.prepare("UPDATE codes SET activated_at = ?1 WHERE hash = ?2 AND activated_at = 0 AND activate_by > ?1");
    sqlite3_stmt* sel = c.prepare("SELECT activated_at FROM codes WHERE hash = ?");
    if (!upd || !sel) return db_error(c.db, "activate_code");
    {
        Stmt s(upd);
        s.bind(1, now_ms).bind(2, hash);
        if (s.step() != SQLITE_DONE) return db_error(c.db, "activate_code");
    }
    Stmt s(sel);
    s.bind(1, hash);
    const int rc = s.step();
    if (rc == SQLITE_DONE) return false;
    if (rc != SQLITE_ROW) return db_error(c.db, "activate_code");
    return s.i64(0) != 0;
}

Result<int> SqliteStore::spend_and_log(const std::string& hash, const InquiryRecord& rec) {
    Conn& c = conn();
    sqlite3_stmt* spend = c.prepare(
        "UPDATE codes SET remaining = remaining - 1 WHERE hash = ? AND activated_at > 0 AND remaining > 0 RETURNING remaining");
    sqlite3_stmt* log = c.prepare("INSERT INTO inquiries(tracking, code_hash, national_id, outcome, answer, at) VALUES(?,?,?,?,?,?)");
    if (!spend || !log) return db_error(c.db, "spend_and_log");
    // One write transaction: the credit and the log row land together or not at all.
    if (!c.exec("BEGIN IMMEDIATE")) return db_error(c.db, "begin");
    int remaining = -1;
    {
        Stmt s(spend);
        s.bind(1, hash);
        const int rc = s.step();
        if (rc == SQLITE_ROW) remaining = static_cast<int>(s.i64(0));
        else if (rc != SQLITE_DONE) { Error e = db_error(c.db, "spend"); c.exec("ROLLBACK"); return e; }
        if (rc == SQLITE_ROW && s.step() != SQLITE_DONE) { Error e = db_error(c.db, "spend"); c.exec("ROLLBACK"); return e; }
    }
    if (remaining < 0) {
        c.exec("ROLLBACK");
        return make_error("credit_exhausted");
    }
    {
        Stmt s(log);
        s.bind(1, rec.trackingCode).bind(2, rec.codeHash).bind(3, rec.nationalId).bind(4, rec.outcome).bind(5, rec.answerJson).bind(6, rec.atMs);
        const int rc = s.step();
        if (rc != SQLITE_DONE) {
            Error e = rc == SQLITE_CONSTRAINT ? make_error("duplicate_tracking_code") : db_error(c.db, "log");
            c.exec("ROLLBACK");
            return e;
        }
    }
    if (!c.exec("COMMIT")) { Error e = db_error(c.db, "commit"); c.exec("ROLLBACK"); return e; }
    return remaining;
}

Status<> SqliteStore::log_inquiry(const InquiryRecord& rec) {
    {
        std::lock_guard lock(q_mu_);
        if (queue_.size() > 100000) return make_error("storage_unavailable", "receipt queue full"); // the database is not keeping up
        queue_.push_back(rec);
    }
    q_cv_.notify_one();
    return Ok{};
}

Result<std::optional<InquiryRecord>> SqliteStore::find_inquiry(const std::string& tracking_code) {
    {
        std::lock_guard lock(q_mu_); // a receipt still on its way to the database
        for (const auto* q : {&queue_, &inflight_})
            for (const InquiryRecord& r : *q)
                if (r.trackingCode == tracking_code) return std::optional<InquiryRecord>{r};
    }
    Conn& c = conn();
    sqlite3_stmt* stmt = c.prepare("SELECT code_hash, national_id, outcome, answer, at FROM inquiries WHERE tracking = ?");
    if (!stmt) return db_error(c.db, "find_inquiry");
    Stmt s(stmt);
    s.bind(1, tracking_code);
    const int rc = s.step();
    if (rc == SQLITE_DONE) return std::optional<InquiryRecord>{};
    if (rc != SQLITE_ROW) return db_error(c.db, "find_inquiry");
    InquiryRecord r;
    r.trackingCode = tracking_code;
    r.codeHash = s.text(0);
    r.nationalId = s.text(1);
    r.outcome = s.text(2);
    r.answerJson = s.text(3);
    r.atMs = s.i64(4);
    return std::optional<InquiryRecord>{r};
}

// ---- sessions ------------------------------------------------------------------------------------------------

Status<> SqliteStore::create_session(const SessionRecord& r) {
    Conn& c = conn();
    sqlite3_stmt* stmt = c.prepare("INSERT OR REPLACE INTO sessions(token_hash, code_hash, mobile, created_at, expires_at) VALUES(?,?,?,?,?)");
    if (!stmt) return db_error(c.db, "create_session");
    Stmt s(stmt);
    s.bind(1, r.tokenHash).bind(2, r.codeHash).bind(3, r.mobile).bind(4, r.createdAtMs).bind(5, r.expiresAtMs);
    if (s.step() != SQLITE_DONE) return db_error(c.db, "create_session");
    return Ok{};
}

Result<std::optional<SessionRecord>> SqliteStore::find_session(const std::string& token_hash) {
    Conn& c = conn();
    sqlite3_stmt* stmt = c.prepare("SELECT code_hash, mobile, created_at, expires_at FROM sessions WHERE token_hash = ?");
    if (!stmt) return db_error(c.db, "find_session");
    Stmt s(stmt);
    s.bind(1, token_hash);
    const int rc = s.step();
    if (rc == SQLITE_DONE) return std::optional<SessionRecord>{};
    if (rc != SQLITE_ROW) return db_error(c.db, "find_session");
    SessionRecord r;
    r.tokenHash = token_hash;
    r.codeHash = s.text(0);
    r.mobile = s.text(1);
    r.createdAtMs = s.i64(2);
    r.expiresAtMs = s.i64(3);
    return std::optional<SessionRecord>{r};
}

Status<> SqliteStore::delete_session(const std::string& token_hash) {
    Conn& c = conn();
    sqlite3_stmt* stmt = c.prepare("DELETE FROM sessions WHERE token_hash = ?");
    if (!stmt) return db_error(c.db, "delete_session");
    Stmt s(stmt);
    s.bind(1, token_hash);
    if (s.step() != SQLITE_DONE) return db_error(c.db, "delete_session");
    return Ok{};
}

// ---- rate limits -----------------------------------------------------------------------------------------------

Result<int64_t> SqliteStore::hit(const std::string& key, int64_t window_start) {
    Conn& c = conn();
    sqlite3_stmt* stmt = c.prepare("INSERT INTO counters(key, window, count) VALUES(?, ?, 1) "
                                   "ON CONFLICT(key, window) DO UPDATE SET count = count + 1 RETURNING count");
    if (!stmt) return db_error(c.db, "hit");
    Stmt s(stmt);
    s.bind(1, key).bind(2, window_start);
    if (s.step() != SQLITE_ROW) return db_error(c.db, "hit");
    const int64_t n = s.i64(0);
    s.step();
    return n;
}

Result<int64_t> SqliteStore::claim(const std::string& key, int64_t now_ms, int64_t until_ms) {
    Conn& c = conn();
    sqlite3_stmt* up = c.prepare("INSERT INTO deadlines(key, until) VALUES(?1, ?2) "
                                 "ON CONFLICT(key) DO UPDATE SET until = ?2 WHERE until <= ?3 RETURNING until");
    sqlite3_stmt* sel = c.prepare("SELECT until FROM deadlines WHERE key = ?");
    if (!up || !sel) return db_error(c.db, "claim");
    {
        Stmt s(up);
        s.bind(1, key).bind(2, until_ms).bind(3, now_ms);
        const int rc = s.step();
        if (rc == SQLITE_ROW) { s.step(); return int64_t{0}; } // set: the claim is ours
        if (rc != SQLITE_DONE) return db_error(c.db, "claim");
    }
    Stmt s(sel);
    s.bind(1, key);
    if (s.step() != SQLITE_ROW) return db_error(c.db, "claim");
    return s.i64(0);
}

Result<int64_t> SqliteStore::deadline(const std::string& key) {
    Conn& c = conn();
    sqlite3_stmt* stmt = c.prepare("SELECT until FROM deadlines WHERE key = ?");
    if (!stmt) return db_error(c.db, "deadline");
    Stmt s(stmt);
    s.bind(1, key);
    const int rc = s.step();
    if (rc == SQLITE_DONE) return int64_t{0};
    if (rc != SQLITE_ROW) return db_error(c.db, "deadline");
    return s.i64(0);
}

Status<> SqliteStore::forget(const std::string& key) {
    Conn& c = conn();
    sqlite3_stmt* a = c.prepare("DELETE FROM counters WHERE key = ?");
    sqlite3_stmt* b = c.prepare("DELETE FROM deadlines WHERE key = ?");
    if (!a || !b) return db_error(c.db, "forget");
    { Stmt s(a); s.bind(1, key); if (s.step() != SQLITE_DONE) return db_error(c.db, "forget"); }
    { Stmt s(b); s.bind(1, key); if (s.step() != SQLITE_DONE) return db_error(c.db, "forget"); }
    return Ok{};
}

} // namespace bk::server

