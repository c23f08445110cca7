// memory_store.h — every storage interface in memory, behind one mutex. Used by the tests and
// by the WASM demo; set_available(false) simulates a database that is down.
#pragma once
#include <map>
#include <mutex>
#include <unordered_map>

#include "service/store.h"

namespace bk {

class MemoryStore final : public RegistryStore, public CreditStore, public SessionStore, public RateStore, public MaintenanceStore,
                          public InquiryReadStore {
public:
    void set_available(bool up);
    size_t person_count() const;
    size_t receipt_count() const;

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

    StoreResult<InquiryRead> read_for_inquiry(const std::string& token_hash, const std::string& national_id) override {
        return read_for_inquiry_in_parts(*this, *this, *this, token_hash, national_id);
    }

private:
    bool down() const { return !available_; }

    mutable std::mutex mu_; // guards every member below
    bool available_ = true;
    std::unordered_map<std::string, PersonRecord> persons_;
    std::unordered_map<std::string, CodeRecord> codes_;
    std::unordered_map<std::string, ReceiptRecord> receipts_;
    std::unordered_map<std::string, SessionRecord> sessions_;
    std::map<std::pair<std::string, int64_t>, int64_t> counters_;
    std::unordered_map<std::string, int64_t> deadlines_;
};

} // namespace bk
