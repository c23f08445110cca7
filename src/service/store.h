// store.h — the storage interfaces the service needs. Implementations: MemoryStore here (tests,
// the WASM demo), SQLite and PostgreSQL in server/. Every call can fail (a database that is
// down): failures come back as Error values, never exceptions, so the service can answer
// "undetermined" and spend nothing.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "core/result.h"
#include "service/model.h"

namespace bk {

class RegistryStore {
public:
    virtual ~RegistryStore() = default;
    virtual Result<std::optional<PersonRecord>> find_person(const std::string& national_id) = 0;
    virtual Status<> put_person(const PersonRecord& p) = 0; // insert or replace
};

class CreditStore {
public:
    virtual ~CreditStore() = default;
    virtual Status<> insert_code(const CodeRecord& c) = 0;
    virtual Result<std::optional<CodeRecord>> find_code(const std::string& hash) = 0;
    // Pending → active when now < activateByMs; true when it is active afterwards (also when it
    // already was). Atomic: two verifications of one code cannot both activate it twice.
    virtual Result<bool> activate_code(const std::string& hash, int64_t now_ms) = 0;
    // Spends one credit and records the inquiry in one atomic step; returns the remaining credit.
    // Error "credit_exhausted" when nothing was left (and nothing is recorded).
    virtual Result<int> spend_and_log(const std::string& hash, const InquiryRecord& rec) = 0;
    // Records an inquiry that spends nothing (open-inquiry mode).
    virtual Status<> log_inquiry(const InquiryRecord& rec) = 0;
    virtual Result<std::optional<InquiryRecord>> find_inquiry(const std::string& tracking_code) = 0;
};

class SessionStore {
public:
    virtual ~SessionStore() = default;
    virtual Status<> create_session(const SessionRecord& s) = 0;
    virtual Result<std::optional<SessionRecord>> find_session(const std::string& token_hash) = 0;
    virtual Status<> delete_session(const std::string& token_hash) = 0;
};

// Counters and deadlines for abuse limits. Keys are opaque strings built by rate_limits.cpp.
class RateStore {
public:
    virtual ~RateStore() = default;
    // Adds one to the counter of (key, window_start) and returns the new count.
    virtual Result<int64_t> hit(const std::string& key, int64_t window_start) = 0;
    // Sets key's deadline to `until` if the current one has passed (≤ now); returns 0 when it
    // was set, or the deadline that still holds. Atomic (cool-downs across servers).
    virtual Result<int64_t> claim(const std::string& key, int64_t now_ms, int64_t until_ms) = 0;
    virtual Result<int64_t> deadline(const std::string& key) = 0; // 0 when none
    virtual Status<> forget(const std::string& key) = 0;          // drops counters and deadline
};

} // namespace bk
