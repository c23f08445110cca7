// routes.h — every path the server answers, in one table: method, path, the name metrics and
// logs use, whether it may block (then a worker answers it, not an I/O thread), and the handler.
// Dispatch, the Allow header of a 405 and the metric names all come from this table.
//
// Paths under /api/, /dev/, /healthz and /metrics that no route knows answer 404 in the one
// error shape, whatever the method; everything else is a static file (GET and HEAD; another
// method on a file is 405, on a path that is no file 404).
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "server/config.h"
#include "server/http_server.h"
#include "server/metrics.h"
#include "service/service.h"

namespace bk::server {

class ServerStore;
class StaticFiles;

// What the handlers share.
struct ApiContext {
    Service& service;
    const ServerConfig& config;
    Metrics& metrics;
    Outbox* outbox;                                 // dev mode only
    std::function<StoreStatus()> health;            // the database, for /healthz
    std::function<HttpStats()> http;                // connections, for /metrics
    const StaticFiles& files;
};

// One request as a handler sees it.
struct Call {
    const Request& req;
    std::string path;     // without the query
    std::string client;   // the client's address (after trusted proxies)
    std::string key;      // what per-client limits count by (an IPv6 /64 is one)
    const Locale& lang;   // the language of texts in the answer (Accept-Language)
};

// Where a route runs. Inline: on the connection's I/O thread (it never waits). Worker: on the
// worker pool (it may wait on the database). Reads: it reads the database and writes only
// through the store's writer thread, so it runs inline where the store's reads never wait on a
// network (SQLite's local file: no thread hop), and on a worker where they do (PostgreSQL).
enum class Work { Inline, Worker, Reads };

// How a route that answers later sends its answer: once, from any thread.
using Reply = std::function<void(Response&&)>;

struct Route {
    http::verb method;
    const char* path;      // exact, or ending in "{code}" for one more path segment
    const char* metric;    // "POST /api/v1/inquiries"
    Work work;
    Response (*handler)(ApiContext&, const Call&);       // answers now; or null, and then:
    void (*answer_later)(ApiContext&, const Call&, Reply) = nullptr; // calls Reply once (the inquiries: after the commit)
    bool json_body = false;                              // a POST body must be JSON (else 415)
    bool (*enabled)(const ApiContext&) = nullptr;        // null: always; else a 404 while false
    size_t body_limit = 0;                               // bytes, when more than the server's default
};

const std::vector<Route>& routes();

// What the table says of a request.
struct Dispatch {
    const Route* route = nullptr;   // the route to run, or null
    std::string allow;              // the methods the path takes, when the method is not one of them
    std::string metric;             // the request's name in metrics and logs (bounded set)
    bool api = false;               // an API path (errors in the JSON shape) rather than a file
};
Dispatch dispatch(const ApiContext& ctx, http::verb method, const std::string& path);

// An ApiError as a response (Retry-After for 429).
Response error_response(const api::ApiError& e, const Locale& lang = Locale::fallback());
// The same, in the form the path's interface answers in: an OperationOutcome under /fhir.
Response error_response_for(std::string_view path, const api::ApiError& e, const Locale& lang);
// The session a request carries (Authorization: Bearer …), or "".
std::string bearer_token(const Request& req);
// The language a request asks for (Accept-Language; the default language without one).
const Locale& request_language(const Request& req);
// The method as metrics and logs may show it: a known verb, or OTHER.
const char* method_label(http::verb v);

} // namespace bk::server
