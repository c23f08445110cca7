#include "server/api_routes.h"

#include <nlohmann/json.hpp>

#include "core/mobile.h"

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
Response answer(const api::ApiResult<T>& r, int ok_status) {
    if (!r) return error_response(r.error());
    return json_response(ok_status, api::encode(*r));
}

std::string bearer(const Request& req) {
    const auto it = req.find(http::field::authorization);
    if (it == req.end()) return {};
    const std::string v(it->value());
    if (v.rfind("Bearer ", 0) != 0) return {};
    return v.substr(7);
}

bool json_body(const Request& req) {
    const auto it = req.find(http::field::content_type);
    if (it == req.end()) return false;
    const std::string v(it->value());
    return v == "application/json" || v.rfind("application/json;", 0) == 0;
}

// Constant time: the secret's comparison must not leak how much of it matched.
bool same_secret(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return false;
    unsigned char diff = 0;
    for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

std::string query_param(const std::string& target, const std::string& name) {
    const size_t q = target.find('?');
    if (q == std::string::npos) return {};
    std::string rest = target.substr(q + 1);
    size_t pos = 0;
    while (pos <= rest.size()) {
        size_t amp = rest.find('&', pos);
        if (amp == std::string::npos) amp = rest.size();
        const std::string kv = rest.substr(pos, amp - pos);
        const size_t eq = kv.find('=');
        if (kv.substr(0, eq) == name) {
            std::string v = eq == std::string::npos ? "" : kv.substr(eq + 1), out;
            for (size_t i = 0; i < v.size(); ++i) {
                if (v[i] == '%' && i + 2 < v.size()) { out += static_cast<char>(std::stoi(v.substr(i + 1, 2), nullptr, 16)); i += 2; }
                else out += v[i] == '+' ? ' ' : v[i];
            }
            return out;
        }
        pos = amp + 1;
    }
    return {};
}

Response method_not_allowed(const char* allow) {
    Response res = error_response(api::make_api_error(405, "method_not_allowed"));
    res.set(http::field::allow, allow);
    return res;
}

} // namespace

Response error_response(const api::ApiError& e, unsigned version) {
    Response res{static_cast<http::status>(e.status ? e.status : 500), version};
    res.set(http::field::content_type, "application/json; charset=utf-8");
    res.set(http::field::cache_control, "no-store");
    if (e.retryAfter > 0) res.set(http::field::retry_after, std::to_string(e.retryAfter));
    res.body() = api::encode(e);
    res.prepare_payload();
    return res;
}

std::string route_name(const Request& req) {
    std::string path(req.target());
    if (const size_t q = path.find('?'); q != std::string::npos) path.resize(q);
    if (path.rfind("/api/v1/inquiries/", 0) == 0) path = "/api/v1/inquiries/{code}";
    static const char* known[] = {"/api/v1/service", "/api/v1/credit-codes", "/api/v1/credit-codes/verify", "/api/v1/credit",
                                  "/api/v1/session", "/api/v1/inquiries", "/api/v1/inquiries/{code}", "/api/v1/ussd",
                                  "/healthz", "/metrics", "/dev/outbox"};
    bool ok = false;
    for (const char* k : known) ok = ok || path == k;
    if (!ok) path = path.rfind("/api/", 0) == 0 ? "/api/other" : "static";
    return std::string(req.method_string()) + " " + path;
}

Response handle_api(ApiContext& ctx, const Request& req, const std::string& ip) {
    std::string path(req.target());
    if (const size_t q = path.find('?'); q != std::string::npos) path.resize(q);
    const http::verb m = req.method();
    Service& svc = ctx.service;

    // Bodies of POST requests must be JSON (and are decoded strictly).
    const bool is_post = m == http::verb::post;
    if (is_post && !json_body(req)) return error_response(api::make_api_error(415, "unsupported_media_type"));

    if (path == "/healthz") {
        if (m != http::verb::get && m != http::verb::head) return method_not_allowed("GET");
        const bool up = ctx.database_up();
        return json_response(up ? 200 : 503, up ? R"({"status":"ok","database":"up"})" : R"({"status":"degraded","database":"down"})");
    }
    if (path == "/metrics") {
        if (m != http::verb::get) return method_not_allowed("GET");
        Response res{http::status::ok, 11};
        res.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
        res.body() = ctx.metrics.render(svc.counters());
        res.prepare_payload();
        return res;
    }
    if (path == "/dev/outbox" && ctx.outbox) {
        if (m != http::verb::get) return method_not_allowed("GET");
        const MobileCheck mc = check_mobile(query_param(std::string(req.target()), "mobile"));
        if (!mc.valid) return error_response(api::make_api_error(422, "invalid_mobile", "mobile"));
        nlohmann::json list = nlohmann::json::array();
        for (const OutboxMessage& msg : ctx.outbox->for_mobile(mc.normalized)) list.push_back({{"mobile", msg.mobile}, {"text", msg.text}});
        return json_response(200, nlohmann::json{{"messages", list}}.dump());
    }

    if (path == "/api/v1/service") {
        if (m != http::verb::get) return method_not_allowed("GET");
        return json_response(200, api::encode(svc.info()));
    }
    if (path == "/api/v1/credit-codes") {
        if (!is_post) return method_not_allowed("POST");
        auto r = api::decode_credit_code_request(req.body());
        if (!r) return error_response(r.error());
        return answer(svc.request_code(*r, ip), 202);
    }
    if (path == "/api/v1/credit-codes/verify") {
        if (!is_post) return method_not_allowed("POST");
        auto r = api::decode_verify_request(req.body());
        if (!r) return error_response(r.error());
        return answer(svc.verify_code(*r, ip), 200);
    }
    if (path == "/api/v1/credit") {
        if (m != http::verb::get) return method_not_allowed("GET");
        return answer(svc.credit(bearer(req)), 200);
    }
    if (path == "/api/v1/session") {
        if (m != http::verb::delete_) return method_not_allowed("DELETE");
        auto r = svc.end_session(bearer(req));
        if (!r) return error_response(r.error());
        Response res{http::status::no_content, 11};
        res.prepare_payload();
        return res;
    }
    if (path == "/api/v1/inquiries") {
        if (!is_post) return method_not_allowed("POST");
        auto r = api::decode_inquiry_request(req.body());
        if (!r) return error_response(r.error());
        return answer(svc.inquire(bearer(req), *r, ip), 200);
    }
    if (path.rfind("/api/v1/inquiries/", 0) == 0) {
        if (m != http::verb::get) return method_not_allowed("GET");
        return answer(svc.find_inquiry(path.substr(std::string("/api/v1/inquiries/").size())), 200);
    }
    if (path == "/api/v1/ussd") {
        if (ctx.config.ussdSecret.empty()) return error_response(api::make_api_error(404, "not_found"));
        if (!is_post) return method_not_allowed("POST");
        const auto it = req.find("X-USSD-Secret");
        if (it == req.end() || !same_secret(std::string(it->value()), ctx.config.ussdSecret))
            return error_response(api::make_api_error(401, "unauthorized"));
        const auto j = nlohmann::json::parse(req.body(), nullptr, false);
        if (j.is_discarded() || !j.is_object() || !j.contains("msisdn") || !j["msisdn"].is_string() || j.size() != 1)
            return error_response(api::make_api_error(400, "bad_json"));
        auto r = svc.ussd_request(j["msisdn"].get<std::string>());
        if (!r) return error_response(r.error());
        return json_response(200, nlohmann::json{{"text", *r}}.dump());
    }
    return error_response(api::make_api_error(404, "not_found"));
}

} // namespace bk::server
