#include "server/server_app.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio/post.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <mutex>

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
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

void security_headers(Response& res) {
    res.set("Content-Security-Policy", kCsp);
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "no-referrer");
    res.set("X-Frame-Options", "DENY");
    res.set("Cross-Origin-Opener-Policy", "same-origin");
    res.set(http::field::server, "barkhordari");
}

std::mutex g_log_mu;

} // namespace

Result<std::string> load_or_create_key(const std::string& path, Crypto& crypto) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::exists(path, ec)) {
        std::ifstream in(path);
        std::string key;
        std::getline(in, key);
        if (key.size() < 32) return make_error("bad_key", path + ": the key must have at least 32 characters");
        return key;
    }
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

ServerApp::~ServerApp() { workers_.join(); }

Result<std::unique_ptr<ServerApp>> ServerApp::create(const ServerConfig& config) {
    std::unique_ptr<ServerApp> app(new ServerApp(config));
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!is_postgres_url(config.db))
        if (const fs::path dir = fs::path(config.db).parent_path(); !dir.empty()) fs::create_directories(dir, ec);
    auto store = open_store(config.db);
    if (!store) return store.error();
    app->store_ = std::move(*store);
    app->crypto_ = make_system_crypto();
    auto key = load_or_create_key(config.hmacKeyFile, *app->crypto_);
    if (!key) return key.error();
    app->config_.service.hmacKey = *key;

    if (config.smsProvider == "http") {
        app->sms_ = std::make_unique<SmsHttpSender>(
            SmsHttpOptions{config.smsUrl, config.smsBody, config.smsApiKey, config.smsTimeoutMs, config.smsRetries, 200});
    } else {
        auto outbox = std::make_unique<Outbox>(10000);
        app->outbox_ = outbox.get();
        app->sms_ = std::move(outbox);
    }
    ServerStore& s = *app->store_;
    app->service_ = std::make_unique<Service>(app->config_.service, Stores{s, s, s, s}, *app->crypto_, app->clock_, *app->sms_);
    app->files_.load(config.webRoot);
    app->api_ = std::make_unique<ApiContext>(ApiContext{*app->service_, app->config_, app->metrics_,
                                                        config.dev ? app->outbox_ : nullptr,
                                                        [st = app->store_.get()] { return st->ping().ok(); }});
    return app;
}

void ServerApp::finish(const std::string& route, const std::string& ip, Response& res, double started) {
    security_headers(res);
    const double seconds = now_seconds() - started;
    metrics_.observe(route, res.result_int(), seconds);
    if (!config_.logRequests) return;
    // One line per request. Never a code, a token, a body or a national ID: the route has the
    // tracking code replaced, and only the status and timing are added.
    char ts[32];
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
    std::lock_guard lock(g_log_mu);
    std::printf("{\"ts\":\"%s\",\"ip\":\"%s\",\"route\":\"%s\",\"status\":%d,\"ms\":%.3f}\n", ts, ip.c_str(), route.c_str(),
                res.result_int(), seconds * 1000);
}

Response ServerApp::serve_static(const Request& req) {
    if (req.method() != http::verb::get && req.method() != http::verb::head) {
        Response res = error_response(api::make_api_error(405, "method_not_allowed"));
        res.set(http::field::allow, "GET, HEAD");
        return res;
    }
    std::string path(req.target());
    if (const size_t q = path.find('?'); q != std::string::npos) path.resize(q);
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
    const bool gzip = !f->gzip.empty() && ae != req.end() && std::string(ae->value()).find("gzip") != std::string::npos;
    if (gzip) res.set(http::field::content_encoding, "gzip");
    res.body() = gzip ? f->gzip : f->body;
    res.prepare_payload();
    if (req.method() == http::verb::head) res.body().clear();
    return res;
}

void ServerApp::handle(Request&& req, const std::string& ip, std::function<void(Response&&)> send) {
    const double started = now_seconds();
    std::string route = route_name(req);
    const std::string target(req.target());
    const bool api = target.rfind("/api/", 0) == 0 || target.rfind("/dev/", 0) == 0 || target.rfind("/healthz", 0) == 0 ||
                     target.rfind("/metrics", 0) == 0;
    if (!api) {
        Response res = serve_static(req);
        finish(route, ip, res, started);
        return send(std::move(res));
    }
    // The API may block on the database: a worker answers, the connection's strand writes.
    auto shared = std::make_shared<Request>(std::move(req));
    boost::asio::post(workers_, [this, shared, ip, route = std::move(route), send = std::move(send), started] {
        Response res = handle_api(*api_, *shared, ip);
        res.version(shared->version());
        finish(route, ip, res, started);
        send(std::move(res));
    });
}

} // namespace bk::server
