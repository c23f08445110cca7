#include "core/api.h"

#include <climits>
#include <initializer_list>
#include <nlohmann/json.hpp>

#include "core/locale.h"

namespace bk::api {

using json = nlohmann::json;

ApiError make_api_error(int status, std::string_view code, std::string_view field, int retry_after) {
    return ApiError{status, std::string(code), {}, {}, std::string(field), retry_after, {}, -1};
}

const char* outcome_code(Outcome o) {
    switch (o) {
    case Outcome::Eligible: return "eligible";
    case Outcome::NotEligible: return "not_eligible";
    case Outcome::Undetermined: return "undetermined";
    }
    return "undetermined";
}

bool parse_outcome(std::string_view s, Outcome& out) {
    if (s == "eligible") { out = Outcome::Eligible; return true; }
    if (s == "not_eligible") { out = Outcome::NotEligible; return true; }
    if (s == "undetermined") { out = Outcome::Undetermined; return true; }
    return false;
}

bool json_depth_within(std::string_view s, int max_depth) {
    int depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') in_string = true;
        else if (c == '[' || c == '{') { if (++depth > max_depth) return false; }
        else if (c == ']' || c == '}') --depth;
    }
    return true;
}

namespace {

// ---- parsing helpers ---------------------------------------------------------------------------

ApiResult<json> parse_object(std::string_view body) {
    if (body.size() > kMaxJsonBytes) return make_api_error(413, "body_too_large");
    if (!json_depth_within(body, kMaxJsonDepth)) return make_api_error(400, "bad_json");
    json j = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) return make_api_error(400, "bad_json");
    return j;
}

// Reads the fields of one object; the first problem wins and later reads become no-ops.
class Fields {
public:
    explicit Fields(const json& obj) : obj_(obj) {}

    void string(const char* key, std::string& out, bool required, size_t max_len = 256) {
        const json* v = find(key, required);
        if (!v) return;
        if (!v->is_string()) return fail(400, "wrong_type", key);
        const auto& s = v->get_ref<const std::string&>();
        if (s.size() > max_len) return fail(400, "field_too_long", key);
        out = s;
    }
    void integer(const char* key, int& out, bool required) {
        const json* v = find(key, required);
        if (!v) return;
        if (v->is_number_unsigned()) {
            const auto u = v->get<uint64_t>();
            if (u > static_cast<uint64_t>(INT_MAX)) return fail(400, "wrong_type", key);
            out = static_cast<int>(u);
        } else if (v->is_number_integer()) {
            const auto i = v->get<int64_t>();
            if (i < INT_MIN || i > INT_MAX) return fail(400, "wrong_type", key);
            out = static_cast<int>(i);
        } else {
            fail(400, "wrong_type", key);
        }
    }
    void boolean(const char* key, bool& out, bool required) {
        const json* v = find(key, required);
        if (!v) return;
        if (!v->is_boolean()) return fail(400, "wrong_type", key);
        out = v->get<bool>();
    }
    const json* object(const char* key, bool required) {
        const json* v = find(key, required);
        if (v && !v->is_object()) { fail(400, "wrong_type", key); return nullptr; }
        return v;
    }
    // Strict requests: every key must be one we know.
    void only(std::initializer_list<const char*> allowed) {
        if (failed_) return;
        for (auto it = obj_.begin(); it != obj_.end(); ++it) {
            bool known = false;
            for (const char* a : allowed) known = known || it.key() == a;
            if (!known) return fail(400, "unknown_field", it.key());
        }
    }
    void adopt(const ApiError& e) { if (!failed_) { failed_ = true; error_ = e; } }
    bool failed() const { return failed_; }
    const ApiError& error() const { return error_; }

private:
    const json* find(const char* key, bool required) {
        if (failed_) return nullptr;
        auto it = obj_.find(key);
        if (it == obj_.end() || (it->is_null() && !required)) {
            if (required) fail(400, "missing_field", key);
            return nullptr;
        }
        if (it->is_null()) { fail(400, "missing_field", key); return nullptr; }
        return &*it;
    }
    void fail(int status, const char* code, std::string_view field) {
        if (failed_) return;
        failed_ = true;
        error_ = make_api_error(status, code, field);
    }

    const json& obj_;
    bool failed_ = false;
    ApiError error_;
};

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

json credit_json(const CreditState& v) {
    return json{{"mobile", v.mobile}, {"remaining", v.remaining}, {"total", v.total}, {"unlimited", v.unlimited}};
}

void read_credit(Fields& f, CreditState& v) {
    f.string("mobile", v.mobile, true);
    f.integer("remaining", v.remaining, true);
    f.integer("total", v.total, true);
    f.boolean("unlimited", v.unlimited, false);
}

} // namespace

// ---- encode ------------------------------------------------------------------------------------

std::string encode(const ApiError& e) { return encode(e, Locale::fallback()); }

std::string encode(const ApiError& e, const Locale& lang) {
    json inner{{"code", e.code}, {"message", lang.text(e.text_code())}, {"messageEn", Locale::get("en").text(e.text_code())}};
    if (!e.field.empty()) inner["field"] = e.field;
    if (e.retryAfter > 0) inner["retryAfter"] = e.retryAfter;
    if (!e.outcome.empty()) inner["outcome"] = e.outcome;
    if (e.attemptsLeft >= 0) inner["attemptsLeft"] = e.attemptsLeft;
    return dump(json{{"error", inner}});
}

std::string encode(const ServiceInfo& v) {
    return dump(json{{"openInquiry", v.openInquiry}, {"quotaPerCode", v.quotaPerCode},
                     {"codeTtlSeconds", v.codeTtlSeconds}, {"resendCooldownSeconds", v.resendCooldownSeconds},
                     {"ussdCode", v.ussdCode}, {"notice", v.notice}});
}

std::string encode(const CreditCodeRequest& v) { return dump(json{{"mobile", v.mobile}}); }
std::string encode(const CreditCodeIssued& v) { return dump(json{{"expiresIn", v.expiresIn}, {"resendIn", v.resendIn}}); }
std::string encode(const VerifyRequest& v) { return dump(json{{"mobile", v.mobile}, {"code", v.code}}); }
std::string encode(const CreditState& v) { return dump(credit_json(v)); }
std::string encode(const VerifyResponse& v) {
    return dump(json{{"sessionToken", v.sessionToken}, {"credit", credit_json(v.credit)}});
}
std::string encode(const InquiryRequest& v) { return dump(json{{"nationalId", v.nationalId}}); }
std::string encode(const UssdReply& v) { return dump(json{{"text", v.text}}); }

void append_json_string(std::string& out, const std::string& s) {
    bool plain = true;
    for (unsigned char c : s)
        if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) { plain = false; break; }
    if (!plain) { out += dump(json(s)); return; }
    out += '"';
    out += s;
    out += '"';
}

// Every answer goes through here (~10,000 a second in open mode): written directly, with the
// bytes dump() of a json object gives — its keys sorted, absent fields left out — rather than
// through a map built and serialised per answer (a sixth of an inquiry's instructions).
std::string encode(const InquiryAnswer& v) {
    std::string out;
    out.reserve(320);
    bool first = true;
    auto field = [&](const char* key, const std::string& value, bool present = true) {
        if (!present) return;
        out += first ? "{\"" : ",\"";
        first = false;
        out += key;
        out += "\":";
        append_json_string(out, value);
    };
    const bool until = !v.validUntil.empty(), reason = !v.reasonCode.empty();
    field("checkedAt", v.checkedAt);
    field("checkedAtJalali", v.checkedAtJalali);
    field("checkedAtTime", v.checkedAtTime, !v.checkedAtTime.empty());
    field("coverage", v.coverage);
    field("insuranceType", v.insuranceType, !v.insuranceType.empty());
    field("nationalId", v.nationalId);
    field("outcome", outcome_code(v.outcome));
    field("reason", v.reason, reason);
    field("reasonCode", v.reasonCode, reason);
    field("relation", v.relation, !v.relation.empty());
    out += ",\"remaining\":" + std::to_string(v.remaining);
    field("trackingCode", v.trackingCode);
    field("validUntil", v.validUntil, until);
    field("validUntilJalali", v.validUntilJalali, until);
    out += '}';
    return out;
}

// ---- decode: requests (strict) ------------------------------------------------------------------

ApiResult<CreditCodeRequest> decode_credit_code_request(std::string_view body) {
    auto j = parse_object(body);
    if (!j) return j.error();
    Fields f(*j);
    CreditCodeRequest v;
    f.only({"mobile"});
    f.string("mobile", v.mobile, true, 64);
    if (f.failed()) return f.error();
    return v;
}

ApiResult<VerifyRequest> decode_verify_request(std::string_view body) {
    auto j = parse_object(body);
    if (!j) return j.error();
    Fields f(*j);
    VerifyRequest v;
    f.only({"mobile", "code"});
    f.string("mobile", v.mobile, true, 64);
    f.string("code", v.code, true, 64);
    if (f.failed()) return f.error();
    return v;
}

ApiResult<InquiryRequest> decode_inquiry_request(std::string_view body) {
    auto j = parse_object(body);
    if (!j) return j.error();
    Fields f(*j);
    InquiryRequest v;
    f.only({"nationalId"});
    f.string("nationalId", v.nationalId, true, 64);
    if (f.failed()) return f.error();
    return v;
}

ApiResult<UssdRequest> decode_ussd_request(std::string_view body) {
    auto j = parse_object(body);
    if (!j) return j.error();
    Fields f(*j);
    UssdRequest v;
    f.only({"msisdn"});
    f.string("msisdn", v.msisdn, true, 64);
    if (f.failed()) return f.error();
    return v;
}

// ---- decode: responses (lenient) ----------------------------------------------------------------

ApiResult<ServiceInfo> decode_service_info(std::string_view body) {
    auto j = parse_object(body);
    if (!j) return j.error();
    Fields f(*j);
    ServiceInfo v;
    f.boolean("openInquiry", v.openInquiry, true);
    f.integer("quotaPerCode", v.quotaPerCode, true);
    f.integer("codeTtlSeconds", v.codeTtlSeconds, true);
    f.integer("resendCooldownSeconds", v.resendCooldownSeconds, true);
    f.string("ussdCode", v.ussdCode, false, 64);
    f.string("notice", v.notice, false, 4096);
    if (f.failed()) return f.error();
    return v;
}

ApiResult<CreditCodeIssued> decode_credit_code_issued(std::string_view body) {
    auto j = parse_object(body);
    if (!j) return j.error();
    Fields f(*j);
    CreditCodeIssued v;
    f.integer("expiresIn", v.expiresIn, true);
    f.integer("resendIn", v.resendIn, true);
    if (f.failed()) return f.error();
    return v;
}

ApiResult<CreditState> decode_credit_state(std::string_view body) {
    auto j = parse_object(body);
    if (!j) return j.error();
    Fields f(*j);
    CreditState v;
    read_credit(f, v);
    if (f.failed()) return f.error();
    return v;
}

ApiResult<VerifyResponse> decode_verify_response(std::string_view body) {
    auto j = parse_object(body);
    if (!j) return j.error();
    Fields f(*j);
    VerifyResponse v;
    f.string("sessionToken", v.sessionToken, true, 128);
    if (const json* c = f.object("credit", true)) {
        Fields fc(*c);
        read_credit(fc, v.credit);
        if (fc.failed()) f.adopt(fc.error());
    }
    if (f.failed()) return f.error();
    return v;
}

ApiResult<InquiryAnswer> decode_inquiry_answer(std::string_view body) {
    auto j = parse_object(body);
    if (!j) return j.error();
    Fields f(*j);
    InquiryAnswer v;
    std::string outcome;
    f.string("nationalId", v.nationalId, true, 16);
    f.string("outcome", outcome, true, 32);
    f.string("coverage", v.coverage, false, 32);
    f.string("checkedAt", v.checkedAt, true, 16);
    f.string("checkedAtJalali", v.checkedAtJalali, false, 16);
    f.string("checkedAtTime", v.checkedAtTime, false, 8);
    f.string("validUntil", v.validUntil, false, 16);
    f.string("validUntilJalali", v.validUntilJalali, false, 16);
    f.string("insuranceType", v.insuranceType, false, 32);
    f.string("relation", v.relation, false, 32);
    f.string("reasonCode", v.reasonCode, false, 64);
    f.string("reason", v.reason, false, 1024);
    f.string("trackingCode", v.trackingCode, true, 32);
    f.integer("remaining", v.remaining, false);
    if (f.failed()) return f.error();
    if (!parse_outcome(outcome, v.outcome)) return make_api_error(400, "wrong_type", "outcome");
    return v;
}

ApiError decode_error(int status, std::string_view body) {
    const char* fallback = status == 0 ? "network_error" : status >= 500 ? "server_error" : "bad_request";
    auto j = parse_object(body);
    if (!j) return make_api_error(status, fallback);
    Fields f(*j);
    const json* inner = f.object("error", true);
    if (!inner) return make_api_error(status, fallback);
    Fields fi(*inner);
    ApiError e;
    e.status = status;
    fi.string("code", e.code, true, 64);
    fi.string("message", e.message, false, 1024);
    fi.string("field", e.field, false, 64);
    fi.integer("retryAfter", e.retryAfter, false);
    fi.string("outcome", e.outcome, false, 32);
    fi.integer("attemptsLeft", e.attemptsLeft, false);
    if (fi.failed()) return make_api_error(status, fallback);
    return e;
}

ServiceProbe classify_service_probe(int status, std::string_view body) {
    if (status == 404) return ServiceProbe::NoApi;
    if (status == 200) {
        if (decode_service_info(body).ok()) return ServiceProbe::Service;
        const size_t first = body.find_first_not_of(" \t\r\n");
        if (first != std::string_view::npos && body[first] == '<') return ServiceProbe::NoApi; // an HTML page
    }
    return ServiceProbe::Failed;
}

} // namespace bk::api
