// server_app.h — the server as one object: storage, service, SMS channel, static files, metrics,
// the request log and the retention clean-up. Each request is dispatched by the route table
// (routes.h): blocking work on the worker pool, the rest inline; every response — the API's,
// a static file, an error of the HTTP layer — leaves through finish(): security headers, no
// body for HEAD, one metric, one log line. No exception leaves a worker: it becomes a 500 in the
// one error shape, logged, and the server goes on.
#pragma once
#include <atomic>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <boost/asio/thread_pool.hpp>

#include "server/config.h"
#include "server/http_server.h"
#include "server/metrics.h"
#include "server/routes.h"
#include "server/server_store.h"
#include "server/sms_queue.h"
#include "server/static_files.h"
#include "server/system_clock.h"
#include "service/crypto.h"
#include "service/service.h"
#include "service/sms.h"

namespace bk::server {

class ServerApp {
public:
    // Opens the database, loads or creates the HMAC key, loads the web root, starts the SMS
    // queue and the clean-up. The error says what is wrong in an operator's words.
    static Result<std::unique_ptr<ServerApp>> create(const ServerConfig& config);
    ~ServerApp();

    void handle(Request&& req, const std::string& peer, std::function<void(Response&&)> send);
    Response http_error(int status, const char* code, const std::string& peer);
    // The body limit of the route a request line names (0: the server's default). Any thread.
    size_t body_limit(http::verb method, std::string_view target) const;
    bool has_client() const { return !files_.empty(); }
    void watch(const HttpServer* http) { http_ = http; } // for /metrics
    // Stops the clean-up, drains the SMS queue (what is queued is sent, for a bounded time),
    // and finishes the worker jobs in flight.
    void stop();

private:
    explicit ServerApp(const ServerConfig& config);
    using Sender = std::function<void(Response&&)>;
    void route_request(Request&& req, const std::string& peer, const Sender& send, double started);
    // An exception that reached a guard: logged once, answered 500 in the one error shape (when
    // nothing was sent yet); never rethrown, so no thread ends by it.
    void internal_error(const char* where, std::exception_ptr e);
    void answer_internal_error(http::verb method, unsigned version, double started, const Sender& send);
    void finish(const std::string& metric, http::verb method, const std::string& client, Response& res, double started);
    Response serve_static(const Request& req, const std::string& path);
    Response run_route(const Route& route, const Call& call);
    // A route that answers later: `reply` is called once, by the route or, after an exception
    // before it did, with a 500.
    void run_route_later(const Route& route, const Call& call, Reply reply);
    void janitor();
    // The database's health for /healthz; the operator hears when it goes down (with the
    // engine's message, once) and when it is back.
    StoreStatus health();
    void log_store_error(const char* operation, const StoreError& e);

    ServerConfig config_;
    SystemClock clock_;
    std::unique_ptr<ServerStore> store_;
    std::unique_ptr<Crypto> crypto_;
    std::unique_ptr<SmsSender> sender_;
    Outbox* outbox_ = nullptr;
    std::unique_ptr<SmsChannel> sms_;
    std::unique_ptr<Service> service_;
    Metrics metrics_;
    StaticFiles files_;
    std::unique_ptr<ApiContext> api_;
    const HttpServer* http_ = nullptr;
    boost::asio::thread_pool workers_;
    std::atomic<bool> database_up_{true};

    std::mutex janitor_mu_; // guards stopping_ (janitor_cv_ waits on it)
    std::condition_variable janitor_cv_;
    bool stopping_ = false;
    std::thread janitor_;
};

// Reads the HMAC key file, or creates it (32 random bytes, hex, mode 0600) when absent. Refuses
// a file others may read, or a key too short or too uniform to be one.
Result<std::string> load_or_create_key(const std::string& path, Crypto& crypto);

} // namespace bk::server
