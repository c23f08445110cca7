// sqlite_store.h — the storage contract (service/store.h) on one SQLite file (WAL), the default
// embedded database. One connection per thread with its prepared statements; a credit is spent
// in the same transaction that records the receipt. The schema comes from migrations.h.
#pragma once
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "server/server_store.h"
#include "server/write_batcher.h"
#include "server/write_health.h"

struct sqlite3;

namespace bk::server {

class SqliteStore final : public ServerStore {
public:
    // Opens (creating and migrating if needed) the database at path.
    static StoreResult<std::unique_ptr<SqliteStore>> open(const std::string& path);
    ~SqliteStore() override;

    StoreStatus health() override;
    bool reads_may_block() const override { return false; }
    void flush() override;
    StoreStatus put_persons(const std::function<void(const PersonSink&)>& produce) override;

    // RegistryStore
    StoreResult<std::optional<PersonRecord>> find_person(const std::string& national_id) override;
    StoreStatus put_person(const PersonRecord& p) override;
    // CreditStore
    StoreStatus insert_code(const CodeRecord& c) override;
    StoreResult<std::optional<CodeRecord>> find_code(const std::string& hash) override;
    StoreResult<bool> activate_code(const std::string& hash, int64_t now_ms) override;
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

    // Spends go to the writer thread, which commits every spend waiting in one transaction.
    StoreResult<int> spend_and_record(const std::string& code_hash, const ReceiptRecord& receipt) override; // (waits for it)
    void spend_and_record_async(const std::string& code_hash, const ReceiptRecord& receipt, SpendDone done) override;

    // For tests: while `veto` returns true, every COMMIT of the writer thread fails (SQLite turns
    // it into a rollback), as a full disk would make it. Null: commits as usual. Any thread.
    void fail_commits_for_tests(std::function<bool()> veto);

private:
    explicit SqliteStore(std::string path) : path_(std::move(path)) {}
    Conn& conn();
    StoreResult<std::vector<StoreResult<int>>> write_batch(const std::vector<PendingWrite>& batch); // the writer thread's
    StoreError write_failed(const char* what); // records it for health()
    // Every 50 ms, with or without writes, on a thread of its own: the WAL is copied back into
    // the database (passive: it waits for no reader or writer, and writes never wait for it — a
    // checkpoint of 10,000 frames takes ~60 ms, which on the writer thread was every spend's p99).
    void checkpoints();
    void checkpoint();
    void sync_database(Conn& c);
    bool veto_commit();

    std::string path_;
    uint64_t id_; // tells this store's thread-local connections from another's
    WriteHealth writes_;

    // This process's writes, one at a time: two connections of one process racing for SQLite's
    // write lock made the loser sleep in SQLite's busy handler (1, 2, 5 … ms), which capped an
    // inquiry's write path at a few thousand a second. Other processes (a backup) still meet
    // the busy handler. Never held while waiting for anything else.
    std::mutex write_mu_;         // guards no member: it orders this process's writes to the file
    std::mutex veto_mu_;          // guards veto_
    std::function<bool()> veto_;
    // Inquiries' receipts and spends: one writer thread, one transaction per batch. Open-mode
    // receipts are readable from its queue at once; a crash can lose the last few milliseconds of
    // them. A spend is answered only after its batch committed. Last: stopped first.
    std::unique_ptr<WriteBatcher> batcher_;
    std::mutex checkpoint_mu_;    // guards stopping_
    std::condition_variable checkpoint_cv_;
    bool stopping_ = false;
    std::thread checkpointer_;
};

} // namespace bk::server
