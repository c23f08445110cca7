// http_server.h — asynchronous HTTP/1.1 on Boost.Beast, after Beast's examples: N I/O threads,
// a strand per connection, several accepts pending at once (so a burst of new connections is
// taken quickly), keep-alive, a request-body limit, read and idle timeouts against slow clients,
// and a graceful stop (SIGTERM/SIGINT): no new connections, in-flight requests finish.
#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/beast/http.hpp>

namespace bk::server {

namespace http = boost::beast::http;

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;
// Handlers answer through `send`, from any thread, exactly once.
using Handler = std::function<void(Request&& req, const std::string& client_ip, std::function<void(Response&&)> send)>;

struct HttpOptions {
    std::string address = "127.0.0.1";
    unsigned short port = 8080;
    int ioThreads = 2;
    size_t bodyLimit = 16 * 1024;
    int readTimeoutSeconds = 10;
    int idleTimeoutSeconds = 30;
    int pendingAccepts = 16;
};

class HttpServer {
public:
    HttpServer(HttpOptions options, Handler handler);
    ~HttpServer();
    // Binds and listens; false with a message when the address cannot be used.
    bool listen(std::string& error);
    unsigned short port() const { return bound_port_; }
    // Runs until stop() or a signal; returns after in-flight requests are answered.
    void run();
    void stop();

    struct State;

private:
    std::shared_ptr<State> state_;
    unsigned short bound_port_ = 0;
};

// Parses "host:port".
bool split_host_port(const std::string& s, std::string& host, unsigned short& port);

} // namespace bk::server
