#include "server/fhir.h"

#include "core/answer_words.h"

namespace bk::fhir {

using json = nlohmann::json;

namespace {

constexpr const char* kRequest = "CoverageEligibilityRequest";

Problem problem(int status, const char* issue, const char* code, std::string expression = {}) {
    return Problem{status, issue, code, std::move(expression), 0};
}

std::string at(const char* element) { return std::string(kRequest) + "." + element; }

const json* member(const json& o, const char* key) {
    auto it = o.find(key);
    return it == o.end() ? nullptr : &*it;
}

bool is_national_id(const json& identifier) {
    if (const json* system = member(identifier, "system"); system && system->is_string() && *system == kNationalIdSystem)
        return true;
    const json* type = member(identifier, "type");
    const json* codings = type && type->is_object() ? member(*type, "coding") : nullptr;
    if (!codings || !codings->is_array()) return false;
    for (const json& c : *codings) {
        if (!c.is_object()) continue;
        const json* system = member(c, "system");
        const json* code = member(c, "code");
        if (system && code && *system == kIdentifierTypeSystem && *code == "NI") return true;
    }
    return false;
}

// How the answer refers to its request: by the request's own identifier (what a client matches
// answers by), else by its id, else by name only.
json request_reference(const json& resource) {
    if (const json* ids = member(resource, "identifier"); ids && ids->is_array())
        for (const json& id : *ids)
            if (id.is_object() && member(id, "value")) return json{{"identifier", id}};
    if (const json* id = member(resource, "id"); id && id->is_string()) return json{{"reference", std::string(kRequest) + "/" + id->get<std::string>()}};
    return json{{"display", kRequest}};
}

// An instant as the answer gives it: the Tehran date and time the service recorded.
std::string created_of(const api::InquiryAnswer& a) {
    if (a.checkedAtTime.size() != 5) return a.checkedAt;
    return a.checkedAt + "T" + a.checkedAtTime + ":00+03:30";
}

} // namespace

Result<json, Problem> parse_body(std::string_view body) {
    if (body.size() > kMaxBodyBytes) return problem(413, "too-costly", "body_too_large");
    if (!api::json_depth_within(body, kMaxDepth)) return problem(400, "structure", "bad_json");
    json j = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) return problem(400, "structure", "bad_json");
    return j;
}

Result<SubmitRequest, Problem> decode_submit(const json& r) {
    const json* type = member(r, "resourceType");
    if (!type || !type->is_string() || *type != kRequest) return problem(400, "invalid", "fhir_wrong_resource", "resourceType");
    // What R4 requires of every CoverageEligibilityRequest.
    for (const char* required : {"status", "purpose", "patient", "created", "insurer"})
        if (!member(r, required)) return problem(400, "required", "missing_field", at(required));
    if (!r["status"].is_string() || r["status"] != "active") return problem(400, "invalid", "fhir_status", at("status"));
    if (!r["created"].is_string()) return problem(400, "structure", "wrong_type", at("created"));
    if (!r["insurer"].is_object()) return problem(400, "structure", "wrong_type", at("insurer"));

    SubmitRequest out;
    const json& purpose = r["purpose"];
    if (!purpose.is_array() || purpose.empty()) return problem(400, "required", "missing_field", at("purpose"));
    for (const json& p : purpose) {
        if (!p.is_string()) return problem(400, "structure", "wrong_type", at("purpose"));
        if (p == "validation" || p == "discovery") out.purpose.push_back(p);
        else if (p == "benefits" || p == "auth-requirements") return problem(400, "not-supported", "fhir_purpose", at("purpose"));
        else return problem(400, "invalid", "fhir_purpose", at("purpose"));
    }

    const json& patient = r["patient"];
    if (!patient.is_object()) return problem(400, "structure", "wrong_type", at("patient"));
    const json* identifier = member(patient, "identifier");
    if (!identifier) return problem(400, "required", "missing_field", at("patient.identifier"));
    if (!identifier->is_object()) return problem(400, "structure", "wrong_type", at("patient.identifier"));
    if (!is_national_id(*identifier)) return problem(400, "invalid", "fhir_identifier_system", at("patient.identifier"));
    const json* value = member(*identifier, "value");
    if (!value) return problem(400, "required", "missing_field", at("patient.identifier.value"));
    if (!value->is_string()) return problem(400, "structure", "wrong_type", at("patient.identifier.value"));
    out.nationalId = value->get<std::string>();
    out.request = request_reference(r);
    return out;
}

// Written directly, not through a json object built and dumped per answer: $submit is the
// inquiry's hot path (bench-server compares its rate with /api/v1's). Keys in dump()'s order.
std::string eligibility_response(const api::InquiryAnswer& a, const SubmitRequest* req, const Locale& lang) {
    const bool inforce = a.outcome == api::Outcome::Eligible;
    const std::string outpatient = lang.text("ui.coverage_outpatient");
    std::string out;
    out.reserve(1024);
    auto str = [&out](const std::string& v) { api::append_json_string(out, v); };
    out += "{\"created\":";
    str(created_of(a));
    out += ",\"disposition\":";
    str(answer_sentence(lang, a));
    out += ",\"id\":";
    str(a.trackingCode);
    out += ",\"identifier\":[{\"system\":\"";
    out += kTrackingCodeSystem;
    out += "\",\"value\":";
    str(a.trackingCode);
    out += "}],\"insurance\":[{";
    if (inforce && !a.validUntil.empty()) {
        out += "\"benefitPeriod\":{\"end\":";
        str(a.validUntil);
        out += "},";
    }
    out += "\"coverage\":{\"display\":";
    str(outpatient);
    out += "},\"inforce\":";
    out += inforce ? "true" : "false";
    out += ",\"item\":[{\"category\":{\"coding\":[{\"code\":\"outpatient\",\"display\":\"Outpatient services\",\"system\":\"";
    out += kServiceScopeSystem;
    out += "\"}],\"text\":";
    str(outpatient);
    out += "}}]}],\"insurer\":{\"display\":";
    str(lang.text("ui.org_name"));
    out += "},\"outcome\":\"complete\",\"patient\":{\"identifier\":{\"system\":\"";
    out += kNationalIdSystem;
    out += "\",\"value\":";
    str(a.nationalId);
    out += "}},\"purpose\":[";
    if (!req) out += "\"validation\"";
    else
        for (size_t i = 0; i < req->purpose.size(); ++i) {
            if (i) out += ',';
            str(req->purpose[i]);
        }
    out += "],\"request\":";
    out += req ? req->request.dump(-1, ' ', false, json::error_handler_t::replace) : std::string("{\"display\":\"") + kRequest + "\"}";
    out += ",\"resourceType\":\"CoverageEligibilityResponse\",\"status\":\"active\"}";
    return out;
}

Problem problem_of(const api::ApiError& e) {
    Problem p;
    p.status = e.status == 422 ? 400 : e.status ? e.status : 500;
    p.code = e.text_code();
    p.retryAfter = e.retryAfter;
    if (e.field == "nationalId") p.expression = at("patient.identifier.value");
    switch (e.status) {
    case 400: p.issue = e.code == "bad_json" ? "structure" : "invalid"; break;
    case 401: p.issue = "login"; break;
    case 403: p.issue = "forbidden"; break;
    case 404: p.issue = "not-found"; break;
    case 405: case 415: p.issue = "not-supported"; break;
    case 413: p.issue = "too-costly"; break;
    case 422: p.issue = "invalid"; break;
    case 429: p.issue = "throttled"; break;
    case 503: p.issue = "transient"; break;
    default: p.issue = "exception"; break;
    }
    return p;
}

json operation_outcome(const Problem& p, const Locale& lang) {
    json issue = {{"severity", "error"},
                  {"code", p.issue},
                  {"details", {{"coding", json::array({{{"system", kErrorCodeSystem}, {"code", p.code}}})}, {"text", lang.text(p.code)}}}};
    if (!p.expression.empty()) issue["expression"] = json::array({p.expression});
    return json{{"resourceType", "OperationOutcome"}, {"issue", json::array({issue})}};
}

json capability_statement(std::string_view software_version) {
    const json submit = {{"name", "submit"}, {"definition", "https://fhir.barkhordari.ir/OperationDefinition/CoverageEligibilityRequest-submit"},
                         {"documentation", "POST a CoverageEligibilityRequest: the answer is a CoverageEligibilityResponse "
                                           "(one credit in credit mode, with the Bearer session of /api/v1)."}};
    return json{
        {"resourceType", "CapabilityStatement"},
        {"status", "active"},
        {"date", "2026-12-04"},
        {"publisher", "Barkhordari"},
        {"kind", "instance"},
        {"software", {{"name", "Barkhordari"}, {"version", std::string(software_version)}}},
        {"implementation", {{"description", "Outpatient medical coverage eligibility (Social Security Organization)"}}},
        {"fhirVersion", "4.0.1"},
        {"format", json::array({"application/fhir+json", "json"})},
        {"rest", json::array({{
            {"mode", "server"},
            {"documentation", "Credit mode: Authorization: Bearer <sessionToken> from POST /api/v1/credit-codes/verify; "
                              "open mode: no session. Texts follow Accept-Language (fa, en)."},
            {"resource", json::array({
                {{"type", "CoverageEligibilityRequest"}, {"operation", json::array({submit})}},
                {{"type", "CoverageEligibilityResponse"}, {"interaction", json::array({{{"code", "read"}}})},
                 {"documentation", "The answer recorded for a tracking code (its id), as long as receipts are kept."}},
            })},
            {"interaction", json::array({{{"code", "batch"}, {"documentation", "At most 100 $submit entries; each answered one costs one credit."}}})},
        }})},
    };
}

std::string status_line(int status) {
    switch (status) {
    case 200: return "200 OK";
    case 400: return "400 Bad Request";
    case 401: return "401 Unauthorized";
    case 403: return "403 Forbidden";
    case 404: return "404 Not Found";
    case 405: return "405 Method Not Allowed";
    case 413: return "413 Payload Too Large";
    case 415: return "415 Unsupported Media Type";
    case 429: return "429 Too Many Requests";
    case 503: return "503 Service Unavailable";
    default: return std::to_string(status) + (status >= 500 ? " Server Error" : "");
    }
}

} // namespace bk::fhir
