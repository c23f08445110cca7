// server_app.h — the server as one object: storage, service, SMS channel, static files, metrics,
// request log; routes each request to the API (on the worker pool) or the static files.
#pragma once
#include <memory>
#include <string>

#include <boost/asio/thread_pool.hpp>

#include "server/api_routes.h"
#include "server/config.h"
#include "server/http_server.h"
#include "server/metrics.h"
#include "server/server_store.h"
#include "server/static_files.h"
#include "server/system_clock.h"
#include "service/crypto.h"
#include "service/service.h"
#include "service/sms.h"

namespace bk::server {

class ServerApp {
public:
    // Opens the database, loads or creates the HMAC key, loads the web root.
    static Result<std::unique_ptr<ServerApp>> create(const ServerConfig& config);
    ~ServerApp();

    void handle(Request&& req, const std::string& client_ip, std::function<void(Response&&)> send);
    bool has_client() const { return !files_.empty(); }

private:
    explicit ServerApp(const ServerConfig& config);
    Response serve_static(const Request& req);
    void finish(const std::string& route, const std::string& ip, Response& res, double started);

    ServerConfig config_;
    SystemClock clock_;
    std::unique_ptr<ServerStore> store_;
    std::unique_ptr<Crypto> crypto_;
    std::unique_ptr<SmsSender> sms_;
    Outbox* outbox_ = nullptr;
    std::unique_ptr<Service> service_;
    Metrics metrics_;
    StaticFiles files_;
    std::unique_ptr<ApiContext> api_;
    boost::asio::thread_pool workers_;
};

// Reads the HMAC key file, or creates it (32 random bytes, hex, mode 0600) when absent.
Result<std::string> load_or_create_key(const std::string& path, Crypto& crypto);

} // namespace bk::server
