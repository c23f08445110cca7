// service.h — the backend's domain in one facade: credit codes, sessions, inquiries, receipts.
// The HTTP server and the WASM demo call the same methods; every answer is an API DTO or an
// ApiError. `client` is the key of whoever asks (server/client_address.h), for the limits.
//
// What an answer tells (the data-minimisation rule): whether the person is covered for
// outpatient services on the day of the check, until when (never past the end of the current
// Jalali month, and never a date that comes from a birthday, a marriage or a job), the tracking
// code, and the credit left. Every not-covered answer has the same fields and the same reason
// («پوشش بیمه ای فعال نیست»), whatever the cause — not in the registry, lapsed, revoked, a
// dependant's status — so an answer never tells who is in the registry or any family fact.
//
// Contract, for every public method:
//   - Thread safety: any thread, at once — the server calls it from every I/O thread and worker.
//     The service keeps no per-request state; what it shares (the counters, the per-process
//     token buckets of AbuseLimits) is atomic or behind its own mutex, and everything else is
//     in the stores, whose engines serialise what they must (store.h). set_error_log() is the
//     exception: call it once, before serving.
//   - Errors: every outcome is a value — an answer, or an api::ApiError with an HTTP status and a
//     code from the catalogs (400/422 bad input, 401 session, 403 credit, 429 limits with
//     retryAfter, 503 when a store cannot answer: for an inquiry that is "undetermined", with
//     nothing spent). A store's error is logged once through the error log, never shown to the
//     caller. Nothing throws but std::bad_alloc.
//   - Blocking: each call may wait on its stores (a database round trip), except inquire() with
//     a callback, which waits only on reads and returns before a credit is spent.
#pragma once
#include <atomic>
#include <functional>
#include <string>
#include <string_view>

#include "core/api.h"
#include "core/clock.h"
#include "service/abuse_limits.h"
#include "service/config.h"
#include "service/crypto.h"
#include "service/sms.h"
#include "service/store.h"

namespace bk {

struct Stores {
    RegistryStore& registry;
    CreditStore& credits;
    SessionStore& sessions;
    RateStore& rates;
    InquiryReadStore& reads;
};

// Counters the server exports as metrics (monotonic).
struct ServiceCounters {
    uint64_t codesIssued = 0;
    uint64_t eligible = 0, notEligible = 0, undetermined = 0;
    uint64_t smsSent = 0, smsFailed = 0, smsRefused = 0; // refused: the queue was full
    uint64_t smsQueued = 0;                               // accepted, not yet sent
};

class Service {
public:
    Service(ServiceConfig config, Stores stores, Crypto& crypto, const Clock& clock, SmsChannel& sms);

    api::ServiceInfo info(const Locale& lang = Locale::fallback()) const;
    const ServiceConfig& config() const { return config_; }
    // Where store errors go (set before serving): the service's own and the abuse limits'.
    void set_error_log(StoreErrorLog log) {
        limits_.set_error_log(log);
        log_ = std::move(log);
    }

    // POST /credit-codes: a code by SMS (202 once the SMS is queued).
    api::ApiResult<api::CreditCodeIssued> request_code(const api::CreditCodeRequest& req, const std::string& client,
                                                       const Locale& lang = Locale::fallback());
    // POST /credit-codes/verify: activates (or resumes) a code; a session token for it.
    api::ApiResult<api::VerifyResponse> verify_code(const api::VerifyRequest& req, const std::string& client);
    // GET /credit
    api::ApiResult<api::CreditState> credit(const std::string& session_token);
    // DELETE /session
    api::ApiResult<Ok> end_session(const std::string& session_token);
    // POST /inquiries: session_token may be empty in open-inquiry mode. `done` gets the answer
    // exactly once: on the calling thread when nothing is spent (an error, open mode), else on
    // the thread the store answers a spend on (CreditStore::spend_and_record_async: the SQL
    // stores' writer thread, after the commit). The reads run on the calling thread.
    using InquiryDone = std::function<void(api::ApiResult<api::InquiryAnswer>)>;
    void inquire(const std::string& session_token, const api::InquiryRequest& req, const std::string& client, InquiryDone done);
    // The same, waiting for the answer (tests, the FHIR batch, the in-page demo).
    api::ApiResult<api::InquiryAnswer> inquire(const std::string& session_token, const api::InquiryRequest& req,
                                               const std::string& client);
    // GET /inquiries/{trackingCode}
    api::ApiResult<api::InquiryAnswer> find_inquiry(std::string_view tracking_code, const std::string& client);
    // POST /ussd: a code for the caller's number; returns the text the phone shows.
    api::ApiResult<std::string> ussd_request(const std::string& msisdn, const Locale& lang = Locale::fallback());

    ServiceCounters counters() const;
    SmsBudget sms_budget() const { return limits_.sms_budget(clock_.now_ms()); }

private:
    // The answer a receipt stands for (an inquiry's, and a later lookup's: the same function).
    api::InquiryAnswer answer_of(const ReceiptRecord& r) const;
    struct Issued { std::string code; };
    api::ApiResult<Issued> issue_code(const std::string& mobile, const std::string& client, bool sms);
    std::string code_hash(const std::string& mobile, const std::string& code);
    struct ActiveSession { SessionRecord session; CodeRecord code; };
    api::ApiResult<ActiveSession> load_session(const std::string& token);
    api::ApiError unavailable(const char* operation, const StoreError& e);
    void count_outcome(api::Outcome o);
    // Spends one credit and records `receipt` under a new tracking code (another one, up to 3
    // tries in all, when a code collides), then answers `done`.
    void spend(std::string code_hash, ReceiptRecord receipt, int attempt, InquiryDone done);
    void answer_spend(std::string code_hash, ReceiptRecord receipt, int attempt, const StoreResult<int>& spent, InquiryDone& done);
    api::ApiError undetermined(const char* operation, const StoreError& e);

    ServiceConfig config_;
    Stores stores_;
    Crypto& crypto_;
    const Clock& clock_;
    SmsChannel& sms_;
    AbuseLimits limits_;
    StoreErrorLog log_;
    std::atomic<uint64_t> codes_issued_{0}, eligible_{0}, not_eligible_{0}, undetermined_{0};
    std::atomic<uint64_t> sms_sent_{0}, sms_failed_{0}, sms_refused_{0};
};

} // namespace bk
