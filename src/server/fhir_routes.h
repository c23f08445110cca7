// fhir_routes.h — the handlers of the FHIR interface (their rows are in the one route table,
// routes.cpp; the translation is fhir.h). Each answers application/fhir+json: a resource, or an
// OperationOutcome with the status /api/v1 would give (400 for an invalid national ID).
#pragma once
#include "server/routes.h"

namespace bk::server {

Response fhir_metadata(ApiContext& ctx, const Call& c);      // GET /fhir/metadata
void fhir_submit(ApiContext& ctx, const Call& c, Reply reply); // POST /fhir/CoverageEligibilityRequest/$submit
Response fhir_batch(ApiContext& ctx, const Call& c);         // POST /fhir (a batch Bundle of $submit entries)
Response fhir_read(ApiContext& ctx, const Call& c);          // GET /fhir/CoverageEligibilityResponse/{tracking code}
// An ApiError as an OperationOutcome response.
Response fhir_error(const api::ApiError& e, const Locale& lang);

} // namespace bk::server
