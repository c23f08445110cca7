#include "server/fhir_routes.h"

#include "core/wait_for_reply.h"
#include "server/fhir.h"

namespace bk::server {

namespace {

using json = nlohmann::json;
constexpr const char* kSubmitPath = "CoverageEligibilityRequest/$submit";

std::string text_of(const json& resource) { return resource.dump(-1, ' ', false, json::error_handler_t::replace); }

Response fhir_response(int status, std::string body, int retry_after = 0) {
    Response res{static_cast<http::status>(status), 11};
    res.set(http::field::content_type, fhir::kFhirJson);
    res.set(http::field::cache_control, "no-store");
    if (retry_after > 0) res.set(http::field::retry_after, std::to_string(retry_after));
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
}

Response problem_response(const fhir::Problem& p, const Locale& lang) {
    return fhir_response(p.status, text_of(fhir::operation_outcome(p, lang)), p.retryAfter);
}

// FHIR's JSON (application/fhir+json) or plain JSON, with any parameters.
bool json_media(const Request& req) {
    const auto it = req.find(http::field::content_type);
    if (it == req.end()) return false;
    std::string_view v = it->value();
    v = v.substr(0, v.find(';'));
    while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
    return v == "application/fhir+json" || v == "application/json";
}

// The body of a POST, or the OperationOutcome that refuses it.
Result<json, fhir::Problem> read_body(const Call& c) {
    if (!json_media(c.req)) return fhir::Problem{415, "not-supported", "unsupported_media_type", {}, 0};
    return fhir::parse_body(c.req.body());
}

// One $submit answered: a CoverageEligibilityResponse, or an OperationOutcome (JSON text).
struct Submitted {
    int status = 200;
    std::string resource;
    int retryAfter = 0;
};

Submitted refused(const fhir::Problem& p, const Locale& lang) { return {p.status, text_of(fhir::operation_outcome(p, lang)), p.retryAfter}; }

// The service does the rest: the session, the credit, the limits. `then` gets the answer once
// (after the commit, when a credit is spent).
void submit_one(ApiContext& ctx, const Call& c, const json& resource, std::function<void(Submitted)> then) {
    auto req = fhir::decode_submit(resource);
    if (!req) return then(refused(req.error(), c.lang));
    ctx.service.inquire(bearer_token(c.req), api::InquiryRequest{req->nationalId}, c.key,
                        [&lang = c.lang, req = *req, then = std::move(then)](api::ApiResult<api::InquiryAnswer> answer) {
                            if (!answer) return then(refused(fhir::problem_of(answer.error()), lang));
                            then({200, fhir::eligibility_response(*answer, &req, lang), 0});
                        });
}

// The same, waiting for it (a batch answers its entries in order).
Submitted submit_one(ApiContext& ctx, const Call& c, const json& resource) {
    return wait_for_reply<Submitted>([&](std::function<void(Submitted)> then) { submit_one(ctx, c, resource, std::move(then)); });
}

} // namespace

Response fhir_error(const api::ApiError& e, const Locale& lang) { return problem_response(fhir::problem_of(e), lang); }

Response fhir_metadata(ApiContext&, const Call&) { return fhir_response(200, text_of(fhir::capability_statement(BK_VERSION_STRING))); }

void fhir_submit(ApiContext& ctx, const Call& c, Reply reply) {
    auto body = read_body(c);
    if (!body) return reply(problem_response(body.error(), c.lang));
    submit_one(ctx, c, *body, [reply = std::move(reply)](Submitted s) { reply(fhir_response(s.status, std::move(s.resource), s.retryAfter)); });
}

Response fhir_batch(ApiContext& ctx, const Call& c) {
    auto body = read_body(c);
    if (!body) return problem_response(body.error(), c.lang);
    const json& bundle = *body;
    if (!bundle.contains("resourceType") || bundle["resourceType"] != "Bundle")
        return problem_response({400, "invalid", "fhir_wrong_resource", "resourceType", 0}, c.lang);
    if (!bundle.contains("type") || bundle["type"] != "batch") return problem_response({400, "not-supported", "fhir_not_batch", "Bundle.type", 0}, c.lang);
    const json entries = bundle.contains("entry") ? bundle["entry"] : json::array();
    if (!entries.is_array()) return problem_response({400, "structure", "wrong_type", "Bundle.entry", 0}, c.lang);
    if (entries.size() > fhir::kMaxBatchEntries) return problem_response({413, "too-costly", "fhir_batch_too_large", "Bundle.entry", 0}, c.lang);

    // In order, each on its own: each answered entry costs a credit, and the per-client limits
    // count entries (each is one inquiry to the service), not bundles.
    std::string out = "{\"entry\":[";
    for (const json& entry : entries) {
        const json none = json::object();
        const json& request = entry.is_object() && entry.contains("request") && entry["request"].is_object() ? entry["request"] : none;
        std::string url = request.contains("url") && request["url"].is_string() ? request["url"].get<std::string>() : std::string();
        if (!url.empty() && url.front() == '/') url.erase(0, 1);
        const bool is_submit = request.contains("method") && request["method"] == "POST" && url == kSubmitPath;
        Submitted s;
        if (!entry.is_object() || !entry.contains("resource") || !entry["resource"].is_object())
            s = refused({400, "required", "missing_field", "Bundle.entry.resource", 0}, c.lang);
        else if (!is_submit)
            s = refused({400, "not-supported", "fhir_batch_entry", "Bundle.entry.request", 0}, c.lang);
        else
            s = submit_one(ctx, c, entry["resource"]);
        if (out.back() != '[') out += ',';
        out += "{\"resource\":" + s.resource + ",\"response\":{\"status\":\"" + fhir::status_line(s.status) + "\"}}";
    }
    out += "],\"resourceType\":\"Bundle\",\"type\":\"batch-response\"}";
    return fhir_response(200, std::move(out));
}

Response fhir_read(ApiContext& ctx, const Call& c) {
    const std::string_view code = std::string_view(c.path).substr(std::string_view("/fhir/CoverageEligibilityResponse/").size());
    auto answer = ctx.service.find_inquiry(code, c.key);
    if (!answer) return fhir_error(answer.error(), c.lang);
    return fhir_response(200, fhir::eligibility_response(*answer, nullptr, c.lang));
}

} // namespace bk::server
