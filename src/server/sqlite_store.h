// sqlite_store.h — every storage interface of service/store.h on one SQLite file (WAL), the
// default embedded database. One connection per thread with its prepared statements; a credit is
// spent in the same transaction that records the inquiry. Schema versions migrate on open.
#pragma once
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "server/server_store.h"

struct sqlite3;

namespace bk::server {

class SqliteStore final : public ServerStore {
public:
    // Opens (creating and migrating if needed) the database at path.
    static Result<std::unique_ptr<SqliteStore>> open(const std::string& path);
    ~SqliteStore() override;

    Status<> ping() override;
    void flush_receipts() override;

    Status<> put_persons(const std::function<void(const PersonSink&)>& produce) override;

    // RegistryStore
    Result<std::optional<PersonRecord>> find_person(const std::string& national_id) override;
    Status<> put_person(const PersonRecord& p) override;
    // CreditStore
    Status<> insert_code(const CodeRecord& c) override;
    Result<std::optional<CodeRecord>> find_code(const std::string& hash) override;
    Result<bool> activate_code(const std::string& hash, int64_t now_ms) override;
    Result<int> spend_and_log(const std::string& hash, const InquiryRecord& rec) override;
    Status<> log_inquiry(const InquiryRecord& rec) override;
    Result<std::optional<InquiryRecord>> find_inquiry(const std::string& tracking_code) override;
    // SessionStore
    Status<> create_session(const SessionRecord& s) override;
    Result<std::optional<SessionRecord>> find_session(const std::string& token_hash) override;
    Status<> delete_session(const std::string& token_hash) override;
    // RateStore
    Result<int64_t> hit(const std::string& key, int64_t window_start) override;
    Result<int64_t> claim(const std::string& key, int64_t now_ms, int64_t until_ms) override;
    Result<int64_t> deadline(const std::string& key) override;
    Status<> forget(const std::string& key) override;

    class Conn; // a thread's connection and statements (sqlite_store.cpp)

private:
    explicit SqliteStore(std::string path) : path_(std::move(path)) {}
    Conn& conn();
    void receipt_writer();
    Status<> write_receipts(const std::deque<InquiryRecord>& batch);

    std::string path_;
    uint64_t id_; // tells this store's thread-local connections from another's

    // Open-mode receipts (log_inquiry) spend nothing, so they are written by one thread in
    // batches — one transaction per batch instead of per inquiry. A receipt is readable at once
    // (find_inquiry looks in the queue too); a crash can lose the last few milliseconds of them.
    std::mutex q_mu_;
    std::condition_variable q_cv_, q_done_;
    std::deque<InquiryRecord> queue_;
    std::deque<InquiryRecord> inflight_; // the batch being written (read-only while writing)
    size_t writing_ = 0;
    bool stopping_ = false;
    std::thread writer_;
};

} // namespace bk::server
