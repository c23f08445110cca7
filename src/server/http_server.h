// http_server.h — asynchronous HTTP/1.1 on Boost.Beast, after Beast's examples: N I/O threads,
// a strand per connection, several accepts pending at once (so a burst of new connections is
// taken quickly), keep-alive, a request-body limit, read and idle timeouts against slow clients,
// and a graceful stop (SIGTERM/SIGINT): no new connections, in-flight requests finish.
//
// Under pressure: at most `maxConnections` open (by default what the open-files limit allows),
// and `maxConnectionsPerClient` per client key; when full, the connection idle longest is
// closed to make room (the client's own, when it is the client that is at its cap), and a new
// connection is refused at accept only when none is idle. When accept() runs out of file
// descriptors (EMFILE/ENFILE) it closes the 16 longest-idle connections and waits 10 ms before
// trying again (50 ms when none is idle), instead of spinning.
//
// No request that reached the server is dropped: every request whose bytes arrived is answered
// (by the application, or with 400/413 by the HTTP layer). A connection is closed unanswered
// only when nothing of a request is on it — then the client sees the close before any answer and
// may resend. Closing a connection for room, or for a graceful stop, is decided on the
// connection's own strand after cancelling its wait for a header; a request that has begun is
// read (within the read timeout) and answered with "Connection: close" first. So the cap may be
// passed briefly, by the connections whose chosen room was still in use.
//
// Every response leaves through the application: requests go to `on_request`, and a request the
// server could not read (malformed, too large, a Transfer-Encoding other than chunked) goes to
// `on_error`, so both get the same headers, metrics and log line.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/beast/http.hpp>

namespace bk::server {

namespace http = boost::beast::http;

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;
// Answers through `send`, from any thread, exactly once.
using Handler = std::function<void(Request&& req, const std::string& peer, std::function<void(Response&&)> send)>;
// The response to a request that could not be read (the connection closes after it).
using ErrorHandler = std::function<Response(int status, const char* code, const std::string& peer)>;

struct HttpOptions {
    std::string address = "127.0.0.1";
    unsigned short port = 8080;
    int ioThreads = 2;
    size_t bodyLimit = 16 * 1024;
    // A larger limit for some requests (a FHIR batch), decided from the request line once the
    // header is read; 0 keeps bodyLimit. Called on an I/O thread: must not block.
    std::function<size_t(http::verb method, std::string_view target)> bodyLimitFor;
    int readTimeoutSeconds = 10;
    int idleTimeoutSeconds = 30;
    int pendingAccepts = 16;
    int maxConnections = 0;                 // 0: the open-files limit less a reserve
    int reserveFiles = 0;                   // descriptors kept for the database, beyond 64
    int maxConnectionsPerClient = 256;      // a client at its cap: its own idle connection makes room
    // The key a connection counts against ("" = not capped, e.g. a trusted proxy).
    std::function<std::string(const std::string& peer)> connectionKey;
};

struct HttpStats {
    int64_t open = 0;            // connections now
    int64_t limit = 0;           // maxConnections in force
    uint64_t refused = 0;        // connections closed at accept (a cap)
    uint64_t evicted = 0;        // idle connections closed to make room
    uint64_t acceptBackoffs = 0; // accept() out of file descriptors
};

class HttpServer {
public:
    HttpServer(HttpOptions options, Handler on_request, ErrorHandler on_error);
    ~HttpServer();
    // Binds and listens; false with a message when the address cannot be used.
    bool listen(std::string& error);
    unsigned short port() const { return bound_port_; }
    // Runs until stop() or a signal; returns after in-flight requests are answered.
    void run();
    void stop();
    HttpStats stats() const;
    // The connections the open-files limit allows after the reserve (known after listen()).
    int64_t files_allowed() const { return files_allowed_; }

    struct State;

private:
    std::shared_ptr<State> state_;
    unsigned short bound_port_ = 0;
    int64_t files_allowed_ = 0;
};

// Parses "host:port" ("[::1]:8080" for IPv6).
bool split_host_port(const std::string& s, std::string& host, unsigned short& port);

// Raises the soft open-files limit to the hard one; returns the limit now in force.
int64_t raise_open_files_limit();

} // namespace bk::server
