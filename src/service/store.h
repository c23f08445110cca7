// store.h — the storage contract of the service. Engines: MemoryStore (service/memory_store.*:
// tests and the in-page demo), SqliteStore and PgStore (server/). Every engine passes the same
// conformance suite (tests/store/store_conformance.h).
//
// For every method:
//   - Thread safety: called from many threads at once (the server's workers); an engine
//     serialises internally where it must. Nothing is cached across calls that another server
//     process could make stale: several servers may share one PostgreSQL database.
//   - Errors are values, never exceptions. StoreError::kind tells the caller what happened;
//     `detail` is for the operator's log and never holds a code, token, mobile or national ID.
//       Unavailable — the database did not answer or failed (down, disk full, read-only). The
//                     call may or may not have taken effect only where the method says so.
//       Duplicate   — a key that must be new already exists. Nothing was written.
//       Exhausted   — a credit code has no credit left. Nothing was written.
//       NotFound    — the code to spend from does not exist or was never activated.
//                     Nothing was written.
//   - Results are [[nodiscard]]: a write whose failure is ignored is a bug.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/result.h"
#include "service/model.h"

namespace bk {

enum class StoreErrorKind { Unavailable, Duplicate, Exhausted, NotFound };
const char* store_error_name(StoreErrorKind k); // "unavailable", "duplicate", …

struct StoreError {
    StoreErrorKind kind = StoreErrorKind::Unavailable;
    std::string detail;   // for logs: what failed and the engine's own message
};

template <class T>
using StoreResult = Result<T, StoreError>;

// Where a store error goes: the operator's log, once, without personal data.
using StoreErrorLog = std::function<void(const char* operation, const StoreError& error)>;
using StoreStatus = StoreResult<Ok>;

inline StoreError store_unavailable(std::string detail) { return StoreError{StoreErrorKind::Unavailable, std::move(detail)}; }
inline StoreError store_error(StoreErrorKind kind) { return StoreError{kind, {}}; }

class RegistryStore {
public:
    virtual ~RegistryStore() = default;
    // The person with this national ID (10 ASCII digits), or nothing. Read only.
    virtual StoreResult<std::optional<PersonRecord>> find_person(const std::string& national_id) = 0;
    // Inserts or replaces one person. Idempotent.
    virtual StoreStatus put_person(const PersonRecord& p) = 0;
};

// A spend's answer: the credit left, or the error spend_and_record() would return.
using SpendDone = std::function<void(StoreResult<int>)>;

class CreditStore {
public:
    virtual ~CreditStore() = default;
    // Inserts a new code. Duplicate when its hash exists (the caller draws another code).
    virtual StoreStatus insert_code(const CodeRecord& c) = 0;
    virtual StoreResult<std::optional<CodeRecord>> find_code(const std::string& hash) = 0;
    // Pending → active when now < activateByMs; true when it is active afterwards (also when it
    // already was), false when it expired unactivated or does not exist. Atomic: two
    // verifications at once activate it once.
    virtual StoreResult<bool> activate_code(const std::string& hash, int64_t now_ms) = 0;
    // Spends one credit of an active code and records the receipt, in one atomic step: both or
    // neither. Returns the credit left. Exhausted when none was left; NotFound when the code does
    // not exist or is not active; Duplicate when the tracking code exists (nothing spent).
    // Unavailable: nothing was spent and nothing recorded. Blocks until it is durable; never call
    // it from a SpendDone (the SQL engines would wait for their own writer thread).
    virtual StoreResult<int> spend_and_record(const std::string& code_hash, const ReceiptRecord& receipt) = 0;
    // The same, answered when it is done: `done` is called exactly once, with what
    // spend_and_record() would return. The SQL engines queue it for their writer thread, which
    // commits every spend waiting in one transaction (group commit, server/write_batcher.h) and
    // then calls `done` there; this returns at once. A commit that fails answers every spend of
    // its batch Unavailable, and none of them is spent. The default (MemoryStore) answers on the
    // calling thread before it returns. `done` must not block; it may call the store again.
    virtual void spend_and_record_async(const std::string& code_hash, const ReceiptRecord& receipt, SpendDone done) {
        done(spend_and_record(code_hash, receipt));
    }
    // Records a receipt that spends nothing (open-inquiry mode). Duplicate when the tracking code
    // exists. Readable by find_receipt() as soon as this returns; an engine may make it durable
    // a few milliseconds later (SQLite writes these in batches), and a crash in that window loses
    // it — src/server/OPERATIONS.md says so.
    virtual StoreStatus record(const ReceiptRecord& receipt) = 0;
    virtual StoreResult<std::optional<ReceiptRecord>> find_receipt(const std::string& tracking_code) = 0;
};

class SessionStore {
public:
    virtual ~SessionStore() = default;
    // Inserts or replaces. Idempotent.
    virtual StoreStatus create_session(const SessionRecord& s) = 0;
    virtual StoreResult<std::optional<SessionRecord>> find_session(const std::string& token_hash) = 0;
    // Idempotent: deleting what is not there succeeds.
    virtual StoreStatus delete_session(const std::string& token_hash) = 0;
};

// Counters and deadlines for abuse limits. Keys are opaque strings built by abuse_limits.cpp.
class RateStore {
public:
    virtual ~RateStore() = default;
    // Adds one to the counter of (key, window_start in seconds) and returns the new count.
    // Atomic: n concurrent hits return 1…n, each once.
    virtual StoreResult<int64_t> hit(const std::string& key, int64_t window_start) = 0;
    // Sets key's deadline to `until` if the current one has passed (≤ now); returns 0 when it
    // was set, or the deadline that still holds. Atomic: of concurrent claims one gets 0.
    virtual StoreResult<int64_t> claim(const std::string& key, int64_t now_ms, int64_t until_ms) = 0;
    virtual StoreResult<int64_t> deadline(const std::string& key) = 0; // 0 when none
    // Drops the key's counters (every window) and its deadline. Idempotent.
    virtual StoreStatus forget(const std::string& key) = 0;
};

// Everything an inquiry reads, in one call: the session for a token hash, its code, the person
// and, for a dependant, the main insured.
struct InquiryRead {
    std::optional<SessionRecord> session;   // nothing when not found (or not asked: empty hash)
    std::optional<CodeRecord> code;         // the session's code
    std::optional<PersonRecord> person;
    std::optional<PersonRecord> main;       // the person's main insured, when a dependant
};

class InquiryReadStore {
public:
    virtual ~InquiryReadStore() = default;
    // As find_session(token_hash) (skipped when token_hash is empty), find_code(its code hash),
    // find_person(national_id) and find_person(its main_id) would answer, in one call: an engine
    // across a network (PostgreSQL) answers it in one round trip. Read only. Unavailable when
    // any part could not be read (nothing partial is returned).
    virtual StoreResult<InquiryRead> read_for_inquiry(const std::string& token_hash, const std::string& national_id) = 0;
};

// read_for_inquiry() from the single reads, for engines where a call costs no round trip.
StoreResult<InquiryRead> read_for_inquiry_in_parts(SessionStore& sessions, CreditStore& credits, RegistryStore& registry,
                                                   const std::string& token_hash, const std::string& national_id);

// What may be deleted: everything that expired, and receipts older than the retention.
struct RetentionPolicy {
    int64_t nowMs = 0;
    int64_t receiptsBeforeMs = 0;   // receipts recorded before this are deleted
    int64_t codesIssuedBeforeMs = 0; // codes issued before this are deleted (used up or not)
    int64_t countersBeforeS = 0;    // counter windows that began before this (seconds)
    int batch = 500;                // at most this many rows of each kind per call
};

struct PurgeCounts {
    int64_t sessions = 0, codes = 0, counters = 0, deadlines = 0, receipts = 0;
    int64_t total() const { return sessions + codes + counters + deadlines + receipts; }
};

class MaintenanceStore {
public:
    virtual ~MaintenanceStore() = default;
    // Deletes at most policy.batch rows of each kind, each kind in its own short transaction, so
    // inquiries are never held up for long; the caller repeats (with a pause) while a count
    // reached the batch. Expired: sessions past expiry, codes never activated and a day past
    // their deadline, deadlines passed. A code a live session spends from is never deleted,
    // however old. Idempotent.
    virtual StoreResult<PurgeCounts> purge_batch(const RetentionPolicy& policy) = 0;
};

} // namespace bk
