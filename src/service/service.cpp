#include "service/service.h"

#include <cstdio>

#include "core/digits.h"
#include "core/local_time.h"
#include "core/mobile.h"
#include "core/national_id.h"
#include "core/wait_for_reply.h"
#include "service/eligibility.h"
#include "service/tracking_code.h"

namespace bk {

namespace {

api::ApiError registry_unavailable() {
    api::ApiError e = api::make_api_error(503, "registry_unavailable");
    e.outcome = "undetermined";
    return e;
}

// 422 with the generic code and the specific reason's text.
api::ApiError invalid_value(const char* generic_code, const char* reason_code, const char* field) {
    api::ApiError e = api::make_api_error(422, generic_code, field);
    e.messageCode = reason_code;
    return e;
}

// The one reason every not-covered answer gives, whatever the cause.
constexpr const char* kNotCovered = "reason.not_covered";

} // namespace

Service::Service(ServiceConfig config, Stores stores, Crypto& crypto, const Clock& clock, SmsChannel& sms)
    : config_(std::move(config)), stores_(stores), crypto_(crypto), clock_(clock), sms_(sms), limits_(config_, stores.rates) {}

api::ServiceInfo Service::info(const Locale& lang) const {
    api::ServiceInfo s;
    s.openInquiry = config_.openInquiry;
    s.quotaPerCode = config_.quotaPerCode;
    s.codeTtlSeconds = config_.codeTtlSeconds;
    s.resendCooldownSeconds = config_.resendCooldownSeconds;
    s.ussdCode = config_.ussdCode;
    s.notice = lang.text(config_.openInquiry ? "ui.open_notice" : "ui.need_code");
    return s;
}

ServiceCounters Service::counters() const {
    return ServiceCounters{codes_issued_.load(), eligible_.load(), not_eligible_.load(), undetermined_.load(),
                           sms_sent_.load(), sms_failed_.load(), sms_refused_.load(), sms_.queued()};
}

// A store failure: 503 for the user, its detail once in the operator's log.
api::ApiError Service::unavailable(const char* operation, const StoreError& e) {
    if (log_) log_(operation, e);
    return api::make_api_error(503, "service_unavailable");
}

std::string Service::code_hash(const std::string& mobile, const std::string& code) {
    // mobile is always 11 digits, so "mobile‖code" cannot be ambiguous.
    return to_hex(crypto_.hmac_sha256(config_.hmacKey, mobile + code));
}

// ---- credit codes -------------------------------------------------------------------------------

api::ApiResult<Service::Issued> Service::issue_code(const std::string& mobile, const std::string& client, bool sms) {
    const int64_t now = clock_.now_ms();
    auto admitted = limits_.admit_issue(mobile, client, sms, now);
    if (!admitted) return admitted.error();

    for (int attempt = 0; attempt < 4; ++attempt) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "%06u", static_cast<unsigned>(crypto_.uniform(1000000)));
        CodeRecord rec;
        rec.hash = code_hash(mobile, buf);
        rec.mobile = mobile;
        rec.channel = sms ? "sms" : "ussd";
        rec.issuedAtMs = now;
        rec.activateByMs = now + int64_t(config_.codeTtlSeconds) * 1000;
        rec.total = config_.quotaPerCode;
        rec.remaining = config_.quotaPerCode;
        auto inserted = stores_.credits.insert_code(rec);
        if (inserted) {
            ++codes_issued_;
            return Issued{buf};
        }
        if (inserted.error().kind != StoreErrorKind::Duplicate) {
            limits_.release_cooldown(mobile);
            return unavailable("insert_code", inserted.error());
        }
        // The same code was issued to this mobile before: draw again.
    }
    limits_.release_cooldown(mobile);
    return api::make_api_error(503, "service_unavailable");
}

api::ApiResult<api::CreditCodeIssued> Service::request_code(const api::CreditCodeRequest& req, const std::string& client, const Locale& lang) {
    const MobileCheck m = check_mobile(req.mobile);
    if (!m.valid) return invalid_value("invalid_mobile", mobile_reason_code(m.reason), "mobile");

    auto issued = issue_code(m.normalized, client, true);
    if (!issued) return issued.error();
    const std::string mobile = m.normalized;
    const bool queued = sms_.submit(mobile, credit_code_sms_text(issued->code, config_.codeTtlSeconds, config_.smsHost, lang),
                                    [this, mobile](bool delivered) {
                                        if (delivered) { ++sms_sent_; return; }
                                        // Never arrived: the user may ask again at once.
                                        ++sms_failed_;
                                        limits_.release_cooldown(mobile);
                                    });
    if (!queued) {
        ++sms_refused_;
        limits_.release_cooldown(mobile);
        return api::make_api_error(503, "sms_failed");
    }
    return api::CreditCodeIssued{config_.codeTtlSeconds, config_.resendCooldownSeconds};
}

api::ApiResult<std::string> Service::ussd_request(const std::string& msisdn, const Locale& lang) {
    const MobileCheck m = check_mobile(msisdn);
    if (!m.valid) return invalid_value("invalid_mobile", mobile_reason_code(m.reason), "mobile");
    auto issued = issue_code(m.normalized, {}, false);
    if (!issued) return issued.error();
    return credit_code_ussd_text(issued->code, config_.codeTtlSeconds, lang);
}

api::ApiResult<api::VerifyResponse> Service::verify_code(const api::VerifyRequest& req, const std::string& client) {
    const MobileCheck m = check_mobile(req.mobile);
    if (!m.valid) return invalid_value("invalid_mobile", mobile_reason_code(m.reason), "mobile");
    const std::string code = normalize_digits(req.code);
    if (code.empty()) return api::make_api_error(422, "code_required", "code");
    if (code.size() != 6 || !all_ascii_digits(code)) return api::make_api_error(422, "code_format", "code");

    const int64_t now = clock_.now_ms();
    auto attempt = limits_.begin_verify(m.normalized, client, now); // counted before the code is checked
    if (!attempt) return attempt.error();

    const std::string hash = code_hash(m.normalized, code);
    auto found = stores_.credits.find_code(hash);
    if (!found) return unavailable("find_code", found.error());
    if (!found->has_value()) return limits_.wrong_code(m.normalized, client, *attempt, now);

    const CodeRecord& rec = **found;
    if (rec.activatedAtMs == 0) {
        auto active = stores_.credits.activate_code(hash, now);
        if (!active) return unavailable("activate_code", active.error());
        if (!*active) return api::make_api_error(422, api::error::kCodeExpired, "code");
    } else if (rec.remaining <= 0) {
        return api::make_api_error(403, api::error::kCreditExhausted, "code");
    }
    limits_.right_code(m.normalized, client);

    uint8_t raw[16];
    crypto_.random_bytes(raw, sizeof raw);
    const std::string token = to_hex(raw, sizeof raw);
    SessionRecord s;
    s.tokenHash = to_hex(sha256(token));
    s.codeHash = hash;
    s.mobile = m.normalized;
    s.createdAtMs = now;
    s.expiresAtMs = now + int64_t(config_.sessionTtlSeconds) * 1000;
    if (auto created = stores_.sessions.create_session(s); !created) return unavailable("create_session", created.error());

    api::VerifyResponse out;
    out.sessionToken = token;
    out.credit = api::CreditState{mask_mobile(m.normalized), rec.remaining, rec.total, config_.openInquiry};
    return out;
}

// ---- sessions -----------------------------------------------------------------------------------

api::ApiResult<Service::ActiveSession> Service::load_session(const std::string& token) {
    if (token.empty()) return api::make_api_error(401, "session_required");
    if (token.size() > 128) return api::make_api_error(401, "session_expired");
    auto s = stores_.sessions.find_session(to_hex(sha256(token)));
    if (!s) return unavailable("find_session", s.error());
    if (!s->has_value() || (*s)->expiresAtMs <= clock_.now_ms()) return api::make_api_error(401, "session_expired");
    auto c = stores_.credits.find_code((*s)->codeHash);
    if (!c) return unavailable("find_code", c.error());
    if (!c->has_value()) return api::make_api_error(401, "session_expired");
    return ActiveSession{**s, **c};
}

api::ApiResult<api::CreditState> Service::credit(const std::string& session_token) {
    auto a = load_session(session_token);
    if (!a) return a.error();
    return api::CreditState{mask_mobile(a->code.mobile), a->code.remaining, a->code.total, config_.openInquiry};
}

api::ApiResult<Ok> Service::end_session(const std::string& session_token) {
    if (session_token.empty()) return api::make_api_error(401, "session_required");
    if (auto d = stores_.sessions.delete_session(to_hex(sha256(session_token))); !d) return unavailable("delete_session", d.error());
    return Ok{};
}

// ---- inquiries ----------------------------------------------------------------------------------

api::ApiError Service::undetermined(const char* operation, const StoreError& e) {
    if (log_) log_(operation, e);
    ++undetermined_;
    return registry_unavailable();
}

api::ApiResult<api::InquiryAnswer> Service::inquire(const std::string& session_token, const api::InquiryRequest& req,
                                                    const std::string& client) {
    return wait_for_reply<api::ApiResult<api::InquiryAnswer>>([&](InquiryDone done) { inquire(session_token, req, client, std::move(done)); });
}

void Service::inquire(const std::string& session_token, const api::InquiryRequest& req, const std::string& client, InquiryDone done) {
    // The ID is checked before anything else: an invalid ID costs no credit.
    const NationalIdCheck id = check_national_id(req.nationalId);
    if (!id.valid) return done(invalid_value("invalid_national_id", national_id_reason_code(id.reason), "nationalId"));

    std::string token_hash;
    if (config_.openInquiry) {
        auto admitted = limits_.admit_open_inquiry(client, clock_.now_ms());
        if (!admitted) return done(admitted.error());
    } else {
        if (session_token.empty()) return done(api::make_api_error(401, "session_required"));
        if (session_token.size() > 128) return done(api::make_api_error(401, "session_expired"));
        token_hash = to_hex(sha256(session_token));
    }

    // One read for the session, its code, the person and the main insured (one round trip on
    // PostgreSQL). Any failure makes the answer undetermined, and nothing is spent.
    auto read = stores_.reads.read_for_inquiry(token_hash, id.normalized);
    if (!read) return done(undetermined("read_for_inquiry", read.error()));
    std::string spend_from;
    if (!config_.openInquiry) {
        if (!read->session || read->session->expiresAtMs <= clock_.now_ms() || !read->code)
            return done(api::make_api_error(401, "session_expired"));
        if (read->code->remaining <= 0) return done(api::make_api_error(403, api::error::kCreditExhausted));
        spend_from = read->code->hash;
    }
    const std::optional<PersonRecord>& person = read->person;
    const PersonRecord* main = person && person->relation != Relation::Main && read->main ? &*read->main : nullptr;

    const int64_t now = clock_.now_ms();
    const GregorianDate on = local_time(now, config_.utcOffsetMinutes).date;
    Decision d;
    if (person) d = evaluate_eligibility(*person, main, on);

    // The receipt is what the answer shows, and the answer is built from the receipt: the same
    // fields for every not-covered answer (see service.h), and a later lookup gives the same.
    ReceiptRecord receipt;
    receipt.nationalId = id.normalized;
    receipt.eligible = d.eligible;
    receipt.validUntilDays = d.eligible ? days_from_epoch(answer_valid_until(d, on)) : 0;
    receipt.atMs = now;

    if (!config_.openInquiry) return spend(std::move(spend_from), std::move(receipt), 0, std::move(done));
    // Open mode spends nothing: the receipt is recorded (a new tracking code if one ever collides).
    for (int attempt = 0; attempt < 3; ++attempt) {
        receipt.trackingCode = new_tracking_code(crypto_);
        auto recorded = stores_.credits.record(receipt);
        if (recorded) {
            api::InquiryAnswer a = answer_of(receipt);
            count_outcome(a.outcome);
            return done(std::move(a));
        }
        if (recorded.error().kind != StoreErrorKind::Duplicate) return done(undetermined("record", recorded.error()));
    }
    ++undetermined_;
    done(registry_unavailable());
}

void Service::spend(std::string code_hash, ReceiptRecord receipt, int attempt, InquiryDone done) {
    if (attempt == 3) {
        ++undetermined_;
        return done(registry_unavailable());
    }
    receipt.trackingCode = new_tracking_code(crypto_);
    // The credit and the receipt in one atomic step; the answer only once it is durable.
    const std::string hash = code_hash;
    const ReceiptRecord r = receipt;
    stores_.credits.spend_and_record_async(hash, r, [this, code_hash = std::move(code_hash), receipt = std::move(receipt), attempt,
                                                     done = std::move(done)](StoreResult<int> spent) mutable {
        try {
            answer_spend(std::move(code_hash), std::move(receipt), attempt, spent, done);
        } catch (...) { // (std::bad_alloc): the request is answered all the same, never dropped
            ++undetermined_;
            done(registry_unavailable());
        }
    });
}

void Service::answer_spend(std::string code_hash, ReceiptRecord receipt, int attempt, const StoreResult<int>& spent, InquiryDone& done) {
    if (spent) {
        api::InquiryAnswer a = answer_of(receipt);
        a.remaining = *spent;
        count_outcome(a.outcome);
        return done(std::move(a));
    }
    switch (spent.error().kind) {
    case StoreErrorKind::Exhausted: return done(api::make_api_error(403, api::error::kCreditExhausted));
    case StoreErrorKind::NotFound: return done(api::make_api_error(401, "session_expired"));
    case StoreErrorKind::Duplicate: return spend(std::move(code_hash), std::move(receipt), attempt + 1, std::move(done));
    case StoreErrorKind::Unavailable: return done(undetermined("record", spent.error()));
    }
}

void Service::count_outcome(api::Outcome o) {
    if (o == api::Outcome::Eligible) ++eligible_;
    else ++not_eligible_;
}

api::ApiResult<api::InquiryAnswer> Service::find_inquiry(std::string_view tracking_code, const std::string& client) {
    auto admitted = limits_.admit_receipt_lookup(client, clock_.now_ms());
    if (!admitted) return admitted.error();
    const auto canonical = parse_tracking_code(tracking_code);
    if (!canonical) return api::make_api_error(404, "not_found");
    auto rec = stores_.credits.find_receipt(*canonical);
    if (!rec) return unavailable("find_receipt", rec.error());
    if (!rec->has_value()) return api::make_api_error(404, "not_found");
    return answer_of(**rec);
}

api::InquiryAnswer Service::answer_of(const ReceiptRecord& r) const {
    const LocalTime at = local_time(r.atMs, config_.utcOffsetMinutes);
    api::InquiryAnswer a;
    a.nationalId = r.nationalId;
    a.outcome = r.eligible ? api::Outcome::Eligible : api::Outcome::NotEligible;
    a.checkedAt = format_iso_date(at.date);
    a.checkedAtJalali = format_jalali(to_jalali(at.date), false);
    a.checkedAtTime = format_hh_mm(at);
    if (r.eligible) {
        const GregorianDate until = date_from_epoch_days(r.validUntilDays);
        a.validUntil = format_iso_date(until);
        a.validUntilJalali = format_jalali(to_jalali(until), false);
    } else {
        a.reasonCode = kNotCovered;
        a.reason = Locale::fallback().text(kNotCovered); // the route puts it in the request's language
    }
    a.trackingCode = format_tracking_code(r.trackingCode);
    a.remaining = -1; // a receipt does not know the credit: only the spend does
    return a;
}

} // namespace bk
