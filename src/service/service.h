// service.h — the backend's domain in one facade: credit codes, sessions, inquiries. The HTTP
// server and the WASM demo call the same methods; every answer is an API DTO or an ApiError.
#pragma once
#include <atomic>
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
};

// Counters the server exports as metrics (monotonic).
struct ServiceCounters {
    uint64_t codesIssued = 0;
    uint64_t eligible = 0, notEligible = 0, undetermined = 0;
};

class Service {
public:
    Service(ServiceConfig config, Stores stores, Crypto& crypto, const Clock& clock, SmsSender& sms);

    api::ServiceInfo info() const;
    const ServiceConfig& config() const { return config_; }

    // POST /credit-codes: a code by SMS.
    api::ApiResult<api::CreditCodeIssued> request_code(const api::CreditCodeRequest& req, const std::string& ip);
    // POST /credit-codes/verify: activates (or resumes) a code; a session token for it.
    api::ApiResult<api::VerifyResponse> verify_code(const api::VerifyRequest& req, const std::string& ip);
    // GET /credit
    api::ApiResult<api::CreditState> credit(const std::string& session_token);
    // DELETE /session
    api::ApiResult<Ok> end_session(const std::string& session_token);
    // POST /inquiries: session_token may be empty in open-inquiry mode.
    api::ApiResult<api::InquiryAnswer> inquire(const std::string& session_token, const api::InquiryRequest& req,
                                               const std::string& ip);
    // GET /inquiries/{trackingCode}
    api::ApiResult<api::InquiryAnswer> find_inquiry(std::string_view tracking_code);
    // POST /ussd: a code for the caller's number; returns the text the phone shows.
    api::ApiResult<std::string> ussd_request(const std::string& msisdn);

    ServiceCounters counters() const {
        return ServiceCounters{codes_issued_.load(), eligible_.load(), not_eligible_.load(), undetermined_.load()};
    }

private:
    struct Issued { std::string code; };
    api::ApiResult<Issued> issue_code(const std::string& mobile, const std::string& ip, const char* channel);
    std::string code_hash(const std::string& mobile, const std::string& code);
    struct ActiveSession { SessionRecord session; CodeRecord code; };
    api::ApiResult<ActiveSession> load_session(const std::string& token);
    void count_outcome(api::Outcome o);

    ServiceConfig config_;
    Stores stores_;
    Crypto& crypto_;
    const Clock& clock_;
    SmsSender& sms_;
    AbuseLimits limits_;
    std::atomic<uint64_t> codes_issued_{0}, eligible_{0}, not_eligible_{0}, undetermined_{0};
};

} // namespace bk
