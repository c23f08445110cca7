// api_routes.h — /api/v1 (ARCHITECTURE.md), /healthz, /metrics and the dev outbox, answered on
// a worker thread (they may block on the database). Every error has the one JSON shape.
#pragma once
#include <string>

#include "server/config.h"
#include "server/http_server.h"
#include "server/metrics.h"
#include "service/service.h"

namespace bk::server {

struct ApiContext {
    Service& service;
    const ServerConfig& config;
    Metrics& metrics;
    Outbox* outbox;                                 // dev mode only
    std::function<bool()> database_up;              // for /healthz
};

// Answers one request whose path starts with /api/, /dev/, /healthz or /metrics.
Response handle_api(ApiContext& ctx, const Request& req, const std::string& client_ip);

// The route name used in metrics and logs ("POST /api/v1/inquiries", "GET /api/v1/inquiries/{code}", …).
std::string route_name(const Request& req);

// An ApiError as a response (Retry-After for 429).
Response error_response(const api::ApiError& e, unsigned version = 11);

} // namespace bk::server
