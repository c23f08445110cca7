// memory_store.h — every storage interface in memory, behind one mutex. Used by the tests and
// by the WASM demo; set_available(false) simulates a database that is down.
#pragma once
#include <map>
#include <mutex>
#include <unordered_map>

#include "service/store.h"

namespace bk {

class MemoryStore final : public RegistryStore, public CreditStore, public SessionStore, public RateStore {
public:
    void set_available(bool up);
    size_t person_count() const;
    size_t inquiry_count() const;

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

private:
    bool down() const { return !available_; }

    mutable std::mutex mu_;
    bool available_ = true;
    std::unordered_map<std::string, PersonRecord> persons_;
    std::unordered_map<std::string, CodeRecord> codes_;
    std::unordered_map<std::string, InquiryRecord> inquiries_;
    std::unordered_map<std::string, SessionRecord> sessions_;
    std::map<std::pair<std::string, int64_t>, int64_t> counters_;
    std::unordered_map<std::string, int64_t> deadlines_;
};

} // namespace bk
