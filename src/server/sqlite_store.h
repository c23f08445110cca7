// sqlite_store.h — the storage contract (service/store.h) on one SQLite file (WAL), the default
// embedded database. One connection per thread with its prepared statements; a credit is spent
// in the same transaction that records the receipt. The schema comes from migrations.h.
#pragma once
#include <condition_variable>
#include <deque>
#include <unordered_set>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "server/server_store.h"
#include "server/write_health.h"

struct sqlite3;

namespace bk::server {

class SqliteStore final : public ServerStore {
public:
    // Opens (creating and migrating if needed) the database at path.
    static StoreResult<std::unique_ptr<SqliteStore>> open(const std::string& path);
    ~SqliteStore() override;

    StoreStatus health() override;
    void flush() override;
    StoreStatus put_persons(const std::function<void(const PersonSink&)>& produce) override;

    // RegistryStore
    StoreResult<std::optional<PersonRecord>> find_person(const std::string& national_id) override;
    StoreStatus put_person(const PersonRecord& p) override;
    // CreditStore
    StoreStatus insert_code(const CodeRecord& c) override;
    StoreResult<std::optional<CodeRecord>> find_code(const std::string& hash) override;
    StoreResult<bool> activate_code(const std::string& hash, int64_t now_ms) override;
    StoreResult<int> spend_and_record(const std::string& code_hash, const ReceiptRecord& receipt) override;
    StoreStatus record(const ReceiptRecord& receipt) override;
    StoreResult<std::optional<ReceiptRecord>> find_receipt(const std::string& tracking_code) override;
    // SessionStore
    StoreStatus create_session(const SessionRecord& s) override;
    StoreResult<std::optional<SessionRecord>> find_session(const std::string& token_hash) override;
    StoreStatus delete_session(const std::string& token_hash) override;
    // RateStore
    StoreResult<int64_t> hit(const std::string& key, int64_t window_start) override;
    StoreResult<int64_t> claim(const std::string& key, int64_t now_ms, int64_t until_ms) override;
    StoreResult<int64_t> deadline(const std::string& key) override;
    StoreStatus forget(const std::string& key) override;
    // MaintenanceStore
    StoreResult<PurgeCounts> purge_batch(const RetentionPolicy& policy) override;

    class Conn; // a thread's connection and statements (sqlite_store.cpp)

private:
    explicit SqliteStore(std::string path) : path_(std::move(path)) {}
    Conn& conn();
    void receipt_writer();
    StoreStatus write_receipts(const std::deque<ReceiptRecord>& batch);
    StoreError write_failed(const char* what); // records it for health()
    bool queued(const std::string& tracking_code) const; // under q_mu_
    void checkpoint();                                   // the writer thread's, every 200 ms

    std::string path_;
    uint64_t id_; // tells this store's thread-local connections from another's
    WriteHealth writes_;

    // Open-mode receipts (record) spend nothing, so they are written by one thread in batches —
    // one transaction per batch instead of per inquiry. A receipt is readable at once
    // (find_receipt looks in the queue too); a crash can lose the last few milliseconds of them.
    // This process's writes, one at a time: two connections of one process racing for SQLite's
    // write lock made the loser sleep in SQLite's busy handler (1, 2, 5 … ms), which capped an
    // inquiry's write path at a few thousand a second. Other processes (a backup) still meet
    // the busy handler. Never held while waiting for anything else.
    std::mutex write_mu_;
    mutable std::mutex q_mu_;
    std::condition_variable q_cv_, q_done_;
    std::deque<ReceiptRecord> queue_;
    std::deque<ReceiptRecord> inflight_; // the batch being written (read-only while writing)
    std::unordered_set<std::string> pending_; // the tracking codes in queue_ and inflight_
    size_t writing_ = 0;
    bool stopping_ = false;
    std::thread writer_;
};

} // namespace bk::server
