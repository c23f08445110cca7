#include "server/routes.h"

#include <nlohmann/json.hpp>

#include "core/mobile.h"
#include "server/fhir.h"
#include "server/fhir_routes.h"
#include "server/openapi_document.h"
#include "server/static_files.h"

namespace bk::server {

namespace {

Response json_response(int status, std::string body) {
    Response res{static_cast<http::status>(status), 11};
    res.set(http::field::content_type, "application/json; charset=utf-8");
    res.set(http::field::cache_control, "no-store");
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
}

template <class T>
Response answer(const api::ApiResult<T>& r, int ok_status, const Locale& lang) {
    if (!r) return error_response(r.error(), lang);
    return json_response(ok_status, api::encode(*r));
}

// An answer's not-covered reason, in the request's language.
api::ApiResult<api::InquiryAnswer> in_language(api::ApiResult<api::InquiryAnswer> r, const Locale& lang) {
    if (r && !r->reasonCode.empty()) r->reason = lang.text(r->reasonCode);
    return r;
}

} // namespace

std::string bearer_token(const Request& req) {
    const auto it = req.find(http::field::authorization);
    if (it == req.end()) return {};
    const std::string v(it->value());
    if (v.rfind("Bearer ", 0) != 0) return {};
    return v.substr(7);
}

namespace {

// Constant time: the secret's comparison must not leak how much of it matched.
bool same_secret(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return false;
    unsigned char diff = 0;
    for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// A query parameter, percent-decoded; nothing when it is malformed ("%zz", a cut-off "%4").
std::optional<std::string> query_param(std::string_view target, std::string_view name) {
    const size_t q = target.find('?');
    if (q == std::string_view::npos) return std::string();
    std::string_view rest = target.substr(q + 1);
    while (!rest.empty()) {
        const size_t amp = rest.find('&');
        const std::string_view kv = rest.substr(0, amp);
        const size_t eq = kv.find('=');
        if (kv.substr(0, eq) == name) {
            const std::string_view v = eq == std::string_view::npos ? std::string_view() : kv.substr(eq + 1);
            std::string out;
            for (size_t i = 0; i < v.size(); ++i) {
                if (v[i] == '+') { out += ' '; continue; }
                if (v[i] != '%') { out += v[i]; continue; }
                if (i + 2 >= v.size()) return std::nullopt; // "%" or "%4" at the end
                const int hi = hex_value(v[i + 1]), lo = hex_value(v[i + 2]);
                if (hi < 0 || lo < 0) return std::nullopt;
                out += static_cast<char>(hi * 16 + lo);
                i += 2;
            }
            return out;
        }
        if (amp == std::string_view::npos) break;
        rest = rest.substr(amp + 1);
    }
    return std::string();
}

// ---- handlers ----------------------------------------------------------------------------------------------

Response healthz(ApiContext& ctx, const Call&) {
    StoreStatus h = ctx.health();
    if (h) return json_response(200, R"({"status":"ok","database":"up"})");
    return json_response(503, R"({"status":"degraded","database":"down"})");
}

Response metrics(ApiContext& ctx, const Call&) {
    Response res{http::status::ok, 11};
    res.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
    res.set(http::field::cache_control, "no-store");
    res.body() = ctx.metrics.render(ctx.service.counters(), ctx.service.sms_budget(), ctx.http ? ctx.http() : HttpStats{});
    res.prepare_payload();
    return res;
}

Response dev_outbox(ApiContext& ctx, const Call& c) {
    const auto mobile = query_param(c.req.target(), "mobile");
    if (!mobile) return error_response(api::make_api_error(400, "bad_request"), c.lang);
    const MobileCheck mc = check_mobile(*mobile);
    if (!mc.valid) return error_response(api::make_api_error(422, "invalid_mobile", "mobile"), c.lang);
    nlohmann::json list = nlohmann::json::array();
    for (const OutboxMessage& msg : ctx.outbox->for_mobile(mc.normalized)) list.push_back({{"mobile", msg.mobile}, {"text", msg.text}});
    return json_response(200, nlohmann::json{{"messages", list}}.dump());
}

// The contract of /api/v1 (OpenAPI 3.1, src/server/openapi.json, compiled in).
Response openapi(ApiContext&, const Call&) {
    Response res{http::status::ok, 11};
    res.set(http::field::content_type, "application/json; charset=utf-8");
    res.set(http::field::cache_control, "no-cache");
    res.body() = std::string(openapi_document());
    res.prepare_payload();
    return res;
}

Response service_info(ApiContext& ctx, const Call& c) { return json_response(200, api::encode(ctx.service.info(c.lang))); }

Response credit_codes(ApiContext& ctx, const Call& c) {
    auto r = api::decode_credit_code_request(c.req.body());
    if (!r) return error_response(r.error(), c.lang);
    return answer(ctx.service.request_code(*r, c.key, c.lang), 202, c.lang);
}

Response verify(ApiContext& ctx, const Call& c) {
    auto r = api::decode_verify_request(c.req.body());
    if (!r) return error_response(r.error(), c.lang);
    return answer(ctx.service.verify_code(*r, c.key), 200, c.lang);
}

Response credit(ApiContext& ctx, const Call& c) { return answer(ctx.service.credit(bearer_token(c.req)), 200, c.lang); }

Response end_session(ApiContext& ctx, const Call& c) {
    auto r = ctx.service.end_session(bearer_token(c.req));
    if (!r) return error_response(r.error(), c.lang);
    Response res{http::status::no_content, 11};
    res.prepare_payload();
    return res;
}

void inquire(ApiContext& ctx, const Call& c, Reply reply) {
    auto r = api::decode_inquiry_request(c.req.body());
    if (!r) return reply(error_response(r.error(), c.lang));
    ctx.service.inquire(bearer_token(c.req), *r, c.key, [&lang = c.lang, reply = std::move(reply)](api::ApiResult<api::InquiryAnswer> a) {
        reply(answer(in_language(std::move(a), lang), 200, lang));
    });
}

Response receipt(ApiContext& ctx, const Call& c) {
    const std::string_view code = std::string_view(c.path).substr(std::string_view("/api/v1/inquiries/").size());
    return answer(in_language(ctx.service.find_inquiry(code, c.key), c.lang), 200, c.lang);
}

Response ussd(ApiContext& ctx, const Call& c) {
    const auto it = c.req.find("X-USSD-Secret");
    if (it == c.req.end() || !same_secret(std::string(it->value()), ctx.config.ussdSecret))
        return error_response(api::make_api_error(401, "unauthorized"), c.lang);
    auto r = api::decode_ussd_request(c.req.body());
    if (!r) return error_response(r.error(), c.lang);
    auto text = ctx.service.ussd_request(r->msisdn, c.lang);
    if (!text) return error_response(text.error(), c.lang);
    return json_response(200, api::encode(api::UssdReply{*text}));
}

bool dev_mode(const ApiContext& ctx) { return ctx.outbox != nullptr; }
bool ussd_configured(const ApiContext& ctx) { return !ctx.config.ussdSecret.empty(); }

bool matches(const char* pattern, const std::string& path) {
    const std::string_view p(pattern);
    const size_t brace = p.find("{code}");
    if (brace == std::string_view::npos) return path == p;
    const std::string_view prefix = p.substr(0, brace);
    return path.size() > prefix.size() && path.compare(0, prefix.size(), prefix) == 0 && path.find('/', prefix.size()) == std::string::npos;
}

bool fhir_path(std::string_view path) { return path == "/fhir" || path.rfind("/fhir/", 0) == 0; }

bool api_path(const std::string& path) {
    return path.rfind("/api/", 0) == 0 || path.rfind("/dev/", 0) == 0 || path == "/healthz" || path == "/metrics" || fhir_path(path);
}

} // namespace

const std::vector<Route>& routes() {
    using V = http::verb;
    static const std::vector<Route> table = {
        {V::get, "/healthz", "GET /healthz", Work::Reads, healthz},
        {V::head, "/healthz", "HEAD /healthz", Work::Reads, healthz},
        {V::get, "/metrics", "GET /metrics", Work::Inline, metrics},
        {V::get, "/dev/outbox", "GET /dev/outbox", Work::Inline, dev_outbox, nullptr, false, dev_mode},
        {V::get, "/api/v1/service", "GET /api/v1/service", Work::Inline, service_info},
        {V::head, "/api/v1/service", "HEAD /api/v1/service", Work::Inline, service_info},
        {V::post, "/api/v1/credit-codes", "POST /api/v1/credit-codes", Work::Worker, credit_codes, nullptr, true},
        {V::post, "/api/v1/credit-codes/verify", "POST /api/v1/credit-codes/verify", Work::Worker, verify, nullptr, true},
        {V::get, "/api/v1/credit", "GET /api/v1/credit", Work::Reads, credit},
        {V::delete_, "/api/v1/session", "DELETE /api/v1/session", Work::Worker, end_session},
        {V::post, "/api/v1/inquiries", "POST /api/v1/inquiries", Work::Reads, nullptr, inquire, true},
        {V::get, "/api/v1/inquiries/{code}", "GET /api/v1/inquiries/{code}", Work::Reads, receipt},
        {V::post, "/api/v1/ussd", "POST /api/v1/ussd", Work::Worker, ussd, nullptr, true, ussd_configured},
        {V::get, "/api/v1/openapi.json", "GET /api/v1/openapi.json", Work::Inline, openapi},
        // HL7 FHIR R4 (fhir_routes.h): their bodies are checked there, answered as OperationOutcomes.
        {V::get, "/fhir/metadata", "GET /fhir/metadata", Work::Inline, fhir_metadata},
        {V::post, "/fhir/CoverageEligibilityRequest/$submit", "POST /fhir/CoverageEligibilityRequest/$submit", Work::Reads, nullptr, fhir_submit},
        {V::post, "/fhir", "POST /fhir", Work::Worker, fhir_batch, nullptr, false, nullptr, fhir::kMaxBodyBytes},
        {V::get, "/fhir/CoverageEligibilityResponse/{code}", "GET /fhir/CoverageEligibilityResponse/{code}", Work::Reads, fhir_read},
    };
    return table;
}

const char* method_label(http::verb v) {
    switch (v) {
    case http::verb::get: return "GET";
    case http::verb::head: return "HEAD";
    case http::verb::post: return "POST";
    case http::verb::put: return "PUT";
    case http::verb::delete_: return "DELETE";
    case http::verb::options: return "OPTIONS";
    case http::verb::patch: return "PATCH";
    default: return "OTHER";
    }
}

Dispatch dispatch(const ApiContext& ctx, http::verb method, const std::string& path) {
    Dispatch d;
    d.api = api_path(path);
    const char* pattern = nullptr;
    for (const Route& r : routes()) {
        if (!matches(r.path, path) || (r.enabled && !r.enabled(ctx))) continue;
        pattern = r.path;
        if (r.method == method) {
            d.route = &r;
            d.metric = r.metric;
            return d;
        }
        d.allow += std::string(d.allow.empty() ? "" : ", ") + method_label(r.method);
    }
    if (pattern) d.metric = std::string(method_label(method)) + " " + pattern;       // 405
    else if (d.api) d.metric = std::string(method_label(method)) + " /api/other"; // 404
    else {
        d.metric = std::string(method_label(method)) + " static";
        // A file takes GET and HEAD only (405); a path that is no file is 404 whatever the method.
        if (method != http::verb::get && method != http::verb::head && ctx.files.find(path)) d.allow = "GET, HEAD";
    }
    return d;
}

const Locale& request_language(const Request& req) {
    const auto it = req.find(http::field::accept_language);
    return it == req.end() ? Locale::fallback() : Locale::negotiate(it->value());
}

Response error_response_for(std::string_view path, const api::ApiError& e, const Locale& lang) {
    return fhir_path(path) ? fhir_error(e, lang) : error_response(e, lang);
}

Response error_response(const api::ApiError& e, const Locale& lang) {
    Response res{static_cast<http::status>(e.status ? e.status : 500), 11};
    res.set(http::field::content_type, "application/json; charset=utf-8");
    res.set(http::field::cache_control, "no-store");
    if (e.retryAfter > 0) res.set(http::field::retry_after, std::to_string(e.retryAfter));
    res.body() = api::encode(e, lang);
    res.prepare_payload();
    return res;
}

} // namespace bk::server
