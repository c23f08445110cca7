#include "server/server_app.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio/post.hpp>
#include <boost/beast/core/string.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <exception>
#include <filesystem>

#include "server/client_address.h"
#include "server/log.h"
#include "server/sms_http.h"

namespace bk::server {

namespace {

double now_seconds() {
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

// A CSP that lets the page run its own script and WebAssembly and load nothing foreign.
constexpr const char* kCsp =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'";

void security_headers(Response& res) {
    res.set("Content-Security-Policy", kCsp);
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "no-referrer");
    res.set("X-Frame-Options", "DENY");
    res.set("Cross-Origin-Opener-Policy", "same-origin");
    res.set(http::field::server, "barkhordari");
}

} // namespace


Result<std::string> load_or_create_key(const std::string& path, Crypto& crypto) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::exists(path, ec)) return read_secret_file(path, 32);
    if (const fs::path dir = fs::path(path).parent_path(); !dir.empty()) fs::create_directories(dir, ec);
    uint8_t raw[32];
    crypto.random_bytes(raw, sizeof raw);
    const std::string key = to_hex(raw, sizeof raw);
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) return make_error("bad_key", "cannot create " + path);
    const std::string line = key + "\n";
    const bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
    ::fchmod(fd, 0600);
    ::close(fd);
    if (!ok) return make_error("bad_key", "cannot write " + path);
    return key;
}

ServerApp::ServerApp(const ServerConfig& config) : config_(config), workers_(static_cast<size_t>(config.workers)) {}

ServerApp::~ServerApp() { stop(); }

void ServerApp::stop() {
    {
        std::lock_guard lock(janitor_mu_);
        if (stopping_) return;
        stopping_ = true;
    }
    janitor_cv_.notify_all();
    if (janitor_.joinable()) janitor_.join();
    // Before the service its callbacks use. What is queued is still sent, for as long as every
    // attempt of one message may take (at most 30 s), so a restart loses no promised code.
    if (auto* q = dynamic_cast<SmsQueue*>(sms_.get())) {
        const int64_t one_message = int64_t(config_.smsTimeoutMs) * (config_.smsRetries + 1) + 1000;
        q->stop(std::chrono::milliseconds(std::min<int64_t>(30000, one_message)));
    }
    workers_.join();
}

Result<std::unique_ptr<ServerApp>> ServerApp::create(const ServerConfig& config) {
    std::unique_ptr<ServerApp> app(new ServerApp(config));
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!is_postgres_url(config.db))
        if (const fs::path dir = fs::path(config.db).parent_path(); !dir.empty()) fs::create_directories(dir, ec);
    // A connection for each worker, the clean-up and /healthz, so none waits for another.
    auto store = open_store(config.db, config.workers + 2);
    if (!store) return make_error("database", store.error().detail);
    app->store_ = std::move(*store);
    app->crypto_ = make_system_crypto();
    auto key = load_or_create_key(config.hmacKeyFile, *app->crypto_);
    if (!key) return key.error();
    app->config_.service.hmacKey = *key;

    if (config.smsProvider == "http") {
        app->sender_ = std::make_unique<SmsHttpSender>(
            SmsHttpOptions{config.smsUrl, config.smsCaFile, config.smsBody, config.smsApiKey, config.smsTimeoutMs, config.smsRetries, 200});
        app->sms_ = std::make_unique<SmsQueue>(*app->sender_, static_cast<size_t>(config.smsQueue), config.smsThreads);
    } else {
        auto outbox = std::make_unique<Outbox>(10000);
        app->outbox_ = outbox.get();
        app->sender_ = std::move(outbox);
        app->sms_ = std::make_unique<DirectSms>(*app->sender_); // the outbox never waits
    }
    ServerStore& s = *app->store_;
    app->service_ = std::make_unique<Service>(app->config_.service, Stores{s, s, s, s, s}, *app->crypto_, app->clock_, *app->sms_);
    ServerApp* self = app.get();
    app->service_->set_error_log([self](const char* operation, const StoreError& e) { self->log_store_error(operation, e); });
    app->files_.load(config.webRoot);
    app->api_ = std::make_unique<ApiContext>(ApiContext{*app->service_, app->config_, app->metrics_,
                                                        config.dev ? app->outbox_ : nullptr,
                                                        [self] { return self->health(); },
                                                        [self] { return self->http_ ? self->http_->stats() : HttpStats{}; },
                                                        app->files_});
    app->janitor_ = std::thread([self] { self->janitor(); });
    return app;
}

void ServerApp::log_store_error(const char* operation, const StoreError& e) {
    metrics_.store_error(e.kind);
    log_event("store_error", {{"operation", operation}, {"kind", store_error_name(e.kind)}, {"detail", e.detail}});
}

StoreStatus ServerApp::health() {
    StoreStatus h = store_->health();
    if (!h && database_up_.exchange(false)) log_store_error("health", h.error());
    if (h && !database_up_.exchange(true)) log_event("database_up");
    return h;
}

// ---- the retention clean-up ------------------------------------------------------------------------------------

void ServerApp::janitor() {
    using namespace std::chrono;
    std::unique_lock lock(janitor_mu_);
    auto next = steady_clock::now() + seconds(std::min(config_.cleanupIntervalSeconds, 10)); // soon after start, then every interval
    for (;;) {
        if (janitor_cv_.wait_until(lock, next, [this] { return stopping_; })) return;
        lock.unlock();
        const int64_t now = clock_.now_ms();
        RetentionPolicy p;
        p.nowMs = now;
        p.receiptsBeforeMs = now - int64_t(config_.receiptDays) * 86400000;
        p.codesIssuedBeforeMs = p.receiptsBeforeMs;
        p.countersBeforeS = now / 1000 - 2 * 86400;
        p.batch = 500;
        PurgeCounts total;
        // Small batches with a pause between them: inquiries never wait long behind a delete.
        for (int round = 0; round < 100000; ++round) {
            try {
                auto n = store_->purge_batch(p);
                if (!n) {
                    log_event("cleanup_failed", {{"detail", n.error().detail}});
                    break;
                }
                metrics_.purged(*n);
                total.sessions += n->sessions; total.codes += n->codes; total.counters += n->counters;
                total.deadlines += n->deadlines; total.receipts += n->receipts;
                const bool more = n->sessions == p.batch || n->codes == p.batch || n->counters == p.batch ||
                                  n->deadlines == p.batch || n->receipts == p.batch;
                if (!more) break;
            } catch (...) {
                break; // no exception leaves a thread
            }
            std::unique_lock pause(janitor_mu_);
            if (janitor_cv_.wait_for(pause, milliseconds(20), [this] { return stopping_; })) return;
        }
        if (total.total() > 0)
            log_event("cleanup", {{"sessions", static_cast<long long>(total.sessions)}, {"codes", static_cast<long long>(total.codes)},
                                  {"counters", static_cast<long long>(total.counters)}, {"deadlines", static_cast<long long>(total.deadlines)},
                                  {"receipts", static_cast<long long>(total.receipts)}});
        lock.lock();
        next = steady_clock::now() + seconds(config_.cleanupIntervalSeconds);
    }
}

// ---- one exit for every response -------------------------------------------------------------------------------

void ServerApp::finish(const std::string& metric, http::verb method, const std::string& client, Response& res, double started) {
    security_headers(res);
    if (method == http::verb::head) {
        // The headers a GET would get (Content-Length included), never a body.
        res.content_length(res.body().size());
        res.body().clear();
    }
    const double seconds = now_seconds() - started;
    metrics_.observe(metric, res.result_int(), seconds);
    if (!config_.logRequests) return;
    // One line per request. Never a code, a token, a body, a raw method or path, or a national
    // ID: the route comes from the route table, and only the status and timing are added.
    log_fields({{"ip", client}, {"route", metric}, {"status", static_cast<long long>(res.result_int())}, LogField::fixed("ms", seconds * 1000, 3)});
}

Response ServerApp::http_error(int status, const char* code, const std::string& peer) {
    Response res = error_response(api::make_api_error(status, code));
    finish("OTHER unread", http::verb::unknown, peer, res, now_seconds());
    return res;
}

size_t ServerApp::body_limit(http::verb method, std::string_view target) const {
    const std::string path(target.substr(0, target.find('?')));
    const Dispatch d = dispatch(*api_, method, path);
    return d.route ? d.route->body_limit : 0;
}

Response ServerApp::serve_static(const Request& req, const std::string& path) {
    const StaticFile* f = files_.find(path);
    if (!f) return error_response(api::make_api_error(404, "not_found"));
    Response res{http::status::ok, req.version()};
    res.set(http::field::cache_control, f->immutable ? "public, max-age=31536000, immutable" : "no-cache");
    res.set(http::field::etag, f->etag);
    res.set(http::field::vary, "Accept-Encoding");
    const auto inm = req.find(http::field::if_none_match);
    if (inm != req.end() && inm->value() == f->etag) {
        res.result(http::status::not_modified);
        return res;
    }
    res.set(http::field::content_type, f->mime);
    const auto ae = req.find(http::field::accept_encoding);
    switch (ae == req.end() ? ContentCoding::Identity : choose_coding(ae->value(), !f->brotli.empty(), !f->gzip.empty())) {
    case ContentCoding::Brotli:
        res.set(http::field::content_encoding, "br");
        res.body() = f->brotli;
        break;
    case ContentCoding::Gzip:
        res.set(http::field::content_encoding, "gzip");
        res.body() = f->gzip;
        break;
    case ContentCoding::Identity: res.body() = f->body; break;
    }
    res.prepare_payload();
    return res;
}

Response ServerApp::run_route(const Route& route, const Call& call) {
    try {
        return route.handler(*api_, call);
    } catch (const std::exception& e) {
        log_event("internal_error", {{"route", route.metric}, {"detail", e.what()}});
    } catch (...) {
        log_event("internal_error", {{"route", route.metric}});
    }
    return error_response_for(call.path, api::make_api_error(500, "internal_error"), call.lang);
}

void ServerApp::run_route_later(const Route& route, const Call& call, Reply reply) {
    auto answered = std::make_shared<std::atomic<bool>>(false);
    Reply once = [answered, reply = std::move(reply)](Response&& res) {
        if (!answered->exchange(true)) reply(std::move(res));
    };
    try {
        route.answer_later(*api_, call, once);
        return;
    } catch (const std::exception& e) {
        log_event("internal_error", {{"route", route.metric}, {"detail", e.what()}});
    } catch (...) {
        log_event("internal_error", {{"route", route.metric}});
    }
    once(error_response_for(call.path, api::make_api_error(500, "internal_error"), call.lang)); // unless it answered already
}

void ServerApp::internal_error(const char* where, std::exception_ptr e) {
    std::string detail;
    try {
        if (e) std::rethrow_exception(e);
    } catch (const std::exception& x) {
        detail = x.what();
    } catch (...) {
        detail = "unknown exception";
    }
    log_event("internal_error", {{"where", where}, {"detail", detail}}); // never throws
}

void ServerApp::handle(Request&& req, const std::string& peer, std::function<void(Response&&)> send) {
    // `send` at most once, whoever answers: the route, or the guard below after an exception.
    auto answered = std::make_shared<std::atomic<bool>>(false);
    Sender once = [answered, send = std::move(send)](Response&& res) {
        if (!answered->exchange(true)) send(std::move(res));
    };
    const double started = now_seconds();
    const unsigned version = req.version();
    const http::verb method = req.method();
    try {
        route_request(std::move(req), peer, once, started);
    } catch (...) {
        internal_error("request", std::current_exception());
        answer_internal_error(method, version, started, once);
    }
}

void ServerApp::answer_internal_error(http::verb method, unsigned version, double started, const Sender& send) {
    try {
        Response res = error_response(api::make_api_error(500, "internal_error"));
        res.version(version);
        finish("other", method, "", res, started);
        send(std::move(res));
    } catch (...) {
        internal_error("answer", std::current_exception()); // the connection times out; the server goes on
    }
}

void ServerApp::route_request(Request&& req, const std::string& peer, const Sender& send, double started) {
    std::string path(req.target());
    if (const size_t q = path.find('?'); q != std::string::npos) path.resize(q);
    std::vector<std::string_view> hops; // the header the trusted proxies write, and only that one
    if (!config_.trusted.empty()) {
        const char* name = config_.forwardedHeader == ForwardedHeader::Forwarded ? "Forwarded" : "X-Forwarded-For";
        for (const auto& f : req)
            if (boost::beast::iequals(f.name_string(), name)) hops.push_back(f.value());
    }
    const std::string client = client_address(peer, config_.forwardedHeader, hops, config_.trusted);
    const Dispatch d = dispatch(*api_, req.method(), path);
    const http::verb method = req.method();
    const Locale& lang = request_language(req);

    auto reply = [this, method, client, started, version = req.version()](std::string metric, Response res, const Sender& out) {
        res.version(version);
        finish(metric, method, client, res, started);
        out(std::move(res));
    };
    if (!d.route) {
        Response res;
        if (!d.allow.empty()) {
            res = error_response_for(path, api::make_api_error(405, "method_not_allowed"), lang);
            res.set(http::field::allow, d.allow);
        } else if (d.api) {
            res = error_response_for(path, api::make_api_error(404, "not_found"), lang);
        } else {
            res = serve_static(req, path);
        }
        return reply(d.metric, std::move(res), send);
    }
    if (d.route->json_body) {
        const auto ct = req.find(http::field::content_type);
        const std::string v = ct == req.end() ? std::string() : std::string(ct->value());
        if (v != "application/json" && v.rfind("application/json;", 0) != 0)
            return reply(d.metric, error_response_for(path, api::make_api_error(415, "unsupported_media_type"), lang), send);
    }
    const Route* route = d.route;
    // A route that answers later (an inquiry, after its commit) replies from whichever thread
    // answers it: the same exit, and no exception leaves that thread either.
    auto run = [this, route, path, client, &lang, reply, send, started, metric = d.metric](const Request& request) {
        const Call call{request, path, client, client_key(client), lang};
        if (!route->answer_later) return reply(metric, run_route(*route, call), send);
        const http::verb m = request.method();
        const unsigned v = request.version();
        run_route_later(*route, call, [this, reply, send, metric, m, v, started](Response&& res) {
            try {
                reply(metric, std::move(res), send);
            } catch (...) {
                internal_error("reply", std::current_exception());
                answer_internal_error(m, v, started, send);
            }
        });
    };
    if (route->work == Work::Inline || (route->work == Work::Reads && !store_->reads_may_block())) return run(req);
    // The route may block on the database: a worker answers, the connection's strand writes.
    auto shared = std::make_shared<Request>(std::move(req));
    boost::asio::post(workers_, [this, shared, run, send, started] {
        try {
            run(*shared);
        } catch (...) { // no exception leaves a worker
            internal_error("worker", std::current_exception());
            answer_internal_error(shared->method(), shared->version(), started, send);
        }
    });
}

} // namespace bk::server
