#include "server/sqlite_store.h"

#include <sqlite3.h>

#include <chrono>

#include "core/wait_for_reply.h"
#include "server/log.h"
#include "server/sqlite_connection.h"

namespace bk::server {

// ---- inquiries' writes, in batches (server/write_batcher.h) ------------------------------------------------

namespace {
constexpr const char* kPutReceipt = "INSERT INTO receipts(tracking, national_id, eligible, valid_until, at) VALUES(?,?,?,?,?)";
}

// One transaction for the whole batch. A spend that cannot be made (exhausted, not found, a
// tracking code that exists) changes nothing and the rest of the batch goes on; any other failure,
// or a failed COMMIT, rolls everything back.
StoreResult<std::vector<StoreResult<int>>> SqliteStore::write_batch(const std::vector<PendingWrite>& batch) {
    std::lock_guard write(write_mu_);
    Conn& c = conn();
    sqlite3_stmt* spend = c.prepare(
        "UPDATE codes SET remaining = remaining - 1 WHERE hash = ? AND activated_at > 0 AND remaining > 0 RETURNING remaining");
    sqlite3_stmt* why = c.prepare("SELECT activated_at FROM codes WHERE hash = ?");
    sqlite3_stmt* put = c.prepare(kPutReceipt);
    sqlite3_stmt* undo = c.prepare("UPDATE codes SET remaining = remaining + 1 WHERE hash = ?");
    if (!spend || !why || !put || !undo) return write_failed("write batch");
    if (c.commit_veto != this) { // the tests' way to make a COMMIT fail (see fail_commits_for_tests)
        sqlite3_commit_hook(c.db, [](void* store) { return static_cast<SqliteStore*>(store)->veto_commit() ? 1 : 0; }, this);
        c.commit_veto = this;
    }
    // A transaction an earlier batch left open (an exception midway: std::bad_alloc) is rolled
    // back first, or every later BEGIN would fail while it held the write lock.
    if (!sqlite3_get_autocommit(c.db)) c.exec("ROLLBACK");
    if (!c.exec("BEGIN IMMEDIATE")) return write_failed("begin");
    auto abort = [&c](StoreError e) { c.exec("ROLLBACK"); return e; };
    std::vector<StoreResult<int>> results;
    results.reserve(batch.size());
    for (const PendingWrite& w : batch) {
        int remaining = -1;
        if (!w.codeHash.empty()) {
            Stmt s(spend);
            s.bind(1, w.codeHash);
            const int rc = s.step();
            if (rc == SQLITE_ROW) remaining = static_cast<int>(s.i64(0));
            else if (rc != SQLITE_DONE) return abort(write_failed("spend"));
            if (rc == SQLITE_ROW && s.step() != SQLITE_DONE) return abort(write_failed("spend"));
            if (remaining < 0) {
                Stmt w2(why);
                w2.bind(1, w.codeHash);
                const int rw = w2.step();
                if (rw != SQLITE_ROW && rw != SQLITE_DONE) return abort(db_error(c.db, "spend"));
                const bool active = rw == SQLITE_ROW && w2.i64(0) > 0;
                results.emplace_back(store_error(active ? StoreErrorKind::Exhausted : StoreErrorKind::NotFound));
                continue;
            }
        }
        Stmt s(put);
        bind_receipt(s, w.receipt);
        const int rc = s.step();
        if (rc == SQLITE_CONSTRAINT) {
            if (w.codeHash.empty()) {
                // record() checked the queue and the table, so only a race in a window of
                // microseconds with an 80-bit random code gets here. Never silently: the operator
                // sees it, and the other receipts of the batch are kept.
                log_event("receipt_collision", {{"detail", "a tracking code issued twice; the second receipt is not kept"}}, LogStream::Err);
            } else { // the spend's receipt cannot be kept, so neither is its credit
                Stmt u(undo);
                u.bind(1, w.codeHash);
                if (u.step() != SQLITE_DONE) return abort(write_failed("spend"));
            }
            results.emplace_back(store_error(StoreErrorKind::Duplicate));
            continue;
        }
        if (rc != SQLITE_DONE) return abort(write_failed("record"));
        results.emplace_back(w.codeHash.empty() ? 0 : remaining);
    }
    if (!c.exec("COMMIT")) return abort(write_failed("commit"));
    return results;
}

bool SqliteStore::veto_commit() {
    std::lock_guard lock(veto_mu_);
    return veto_ && veto_();
}

void SqliteStore::fail_commits_for_tests(std::function<bool()> veto) {
    std::lock_guard lock(veto_mu_);
    veto_ = std::move(veto);
}

void SqliteStore::flush() { batcher_->flush(); }

void SqliteStore::checkpoints() {
    std::unique_lock lock(checkpoint_mu_);
    while (!checkpoint_cv_.wait_for(lock, std::chrono::milliseconds(50), [this] { return stopping_; })) {
        lock.unlock();
        checkpoint();
        lock.lock();
    }
}

void SqliteStore::checkpoint() {
    Conn& c = conn();
    if (!c.db) return;
    int frames = 0, done = 0;
    // SQLITE_BUSY (another checkpoint, a backup) is fine: the next one catches up.
    sqlite3_wal_checkpoint_v2(c.db, "main", SQLITE_CHECKPOINT_PASSIVE, &frames, &done);
    // A checkpoint that stops short of the WAL's end leaves the pages it copied unsynced; the one
    // that reaches it syncs them all (20 MB: 20 ms). So they are synced here, outside the lock,
    // and once more after a second pass over what was written meanwhile.
    sync_database(c);
    if (frames <= 4096) return;
    sqlite3_wal_checkpoint_v2(c.db, "main", SQLITE_CHECKPOINT_PASSIVE, &frames, &done);
    sync_database(c);
    // Every frame is copied back, but the WAL only starts over when a write begins after a
    // checkpoint that left nothing to copy — never, under steady writes from another thread — so
    // it would grow without end (300 MB in six seconds of inquiries). Past 16 MB, with the bulk
    // copied and synced above, this process's writes wait while the last frames are copied (a few
    // milliseconds): then the next write starts the WAL over.
    std::lock_guard write(write_mu_);
    sqlite3_wal_checkpoint_v2(c.db, "main", SQLITE_CHECKPOINT_PASSIVE, &frames, &done);
}

void SqliteStore::sync_database(Conn& c) {
    sqlite3_file* file = nullptr;
    if (sqlite3_file_control(c.db, "main", SQLITE_FCNTL_FILE_POINTER, &file) == SQLITE_OK && file && file->pMethods)
        file->pMethods->xSync(file, SQLITE_SYNC_NORMAL);
}

StoreResult<int> SqliteStore::spend_and_record(const std::string& code_hash, const ReceiptRecord& receipt) {
    return wait_for_reply<StoreResult<int>>([&](SpendDone done) { spend_and_record_async(code_hash, receipt, std::move(done)); });
}

void SqliteStore::spend_and_record_async(const std::string& code_hash, const ReceiptRecord& receipt, SpendDone done) {
    if (StoreStatus queued = batcher_->submit_spend(code_hash, receipt, std::move(done)); !queued) writes_.failed(queued.error());
}

StoreStatus SqliteStore::record(const ReceiptRecord& receipt) {
    // A tracking code that exists (written, or queued: submit() refuses that one) is refused now,
    // so the service draws another; the batch writer never has to drop one.
    Conn& c = conn();
    sqlite3_stmt* exists = c.prepare("SELECT 1 FROM receipts WHERE tracking = ?");
    if (!exists) return db_error(c.db, "record");
    {
        Stmt s(exists);
        s.bind(1, receipt.trackingCode);
        const int rc = s.step();
        if (rc == SQLITE_ROW) return store_error(StoreErrorKind::Duplicate);
        if (rc != SQLITE_DONE) return db_error(c.db, "record");
    }
    StoreStatus queued = batcher_->submit(PendingWrite{{}, receipt, nullptr});
    if (!queued && queued.error().kind == StoreErrorKind::Unavailable) writes_.failed(queued.error());
    return queued;
}

StoreResult<std::optional<ReceiptRecord>> SqliteStore::find_receipt(const std::string& tracking_code) {
    if (auto queued = batcher_->find(tracking_code)) return std::optional<ReceiptRecord>{*queued}; // still on its way (rare)
    Conn& c = conn();
    sqlite3_stmt* stmt = c.prepare("SELECT national_id, eligible, valid_until, at FROM receipts WHERE tracking = ?");
    if (!stmt) return db_error(c.db, "find_receipt");
    Stmt s(stmt);
    s.bind(1, tracking_code);
    const int rc = s.step();
    if (rc == SQLITE_DONE) return std::optional<ReceiptRecord>{};
    if (rc != SQLITE_ROW) return db_error(c.db, "find_receipt");
    return std::optional<ReceiptRecord>{ReceiptRecord{tracking_code, national_id_from_number(s.i64(0)), s.i64(1) != 0, s.i64(2), s.i64(3)}};
}

} // namespace bk::server
