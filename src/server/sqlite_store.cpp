// sqlite_store.cpp — the storage contract on one SQLite file (inquiries' writes and checkpoints:
// sqlite_writes.cpp; the connection and statement helpers: sqlite_connection.h).
// Sections, in order:
//   - connection + statements
//   - registry
//   - credit codes
//   - sessions
//   - rate limits
//   - retention
#include "server/sqlite_store.h"

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <initializer_list>
#include <unordered_map>

#include "server/migrations.h"
#include "server/sqlite_connection.h"
#include "server/store_rows.h"

namespace bk::server {

// ---- connection + statements ------------------------------------------------------------------------------

namespace {

std::atomic<uint64_t> g_next_store_id{1};

int user_version(sqlite3* db) {
    sqlite3_stmt* s = nullptr;
    int version = 0;
    sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, nullptr);
    if (s && sqlite3_step(s) == SQLITE_ROW) version = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return version;
}

std::string journal_mode(sqlite3* db) {
    sqlite3_stmt* s = nullptr;
    std::string mode;
    sqlite3_prepare_v2(db, "PRAGMA journal_mode=WAL", -1, &s, nullptr);
    if (s && sqlite3_step(s) == SQLITE_ROW) mode = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    return mode;
}

} // namespace


SqliteStore::Conn& SqliteStore::conn() {
    // One connection per (thread, store): SQLite connections are not shared across threads here.
    thread_local std::unordered_map<uint64_t, std::unique_ptr<Conn>> conns;
    auto& c = conns[id_];
    if (!c) c = std::make_unique<Conn>();
    if (!c->db) {
        // A failed open (no file descriptor left, say) is not kept: the next call tries again.
        if (sqlite3_open_v2(path_.c_str(), &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) == SQLITE_OK) {
            sqlite3_busy_timeout(c->db, 5000); // first: never "database is locked" under contention
            // Checkpoints are the checkpoint thread's (checkpoints()), never a request's: an
            // automatic one copies the WAL back and syncs inside whichever commit trips it. The
            // WAL file is cut back to 64 MB after each reset. (A memory map of the file was
            // tried: every checkpoint that grew the file made each connection map it again,
            // which cost more than the reads it saved.)
            c->exec("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=OFF; PRAGMA cache_size=-8000; PRAGMA wal_autocheckpoint=0; PRAGMA journal_size_limit=67108864;");
        } else {
            sqlite3_close_v2(c->db);
            c->db = nullptr;
        }
    }
    return *c;
}

StoreError SqliteStore::write_failed(const char* what) {
    StoreError e = db_error(conn().db, what);
    writes_.failed(e);
    return e;
}

StoreResult<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::string& path) {
    std::unique_ptr<SqliteStore> store(new SqliteStore(path));
    store->id_ = g_next_store_id++;
    // Create the file and switch it to WAL once, from one connection.
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
        StoreError e = db_error(db, "open");
        e.detail = "cannot open the database " + path + ": " + (db ? sqlite3_errmsg(db) : "out of memory") +
                   " (does its directory exist, and may this process write there?)";
        sqlite3_close_v2(db);
        return e;
    }
    sqlite3_busy_timeout(db, 5000);
    // Say what is wrong in words an operator can act on, rather than "attempt to write a
    // readonly database" from the first migration.
    if (sqlite3_db_readonly(db, "main") == 1) {
        sqlite3_close_v2(db);
        return store_unavailable("the database " + path + " is read-only for this process: the server writes codes, sessions and "
                                 "receipts to it (check the file's owner and mode, and the file system)");
    }
    if (journal_mode(db) != "wal") {
        const std::string dir = std::filesystem::path(path).parent_path().string();
        sqlite3_close_v2(db);
        return store_unavailable("cannot switch " + path + " to write-ahead logging: SQLite must create " + path + "-wal and " + path +
                                 "-shm beside it, so the directory " + (dir.empty() ? std::string(".") : dir) + " must be writable");
    }
    // Migrations: each step in its own transaction, recorded in user_version.
    const int version = user_version(db);
    if (version > schema_version()) {
        sqlite3_close_v2(db);
        return store_unavailable("the database " + path + " has schema version " + std::to_string(version) +
                                 ", newer than this server knows (" + std::to_string(schema_version()) + "): run a newer server");
    }
    for (const Migration& m : migrations()) {
        if (m.version <= version) continue;
        const std::string sql = std::string("BEGIN IMMEDIATE;") + m.sqlite + "PRAGMA user_version=" + std::to_string(m.version) + ";COMMIT;";
        if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
            StoreError e = db_error(db, "migrate");
            e.detail = "cannot migrate " + path + " to schema version " + std::to_string(m.version) + " (" + m.what + "): " + sqlite3_errmsg(db);
            sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
            sqlite3_close_v2(db);
            return e;
        }
    }
    sqlite3_close_v2(db);
    if (!store->conn().db) return store_unavailable("cannot open " + path);
    SqliteStore* self = store.get();
    store->batcher_ = std::make_unique<WriteBatcher>([self](const std::vector<PendingWrite>& b) { return self->write_batch(b); });
    store->checkpointer_ = std::thread([self] { self->checkpoints(); });
    return store;
}

SqliteStore::~SqliteStore() {
    if (batcher_) batcher_->stop(); // writes what is queued (its answers may still call this store) before anything goes
    {
        std::lock_guard lock(checkpoint_mu_);
        stopping_ = true;
    }
    checkpoint_cv_.notify_all();
    if (checkpointer_.joinable()) checkpointer_.join();
}

StoreStatus SqliteStore::health() {
    Conn& c = conn();
    sqlite3_stmt* p = c.prepare("SELECT 1");
    if (!p) return db_error(c.db, "ping");
    {
        Stmt s(p);
        if (s.step() != SQLITE_ROW) return db_error(c.db, "ping");
    }
    // /healthz runs this on an I/O thread (SQLite's reads never wait), so the probe never waits
    // either: while this process's writer holds the write mutex, or another process (a backup)
    // holds SQLite's write lock, the database is busy writing, not refusing, and the probe is
    // skipped — a failed write of the writer's own stands for 30 s regardless (write_health.h).
    return writes_.check([this]() -> StoreStatus {
        Conn& c = conn();
        std::unique_lock write(write_mu_, std::try_to_lock);
        if (!write.owns_lock()) return Ok{};
        sqlite3_stmt* probe = c.prepare("UPDATE health SET at = ? WHERE id = 1");
        if (!probe) return write_failed("write probe");
        Stmt s(probe);
        s.bind(1, static_cast<int64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch()).count()));
        sqlite3_busy_timeout(c.db, 0);
        const int rc = s.step();
        sqlite3_busy_timeout(c.db, 5000);
        if (rc == SQLITE_BUSY) return Ok{};
        if (rc != SQLITE_DONE) return write_failed("write probe");
        return Ok{};
    });
}

// ---- registry ------------------------------------------------------------------------------------------------

static const char* kPutPerson =
    "INSERT OR REPLACE INTO persons(id, main_id, relation, insurance, gender, birth, covered_until, flags) VALUES(?,?,?,?,?,?,?,?)";

static bool bind_person(Stmt& s, const PersonRecord& p) {
    const PersonValues v = person_values(p);
    s.bind(1, v.id).bind(2, v.mainId).bind(3, v.relation).bind(4, v.insurance).bind(5, v.gender).bind(6, v.birth)
        .bind(7, v.coveredUntil).bind(8, v.flags);
    return s.step() == SQLITE_DONE;
}

StoreStatus SqliteStore::put_person(const PersonRecord& p) {
    std::lock_guard write(write_mu_);
    Conn& c = conn();
    sqlite3_stmt* stmt = c.prepare(kPutPerson);
    if (!stmt) return write_failed("put_person");
    Stmt s(stmt);
    if (!bind_person(s, p)) return write_failed("put_person");
    return Ok{};
}

StoreStatus SqliteStore::put_persons(const std::function<void(const PersonSink&)>& produce) {
    std::lock_guard write(write_mu_);
    Conn& c = conn();
    if (!c.exec("BEGIN IMMEDIATE")) return write_failed("begin");
    sqlite3_stmt* stmt = c.prepare(kPutPerson);
    bool failed = stmt == nullptr;
    StoreError first;
    produce([&](const PersonRecord& p) {
        if (failed) return;
        Stmt s(stmt);
        if (!bind_person(s, p)) { failed = true; first = write_failed("put_persons"); }
    });
    if (failed || !c.exec("COMMIT")) {
        if (first.detail.empty()) first = write_failed("commit");
        c.exec("ROLLBACK");
        return first;
    }
    return Ok{};
}

StoreResult<std::optional<PersonRecord>> SqliteStore::find_person(const std::string& national_id) {
    Conn& c = conn();
    sqlite3_stmt* stmt = c.prepare("SELECT " BK_PERSON_COLUMNS " FROM persons WHERE id = ?");
    if (!stmt) return db_error(c.db, "find_person");
    Stmt s(stmt);
    s.bind(1, std::strtoll(national_id.c_str(), nullptr, 10));
    const int rc = s.step();
    if (rc == SQLITE_DONE) return std::optional<PersonRecord>{};
    if (rc != SQLITE_ROW) return db_error(c.db, "find_person");
    return std::optional<PersonRecord>{person_from_row(national_id, s)};
}

// ---- credit codes --------------------------------------------------------------------------------------------

StoreStatus SqliteStore::insert_code(const CodeRecord& r) {
    std::lock_guard write(write_mu_);
    Conn& c = conn();
    sqlite3_stmt* stmt = c.prepare("INSERT INTO codes(hash, mobile, channel, issued_at, activate_by, activated_at, total, remaining) "
                                   "VALUES(?,?,?,?,?,?,?,?)");
    if (!stmt) return write_failed("insert_code");
    Stmt s(stmt);
    s.bind(1, r.hash).bind(2, r.mobile).bind(3, r.channel).bind(4, r.issuedAtMs).bind(5, r.activateByMs)
        .bind(6, r.activatedAtMs).bind(7, r.total).bind(8, r.remaining);
    const int rc = s.step();
    if (rc == SQLITE_CONSTRAINT) return store_error(StoreErrorKind::Duplicate);
    if (rc != SQLITE_DONE) return write_failed("insert_code");
    return Ok{};
}

StoreResult<std::optional<CodeRecord>> SqliteStore::find_code(const std::string& hash) {
    Conn& c = conn();
    sqlite3_stmt* stmt = c.prepare("SELECT " BK_CODE_COLUMNS " FROM codes WHERE hash = ?");
    if (!stmt) return db_error(c.db, "find_code");
    Stmt s(stmt);
    s.bind(1, hash);
    const int rc = s.step();
    if (rc == SQLITE_DONE) return std::optional<CodeRecord>{};
    if (rc != SQLITE_ROW) return db_error(c.db, "find_code");
    return std::optional<CodeRecord>{code_from_row(hash, s)};
}

StoreResult<bool> SqliteStore::activate_code(const std::string& hash, int64_t now_ms) {
    std::lock_guard write(write_mu_);
    Conn& c = conn();
    sqlite3_stmt* upd = c.prepare("UPDATE codes SET activated_at = ?1 WHERE hash = ?2 AND activated_at = 0 AND activate_by > ?1");
    sqlite3_stmt* sel = c.prepare("SELECT activated_at FROM codes WHERE hash = ?");
    if (!upd || !sel) return write_failed("activate_code");
    {
        Stmt s(upd);
        s.bind(1, now_ms).bind(2, hash);
        if (s.step() != SQLITE_DONE) return write_failed("activate_code");
    }
    Stmt s(sel);
    s.bind(1, hash);
    const int rc = s.step();
    if (rc == SQLITE_DONE) return false;
    if (rc != SQLITE_ROW) return db_error(c.db, "activate_code");
    return s.i64(0) != 0;
}

// ---- sessions ------------------------------------------------------------------------------------------------

StoreStatus SqliteStore::create_session(const SessionRecord& r) {
    std::lock_guard write(write_mu_);
    Conn& c = conn();
    sqlite3_stmt* stmt = c.prepare("INSERT OR REPLACE INTO sessions(token_hash, code_hash, mobile, created_at, expires_at) VALUES(?,?,?,?,?)");
    if (!stmt) return write_failed("create_session");
    Stmt s(stmt);
    s.bind(1, r.tokenHash).bind(2, r.codeHash).bind(3, r.mobile).bind(4, r.createdAtMs).bind(5, r.expiresAtMs);
    if (s.step() != SQLITE_DONE) return write_failed("create_session");
    return Ok{};
}

StoreResult<std::optional<SessionRecord>> SqliteStore::find_session(const std::string& token_hash) {
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

StoreStatus SqliteStore::delete_session(const std::string& token_hash) {
    std::lock_guard write(write_mu_);
    Conn& c = conn();
    sqlite3_stmt* stmt = c.prepare("DELETE FROM sessions WHERE token_hash = ?");
    if (!stmt) return write_failed("delete_session");
    Stmt s(stmt);
    s.bind(1, token_hash);
    if (s.step() != SQLITE_DONE) return write_failed("delete_session");
    return Ok{};
}

// ---- rate limits -----------------------------------------------------------------------------------------------

StoreResult<int64_t> SqliteStore::hit(const std::string& key, int64_t window_start) {
    std::lock_guard write(write_mu_);
    Conn& c = conn();
    sqlite3_stmt* stmt = c.prepare("INSERT INTO counters(key, win, count) VALUES(?, ?, 1) "
                                   "ON CONFLICT(key, win) DO UPDATE SET count = count + 1 RETURNING count");
    if (!stmt) return write_failed("hit");
    Stmt s(stmt);
    s.bind(1, key).bind(2, window_start);
    if (s.step() != SQLITE_ROW) return write_failed("hit");
    const int64_t n = s.i64(0);
    if (s.step() != SQLITE_DONE) return write_failed("hit");
    return n;
}

StoreResult<int64_t> SqliteStore::claim(const std::string& key, int64_t now_ms, int64_t until_ms) {
    std::lock_guard write(write_mu_);
    Conn& c = conn();
    sqlite3_stmt* up = c.prepare("INSERT INTO deadlines(key, until) VALUES(?1, ?2) "
                                 "ON CONFLICT(key) DO UPDATE SET until = ?2 WHERE until <= ?3 RETURNING until");
    sqlite3_stmt* sel = c.prepare("SELECT until FROM deadlines WHERE key = ?");
    if (!up || !sel) return write_failed("claim");
    {
        Stmt s(up);
        s.bind(1, key).bind(2, until_ms).bind(3, now_ms);
        const int rc = s.step();
        if (rc == SQLITE_ROW) {
            if (s.step() != SQLITE_DONE) return write_failed("claim");
            return int64_t{0}; // set: the claim is ours
        }
        if (rc != SQLITE_DONE) return write_failed("claim");
    }
    Stmt s(sel);
    s.bind(1, key);
    if (s.step() != SQLITE_ROW) return db_error(c.db, "claim");
    return s.i64(0);
}

StoreResult<int64_t> SqliteStore::deadline(const std::string& key) {
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

StoreStatus SqliteStore::forget(const std::string& key) {
    std::lock_guard write(write_mu_);
    Conn& c = conn();
    sqlite3_stmt* a = c.prepare("DELETE FROM counters WHERE key = ?");
    sqlite3_stmt* b = c.prepare("DELETE FROM deadlines WHERE key = ?");
    if (!a || !b) return write_failed("forget");
    { Stmt s(a); s.bind(1, key); if (s.step() != SQLITE_DONE) return write_failed("forget"); }
    { Stmt s(b); s.bind(1, key); if (s.step() != SQLITE_DONE) return write_failed("forget"); }
    return Ok{};
}

// ---- retention ---------------------------------------------------------------------------------------------------

StoreResult<PurgeCounts> SqliteStore::purge_batch(const RetentionPolicy& p) {
    Conn& c = conn();
    PurgeCounts n;
    // Each statement is its own short transaction of at most `batch` rows (the last parameter).
    for (const Purge& purge : kPurges) {
        std::lock_guard write(write_mu_); // one statement at a time: inquiries write in between
        sqlite3_stmt* stmt = c.prepare(purge.sql);
        if (!stmt) return write_failed("purge");
        Stmt s(stmt);
        for (int i = 0; i < purge.count; ++i) s.bind(i + 1, p.*purge.params[i]);
        s.bind(purge.count + 1, p.batch);
        if (s.step() != SQLITE_DONE) return write_failed("purge");
        n.*purge.deleted = sqlite3_changes(c.db);
    }
    return n;
}

} // namespace bk::server
