#include "service/memory_store.h"

#include <set>

#include <cstdint>

namespace bk {

namespace {
StoreError unavailable() { return store_unavailable("memory store switched off"); }
} // namespace


void MemoryStore::set_available(bool up) {
    std::lock_guard lock(mu_);
    available_ = up;
}

size_t MemoryStore::person_count() const {
    std::lock_guard lock(mu_);
    return persons_.size();
}

size_t MemoryStore::receipt_count() const {
    std::lock_guard lock(mu_);
    return receipts_.size();
}

// ---- registry -----------------------------------------------------------------------------------

StoreResult<std::optional<PersonRecord>> MemoryStore::find_person(const std::string& national_id) {
    std::lock_guard lock(mu_);
    if (down()) return unavailable();
    auto it = persons_.find(national_id);
    if (it == persons_.end()) return std::optional<PersonRecord>{};
    return std::optional<PersonRecord>{it->second};
}

StoreStatus MemoryStore::put_person(const PersonRecord& p) {
    std::lock_guard lock(mu_);
    if (down()) return unavailable();
    persons_[p.nationalId] = p;
    return Ok{};
}

// ---- credit codes and receipts ----------------------------------------------------------------------

StoreStatus MemoryStore::insert_code(const CodeRecord& c) {
    std::lock_guard lock(mu_);
    if (down()) return unavailable();
    if (!codes_.emplace(c.hash, c).second) return store_error(StoreErrorKind::Duplicate);
    return Ok{};
}

StoreResult<std::optional<CodeRecord>> MemoryStore::find_code(const std::string& hash) {
    std::lock_guard lock(mu_);
    if (down()) return unavailable();
    auto it = codes_.find(hash);
    if (it == codes_.end()) return std::optional<CodeRecord>{};
    return std::optional<CodeRecord>{it->second};
}

StoreResult<bool> MemoryStore::activate_code(const std::string& hash, int64_t now_ms) {
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

StoreResult<int> MemoryStore::spend_and_record(const std::string& code_hash, const ReceiptRecord& receipt) {
    std::lock_guard lock(mu_);
    if (down()) return unavailable();
    auto it = codes_.find(code_hash);
    if (it == codes_.end() || it->second.activatedAtMs == 0) return store_error(StoreErrorKind::NotFound);
    if (it->second.remaining <= 0) return store_error(StoreErrorKind::Exhausted);
    if (receipts_.count(receipt.trackingCode)) return store_error(StoreErrorKind::Duplicate);
    it->second.remaining -= 1;
    receipts_[receipt.trackingCode] = receipt;
    return it->second.remaining;
}

StoreStatus MemoryStore::record(const ReceiptRecord& receipt) {
    std::lock_guard lock(mu_);
    if (down()) return unavailable();
    if (!receipts_.emplace(receipt.trackingCode, receipt).second) return store_error(StoreErrorKind::Duplicate);
    return Ok{};
}

StoreResult<std::optional<ReceiptRecord>> MemoryStore::find_receipt(const std::string& tracking_code) {
    std::lock_guard lock(mu_);
    if (down()) return unavailable();
    auto it = receipts_.find(tracking_code);
    if (it == receipts_.end()) return std::optional<ReceiptRecord>{};
    return std::optional<ReceiptRecord>{it->second};
}

// ---- sessions -----------------------------------------------------------------------------------

StoreStatus MemoryStore::create_session(const SessionRecord& s) {
    std::lock_guard lock(mu_);
    if (down()) return unavailable();
    sessions_[s.tokenHash] = s;
    return Ok{};
}

StoreResult<std::optional<SessionRecord>> MemoryStore::find_session(const std::string& token_hash) {
    std::lock_guard lock(mu_);
    if (down()) return unavailable();
    auto it = sessions_.find(token_hash);
    if (it == sessions_.end()) return std::optional<SessionRecord>{};
    return std::optional<SessionRecord>{it->second};
}

StoreStatus MemoryStore::delete_session(const std::string& token_hash) {
    std::lock_guard lock(mu_);
    if (down()) return unavailable();
    sessions_.erase(token_hash);
    return Ok{};
}

// ---- rate limits --------------------------------------------------------------------------------

StoreResult<int64_t> MemoryStore::hit(const std::string& key, int64_t window_start) {
    std::lock_guard lock(mu_);
    if (down()) return unavailable();
    return ++counters_[{key, window_start}];
}

StoreResult<int64_t> MemoryStore::claim(const std::string& key, int64_t now_ms, int64_t until_ms) {
    std::lock_guard lock(mu_);
    if (down()) return unavailable();
    int64_t& d = deadlines_[key];
    if (d > now_ms) return d;
    d = until_ms;
    return int64_t{0};
}

StoreResult<int64_t> MemoryStore::deadline(const std::string& key) {
    std::lock_guard lock(mu_);
    if (down()) return unavailable();
    auto it = deadlines_.find(key);
    return it == deadlines_.end() ? int64_t{0} : it->second;
}

StoreStatus MemoryStore::forget(const std::string& key) {
    std::lock_guard lock(mu_);
    if (down()) return unavailable();
    deadlines_.erase(key);
    for (auto it = counters_.lower_bound({key, INT64_MIN}); it != counters_.end() && it->first.first == key;)
        it = counters_.erase(it);
    return Ok{};
}

// ---- retention ----------------------------------------------------------------------------------

StoreResult<PurgeCounts> MemoryStore::purge_batch(const RetentionPolicy& p) {
    std::lock_guard lock(mu_);
    if (down()) return unavailable();
    PurgeCounts n;
    auto erase_if = [&p](auto& table, auto expired, int64_t& count) {
        for (auto it = table.begin(); it != table.end() && count < p.batch;) {
            if (expired(*it)) { it = table.erase(it); ++count; }
            else ++it;
        }
    };
    erase_if(sessions_, [&](const auto& kv) { return kv.second.expiresAtMs <= p.nowMs; }, n.sessions);
    std::set<std::string> in_use; // codes a live session still spends from
    for (const auto& [token, session] : sessions_)
        if (session.expiresAtMs > p.nowMs) in_use.insert(session.codeHash);
    erase_if(codes_, [&](const auto& kv) {
        const CodeRecord& c = kv.second;
        return (c.issuedAtMs < p.codesIssuedBeforeMs || (c.activatedAtMs == 0 && c.activateByMs + 86400000 < p.nowMs)) &&
               !in_use.count(c.hash);
    }, n.codes);
    erase_if(counters_, [&](const auto& kv) { return kv.first.second < p.countersBeforeS; }, n.counters);
    erase_if(deadlines_, [&](const auto& kv) { return kv.second <= p.nowMs; }, n.deadlines);
    erase_if(receipts_, [&](const auto& kv) { return kv.second.atMs < p.receiptsBeforeMs; }, n.receipts);
    return n;
}

} // namespace bk
