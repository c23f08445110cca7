// fhir.h — HL7 FHIR R4 for clinic and pharmacy systems, beside /api/v1 and over the same
// service (its credits, limits, privacy rules and receipts): this file only translates.
//
//   CoverageEligibilityRequest (POST /fhir/CoverageEligibilityRequest/$submit, or an entry of
//   a batch Bundle at POST /fhir)  → decode_submit() → Service::inquire
//   InquiryAnswer → eligibility_response() → CoverageEligibilityResponse
//   ApiError, or a request FHIR cannot take → Problem → operation_outcome() → OperationOutcome
//
// The person is `patient.identifier`: the national ID, typed NI (HL7 v2 table 0203) or in our
// own system (kNationalIdSystem). An answer never says more than /api/v1 does: no name, no
// relation, no birth date, and a lapsed person reads as one not in the registry (the service's
// one not-covered reason). Pure functions over nlohmann::json; no I/O, no throws.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/api.h"
#include "core/locale.h"
#include "core/result.h"

namespace bk::fhir {

// Our identifier and code systems (src/server/API.md documents them as NamingSystems).
inline constexpr const char* kNationalIdSystem = "https://fhir.barkhordari.ir/sid/national-id";
inline constexpr const char* kTrackingCodeSystem = "https://fhir.barkhordari.ir/sid/tracking-code";
inline constexpr const char* kServiceScopeSystem = "https://fhir.barkhordari.ir/CodeSystem/service-scope";
inline constexpr const char* kErrorCodeSystem = "https://fhir.barkhordari.ir/CodeSystem/error";
inline constexpr const char* kIdentifierTypeSystem = "http://terminology.hl7.org/CodeSystem/v2-0203";

inline constexpr const char* kFhirJson = "application/fhir+json; charset=utf-8";
inline constexpr size_t kMaxBatchEntries = 100;
inline constexpr size_t kMaxBodyBytes = 256 * 1024;   // a batch of 100 requests, with room
inline constexpr int kMaxDepth = 16;

// Why FHIR refuses a request: its HTTP status, the OperationOutcome's issue type, the catalog
// code of the text (the same codes /api/v1 uses), and the element at fault (FHIRPath).
struct Problem {
    int status = 400;
    std::string issue = "invalid";      // invalid, structure, required, not-supported, login, …
    std::string code = "bad_request";   // catalog code
    std::string expression;             // "CoverageEligibilityRequest.patient.identifier.value"
    int retryAfter = 0;                 // seconds (429, 503)
};

// What the service needs of a CoverageEligibilityRequest, and what its answer echoes.
struct SubmitRequest {
    std::string nationalId;             // as sent: the service validates it
    std::vector<std::string> purpose;   // "validation" and/or "discovery"
    nlohmann::json request;             // the Reference the answer's `request` holds
};

// A POST body: a JSON object, at most kMaxDepth deep (checked before parsing).
Result<nlohmann::json, Problem> parse_body(std::string_view body);
// A CoverageEligibilityRequest's elements this interface reads, or why it cannot be taken.
Result<SubmitRequest, Problem> decode_submit(const nlohmann::json& resource);

// The answer as a CoverageEligibilityResponse: outcome complete, insurance[0].inforce,
// benefitPeriod.end = valid until (outpatient services only), identifier = the tracking code,
// disposition in `lang`. `req` is null for a receipt read again (the request is not stored).
// (JSON text: it is the hot path.)
std::string eligibility_response(const api::InquiryAnswer& a, const SubmitRequest* req, const Locale& lang);
// /api/v1's error as FHIR answers it (an invalid national ID is 400 here, 422 there).
Problem problem_of(const api::ApiError& e);
nlohmann::json operation_outcome(const Problem& p, const Locale& lang);
// GET /fhir/metadata.
nlohmann::json capability_statement(std::string_view software_version);
// "200 OK", "400 Bad Request", … for a batch entry's response.status.
std::string status_line(int status);

} // namespace bk::fhir
