// pg_store.h — every storage interface on PostgreSQL (libpq): a pool of connections with
// prepared statements, migrations under an advisory lock (several servers may start at once),
// bulk load with COPY, and a credit spent in the same statement that records the inquiry. All
// counters and locks live here, so they hold across servers. A connection that breaks (the
// database restarted) is reset on its next use: the servers recover by themselves.
#pragma once
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "server/server_store.h"
#include "server/write_batcher.h"
#include "server/write_health.h"

struct pg_result;

namespace bk::server {

class PgStore final : public ServerStore {
public:
    // A pool of `pool_size` connections: as many as threads call it at once (the server's
    // workers and its janitor), so no call waits for another's connection.
    static StoreResult<std::unique_ptr<PgStore>> open(const std::string& url, int pool_size);
    ~PgStore() override;

    StoreStatus health() override;
    bool reads_may_block() const override { return true; }
    StoreStatus put_persons(const std::function<void(const PersonSink&)>& produce) override;
    void flush() override { batcher_->flush(); }

    StoreResult<std::optional<PersonRecord>> find_person(const std::string& national_id) override;
    // One statement: the session, its code, the person and the main insured.
    StoreResult<InquiryRead> read_for_inquiry(const std::string& token_hash, const std::string& national_id) override;
    StoreStatus put_person(const PersonRecord& p) override;
    StoreStatus insert_code(const CodeRecord& c) override;
    StoreResult<std::optional<CodeRecord>> find_code(const std::string& hash) override;
    StoreResult<bool> activate_code(const std::string& hash, int64_t now_ms) override;
    // Spends go to the writer thread, which commits every spend waiting in one transaction and
    // one round trip (pipeline mode), on a connection of its own.
    StoreResult<int> spend_and_record(const std::string& code_hash, const ReceiptRecord& receipt) override; // (waits for it)
    void spend_and_record_async(const std::string& code_hash, const ReceiptRecord& receipt, SpendDone done) override;
    StoreStatus record(const ReceiptRecord& receipt) override;
    StoreResult<std::optional<ReceiptRecord>> find_receipt(const std::string& tracking_code) override;
    StoreStatus create_session(const SessionRecord& s) override;
    StoreResult<std::optional<SessionRecord>> find_session(const std::string& token_hash) override;
    StoreStatus delete_session(const std::string& token_hash) override;
    StoreResult<int64_t> hit(const std::string& key, int64_t window_start) override;
    StoreResult<int64_t> claim(const std::string& key, int64_t now_ms, int64_t until_ms) override;
    StoreResult<int64_t> deadline(const std::string& key) override;
    StoreStatus forget(const std::string& key) override;
    StoreResult<PurgeCounts> purge_batch(const RetentionPolicy& policy) override;

    struct Conn;
    class Lease;

private:
    explicit PgStore(std::string url);
    Conn* acquire();
    void release(Conn* c);
    StoreResult<std::vector<StoreResult<int>>> write_batch(const std::vector<PendingWrite>& batch); // the writer thread's
    StoreResult<int> spend_alone(Conn& c, const PendingWrite& w);
    StoreError writer_failed(Conn& c, const char* what, const pg_result* r);

    std::string url_;
    WriteHealth writes_;
    std::mutex mu_;                           // guards free_ (all_ is fixed after open)
    std::condition_variable cv_;
    std::vector<std::unique_ptr<Conn>> all_;
    std::vector<Conn*> free_;
    std::unique_ptr<Conn> writer_;            // the writer thread's own connection
    std::unique_ptr<WriteBatcher> batcher_;   // last: stopped first
};

} // namespace bk::server
