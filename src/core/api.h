// api.h — the DTOs of the /api/v1 contract (the table in src/server/API.md) and their JSON codec.
// Decoding never throws and never aborts: malformed or hostile JSON (wrong types, huge numbers,
// missing fields, deep nesting, invalid UTF-8) gives an ApiError value.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "core/locale.h"
#include "core/result.h"

namespace bk::api {

using bk::Locale;

// ---- errors ------------------------------------------------------------------------------------
// The one error shape: {"error":{"code","message","messageEn","field","retryAfter"}}. "message"
// is in the request's language (Accept-Language, core/locale.h), "messageEn" always English (for
// integrators' logs); "code" is the same in every language.
struct ApiError {
    int status = 0;          // HTTP status; 0 = no response (network failure)
    std::string code;        // "invalid_national_id", …
    std::string messageCode; // the catalog code of its text (a more specific one than `code`, or empty: `code`'s)
    std::string message;     // decoded: the text the server sent (encode() writes the catalog's)
    std::string field;       // the request field at fault, or empty
    int retryAfter = 0;      // seconds, for 429 (also sent as the Retry-After header)
    std::string outcome;     // "undetermined" when an inquiry could not be answered (503)
    int attemptsLeft = -1;   // invalid_code: wrong codes still allowed before the lock (-1: not said)

    // The catalog code of its text.
    const std::string& text_code() const { return messageCode.empty() ? code : messageCode; }
};

// An ApiError whose text is the catalog's for `code`.
ApiError make_api_error(int status, std::string_view code, std::string_view field = {}, int retry_after = 0);

// The error codes and request fields that code on both sides of the API acts on, so the side that
// answers and the side that reacts name each the same way (every code is also a catalog msgid).
namespace error {
inline constexpr const char* kCreditExhausted = "credit_exhausted";
inline constexpr const char* kInvalidCode = "invalid_code";
inline constexpr const char* kCodeExpired = "code_expired";
inline constexpr const char* kResendCooldown = "resend_cooldown";
inline constexpr const char* kServiceUnreachable = "service_unreachable"; // the client's own: no answer came
} // namespace error
namespace field {
inline constexpr const char* kMobile = "mobile";
inline constexpr const char* kCode = "code";
inline constexpr const char* kNationalId = "nationalId";
} // namespace field

template <class T>
using ApiResult = Result<T, ApiError>;

// ---- DTOs --------------------------------------------------------------------------------------
struct ServiceInfo {                 // GET /api/v1/service
    bool openInquiry = false;        // unlimited mode: inquiries need no credit code
    int quotaPerCode = 20;
    int codeTtlSeconds = 180;
    int resendCooldownSeconds = 60;
    std::string ussdCode;            // e.g. "*4*420*99#"
    std::string notice;              // the notice, in the request's language
};

struct CreditCodeRequest { std::string mobile; };          // POST /api/v1/credit-codes
struct CreditCodeIssued { int expiresIn = 0; int resendIn = 0; }; // 202

struct VerifyRequest { std::string mobile; std::string code; }; // POST /api/v1/credit-codes/verify

struct CreditState {                 // GET /api/v1/credit
    std::string mobile;              // masked: 0912***2580
    int remaining = 0;
    int total = 0;
    bool unlimited = false;
};

struct VerifyResponse {
    std::string sessionToken;
    CreditState credit;
};

struct InquiryRequest { std::string nationalId; };        // POST /api/v1/inquiries

struct UssdRequest { std::string msisdn; };               // POST /api/v1/ussd (the aggregator)
struct UssdReply { std::string text; };                   // what the phone shows

enum class Outcome { Eligible, NotEligible, Undetermined };
const char* outcome_code(Outcome o);                      // "eligible", "not_eligible", "undetermined"
bool parse_outcome(std::string_view s, Outcome& out);

struct InquiryAnswer {
    std::string nationalId;
    Outcome outcome = Outcome::Undetermined;
    std::string coverage = "outpatient";
    std::string checkedAt;           // ISO date of the inquiry (Tehran calendar day)
    std::string checkedAtJalali;     // 1404/09/04 (ASCII digits on the wire)
    std::string checkedAtTime;       // 14:05 (Tehran), for the receipt
    std::string validUntil;          // ISO, empty when there is none
    std::string validUntilJalali;
    std::string insuranceType;       // code: "employee", "self_employed", "optional", "pensioner"
    std::string relation;            // code: "main", "spouse", "daughter", "son", "father", "mother"
    std::string reasonCode;          // empty when eligible
    std::string reason;              // Persian sentence when not eligible
    std::string trackingCode;        // XXXX-XXXX-XXXX-XXXX (Crockford base32, 80 bits)
    int remaining = -1;              // credit left after this inquiry; -1 in unlimited mode
};

// ---- codec -------------------------------------------------------------------------------------
// Requests are decoded strictly (unknown fields rejected: 400 unknown_field); responses
// leniently (unknown fields ignored) so old clients survive new servers.
constexpr size_t kMaxJsonBytes = 16 * 1024;
constexpr int kMaxJsonDepth = 8;
// Whether JSON text nests at most max_depth arrays and objects (strings skipped), checked in
// one linear scan before a parser recurses into it.
bool json_depth_within(std::string_view s, int max_depth);
// Appends s as a JSON string, exactly as nlohmann's dump() writes it: plain ASCII as is,
// anything to escape (or to check as UTF-8) through nlohmann. For answers written directly.
void append_json_string(std::string& out, const std::string& s);

// In `lang`'s words (the default language's when not given).
std::string encode(const ApiError& e, const Locale& lang);
std::string encode(const ApiError& e);
std::string encode(const ServiceInfo& v);
std::string encode(const CreditCodeRequest& v);
std::string encode(const CreditCodeIssued& v);
std::string encode(const VerifyRequest& v);
std::string encode(const CreditState& v);
std::string encode(const VerifyResponse& v);
std::string encode(const InquiryRequest& v);
std::string encode(const InquiryAnswer& v);
std::string encode(const UssdReply& v);

ApiResult<CreditCodeRequest> decode_credit_code_request(std::string_view body);
ApiResult<VerifyRequest> decode_verify_request(std::string_view body);
ApiResult<InquiryRequest> decode_inquiry_request(std::string_view body);
ApiResult<UssdRequest> decode_ussd_request(std::string_view body);

ApiResult<ServiceInfo> decode_service_info(std::string_view body);
ApiResult<CreditCodeIssued> decode_credit_code_issued(std::string_view body);
ApiResult<CreditState> decode_credit_state(std::string_view body);
ApiResult<VerifyResponse> decode_verify_response(std::string_view body);
ApiResult<InquiryAnswer> decode_inquiry_answer(std::string_view body);
// Decodes an error body; when the body is not the error shape, a generic error for `status`.
ApiError decode_error(int status, std::string_view body);

// What GET /api/v1/service said while the page loaded:
//   Service — the service's JSON: talk to it;
//   NoApi   — 404, or an HTML page (a static host's fallback): there is no backend, the page may
//             run its in-page demo;
//   Failed  — anything else (no answer, a timeout, a 5xx, a body we cannot read): the backend
//             exists but failed; show the error and retry. Never the demo: its answers are fake.
enum class ServiceProbe { Service, NoApi, Failed };
ServiceProbe classify_service_probe(int status, std::string_view body);

} // namespace bk::api
