#include "service/memory_store.h"

#include <cstdint>

namespace bk {

namespace {
Error unavailable() { return make_error("storage_unavailable", "memory store switched off"); }
} // namespace

void MemoryStore::set_available(bool up) {
    std::lock_guard lock(mu_);
    available_ = up;
}

size_t MemoryStore::person_count() const {
    std::lock_guard lock(mu_);
    return persons_.size();
}

size_t MemoryStore::inquiry_count() const {
    std::lock_guard lock(mu_);
    return inquiries_.size();
}

// ---- registry -----------------------------------------------------------------------------------

Result<std::optional<PersonRecord>> MemoryStore::find_person(const std::string& national_id) {
    std::lock_guard lock(mu_);
    if (down()) return unavailable();
    auto it = persons_.find(national_id);
    if (it == persons_.end()) return std::optional<PersonRecord>{};
    return std::optional<PersonRecord>{it->second};
}

Status<> MemoryStore::put_person(const PersonRecord& p) {
    std::lock_guard lock(mu_);
    if (down()) return unavailable();
    persons_[p.nationalId] = p;
    return Ok{};
}

// ---- credit codes and the inquiry log -------------------------------------------------------------

Status<> MemoryStore::insert_code(const CodeRecord& c) {
    std::lock_guard lock(mu_);
    if (down()) return unavailable();
    if (!codes_.emplace(c.hash, c).second) return make_error("duplicate_code");
    return Ok{};
}

Result<std::optional<CodeRecord>> MemoryStore::find_code(const std::string& hash) {
    std::lock_guard lock(mu_);
    if (down()) return unavailable();
    auto it = codes_.find(hash);
    if (it == codes_.end()) return std::optional<CodeRecord>{};
    return std::optional<CodeRecord>{it->second};
}

Result<bool> MemoryStore::activate_code(const std::string& hash, int64_t now_ms) {
    std::lock_guard lock(mu_);
    if (down()) return unavailable();
    auto it = codes_.find(hash);
    if (it == codes_.end()) return false;
    CodeRecord& c = it->second;
    if (c.activatedAtMs != 0) return true;
    if (now_ms >= c.activateByMs) return false;
    c.activatedAtMs = now_ms;
    return true;
}

Result<int> MemoryStore::spend_and_log(const std::string& hash, const InquiryRecord& rec) {
    std::lock_guard lock(mu_);
    if (down()) return unavailable();
    auto it = codes_.find(hash);
    if (it == codes_.end() || it->second.activatedAtMs == 0 || it->second.remaining <= 0)
        return make_error("credit_exhausted");
    if (inquiries_.count(rec.trackingCode)) return make_error("duplicate_tracking_code");
    it->second.remaining -= 1;
    inquiries_[rec.trackingCode] = rec;
    return it->second.remaining;
}

Status<> MemoryStore::log_inquiry(const InquiryRecord& rec) {
    std::lock_guard lock(mu_);
    if (down()) return unavailable();
    if (!inquiries_.emplace(rec.trackingCode, rec).second) return make_error("duplicate_tracking_code");
    return Ok{};
}

Result<std::optional<InquiryRecord>> MemoryStore::find_inquiry(const std::string& tracking_code) {
    std::lock_guard lock(mu_);
    if (down()) return unavailable();
    auto it = inquiries_.find(tracking_code);
    if (it == inquiries_.end()) return std::optional<InquiryRecord>{};
    return std::optional<InquiryRecord>{it->second};
}

// ---- sessions -----------------------------------------------------------------------------------

Status<> MemoryStore::create_session(const SessionRecord& s) {
    std::lock_guard lock(mu_);
    if (down()) return unavailable();
    sessions_[s.tokenHash] = s;
    return Ok{};
}

Result<std::optional<SessionRecord>> MemoryStore::find_session(const std::string& token_hash) {
    std::lock_guard lock(mu_);
    if (down()) return unavailable();
    auto it = sessions_.find(token_hash);
    if (it == sessions_.end()) return std::optional<SessionRecord>{};
    return std::optional<SessionRecord>{it->second};
}

Status<> MemoryStore::delete_session(const std::string& token_hash) {
    std::lock_guard lock(mu_);
    if (down()) return unavailable();
    sessions_.erase(token_hash);
    return Ok{};
}

// ---- rate limits --------------------------------------------------------------------------------

Result<int64_t> MemoryStore::hit(const std::string& key, int64_t window_start) {
    std::lock_guard lock(mu_);
    if (down()) return unavailable();
    return ++counters_[{key, window_start}];
}

Result<int64_t> MemoryStore::claim(const std::string& key, int64_t now_ms, int64_t until_ms) {
    std::lock_guard lock(mu_);
    if (down()) return unavailable();
    int64_t& d = deadlines_[key];
    if (d > now_ms) return d;
    d = until_ms;
    return int64_t{0};
}

Result<int64_t> MemoryStore::deadline(const std::string& key) {
    std::lock_guard lock(mu_);
    if (down()) return unavailable();
    auto it = deadlines_.find(key);
    return it == deadlines_.end() ? int64_t{0} : it->second;
}

Status<> MemoryStore::forget(const std::string& key) {
    std::lock_guard lock(mu_);
    if (down()) return unavailable();
    deadlines_.erase(key);
    for (auto it = counters_.lower_bound({key, INT64_MIN}); it != counters_.end() && it->first.first == key;)
        it = counters_.erase(it);
    return Ok{};
}

} // namespace bk
