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

namespace bk::server {

class PgStore final : public ServerStore {
public:
    static Result<std::unique_ptr<PgStore>> open(const std::string& url, int pool_size = 8);
    ~PgStore() override;

    Status<> ping() override;
    Status<> put_persons(const std::function<void(const PersonSink&)>& produce) override;

    Result<std::optional<PersonRecord>> find_person(const std::string& national_id) override;
    Status<> put_person(const PersonRecord& p) override;
    Status<> insert_code(const CodeRecord& c) override;
    Result<std::optional<CodeRecord>> find_code(const std::string& hash) override;
    Result<bool> activate_code(const std::string& hash, int64_t now_ms) override;
    Result<int> spend_and_log(const std::string& hash, const InquiryRecord& rec) override;
    Status<> log_inquiry(const InquiryRecord& rec) override;
    Result<std::optional<InquiryRecord>> find_inquiry(const std::string& tracking_code) override;
    Status<> create_session(const SessionRecord& s) override;
    Result<std::optional<SessionRecord>> find_session(const std::string& token_hash) override;
    Status<> delete_session(const std::string& token_hash) override;
    Result<int64_t> hit(const std::string& key, int64_t window_start) override;
    Result<int64_t> claim(const std::string& key, int64_t now_ms, int64_t until_ms) override;
    Result<int64_t> deadline(const std::string& key) override;
    Status<> forget(const std::string& key) override;

    struct Conn;
    class Lease;

private:
    explicit PgStore(std::string url);
    Conn* acquire();
    void release(Conn* c);

    std::string url_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::vector<std::unique_ptr<Conn>> all_;
    std::vector<Conn*> free_;
};

} // namespace bk::server
