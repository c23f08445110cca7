// http_server.cpp — the Beast HTTP server (http_server.h has the contract).
// Sections, in order:
//   - one connection
//   - accepting
#include "server/http_server.h"

#include <limits>
#include "server/http_text.h"
#include "server/log.h"

#include <sys/resource.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <vector>

namespace bk::server {

namespace beast = boost::beast;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

bool split_host_port(const std::string& s, std::string& host, unsigned short& port) {
    const size_t colon = s.rfind(':');
    if (colon == std::string::npos) return false;
    host = s.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    const std::string p = s.substr(colon + 1);
    char* end = nullptr;
    const long n = std::strtol(p.c_str(), &end, 10);
    if (p.empty() || *end || n < 0 || n > 65535) return false;
    port = static_cast<unsigned short>(n);
    return !host.empty();
}

int64_t raise_open_files_limit() {
    rlimit r{};
    if (getrlimit(RLIMIT_NOFILE, &r) != 0) return 1024;
    if (r.rlim_cur < r.rlim_max) {
        rlimit raised = r;
        raised.rlim_cur = r.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0) r = raised;
    }
    return r.rlim_cur == RLIM_INFINITY ? 1 << 20 : static_cast<int64_t>(r.rlim_cur);
}

namespace {
int64_t now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}
} // namespace

class Connection;

struct HttpServer::State {
    HttpOptions options;
    Handler on_request;
    ErrorHandler on_error;
    asio::io_context ioc;
    tcp::acceptor acceptor{ioc};
    asio::signal_set signals{ioc, SIGINT, SIGTERM};
    // One back-off timer per accept slot, made before the first accept: the out-of-descriptors
    // path allocates nothing (and under UBSan meets no type it has yet to check, which takes a
    // descriptor).
    std::vector<std::unique_ptr<asio::steady_timer>> backoff;
    std::atomic<bool> stopping{false};
    int64_t max_connections = 0;
    std::string keep_alive_hint; // "timeout=<idle seconds>", the Keep-Alive header

    std::mutex mu; // guards the three below
    std::set<std::weak_ptr<Connection>, std::owner_less<std::weak_ptr<Connection>>> connections;
    std::map<std::string, int64_t> per_client;
    int64_t open = 0;

    std::atomic<uint64_t> refused{0}, evicted{0}, backoffs{0};
    State(HttpOptions o, Handler h, ErrorHandler e)
        : options(std::move(o)), on_request(std::move(h)), on_error(std::move(e)),
          keep_alive_hint("timeout=" + std::to_string(options.idleTimeoutSeconds)) {}

    // Closes up to `n` connections idle the longest (not reading a body, not answering) — of one
    // client's when `key` is given; how many it closed (0 if none is idle).
    size_t close_oldest_idle(const std::string& key = {}, size_t n = 1);
};

// ---- one connection --------------------------------------------------------------------------------------------

class Connection : public std::enable_shared_from_this<Connection> {
public:
    Connection(tcp::socket&& socket, std::shared_ptr<HttpServer::State> state, std::string peer, std::string key)
        : stream_(std::move(socket)), state_(std::move(state)), peer_(std::move(peer)), key_(std::move(key)) {}

    void start() {
        {
            std::lock_guard lock(state_->mu);
            state_->connections.insert(weak_from_this());
        }
        asio::dispatch(stream_.get_executor(), beast::bind_front_handler(&Connection::read, shared_from_this()));
    }

    // Asks the connection to close (a graceful stop, or room for another) as soon as no request
    // is on it: at once when it waits for a request and none has begun to arrive; otherwise after
    // answering the request it has, with "Connection: close". Any thread.
    void close_when_idle() {
        asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->leave(); });
    }

    bool idle() const { return !busy_ && !reading_body_; }
    int64_t idle_since() const { return idle_since_; }
    // Chosen for eviction, its close still queued on its strand: never chosen twice, so each
    // connection admitted over the limit closes a different idle one (guarded by State::mu).
    bool evicting = false;

    ~Connection() {
        std::lock_guard lock(state_->mu);
        state_->connections.erase(weak_from_this());
        --state_->open;
        if (!key_.empty() && --state_->per_client[key_] <= 0) state_->per_client.erase(key_);
    }

private:
    // On the strand. A header read is pending unless a request is being read or answered; it is
    // cancelled, and on_header decides: bytes of a request already here (in our buffer or the
    // socket's) are read and answered; nothing at all, and the connection closes. Deciding on
    // the strand, after the cancel, leaves no window in which a request that reached the server
    // is dropped: a read that took bytes completes with them instead of being cancelled.
    void leave() {
        closing_ = true;
        if (busy_ || reading_body_) return; // write() closes after the answer
        beast::error_code ignore;
        stream_.socket().cancel(ignore);
    }

    bool request_begun() {
        beast::error_code ec;
        return buffer_.size() > 0 || stream_.socket().available(ec) > 0;
    }

    void read() {
        if (state_->stopping || closing_) return close();
        parser_.emplace();
        // The body's limit is the route's, known once the header is read (on_header); Beast checks
        // a Content-Length against the limit as the header completes, so none holds before.
        // (Not boost::none: Beast compares a length with it, and any length is more than none.)
        parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
        parser_->header_limit(8 * 1024);
        idle_since_ = now_ms();
        // The first request of a connection and a keep-alive wait get the idle timeout; once
        // bytes arrive the whole request must come within the read timeout.
        stream_.expires_after(std::chrono::seconds(first_ ? state_->options.readTimeoutSeconds : state_->options.idleTimeoutSeconds));
        http::async_read_header(stream_, buffer_, *parser_, beast::bind_front_handler(&Connection::on_header, shared_from_this()));
    }

    void on_header(beast::error_code ec, size_t) {
        if (ec == asio::error::operation_aborted && closing_) {
            if (!request_begun()) return close();
            // A request has begun: it is read (within the read timeout) and answered.
            stream_.expires_after(std::chrono::seconds(state_->options.readTimeoutSeconds));
            return http::async_read_header(stream_, buffer_, *parser_, beast::bind_front_handler(&Connection::on_header, shared_from_this()));
        }
        if (ec) return on_read(ec, 0);
        // Only "chunked" may frame a request body: anything else ("xchunked", "chunked, gzip")
        // would let the body be read as a second request. Refuse and close.
        const auto& h = parser_->get();
        const auto te = h.find(http::field::transfer_encoding);
        if (te != h.end()) {
            if (!beast::iequals(trim_ows(te->value()), "chunked") || h.find(http::field::content_length) != h.end() ||
                h.count(http::field::transfer_encoding) > 1)
                return send_error(400, "bad_request");
        }
        if (parser_->is_done()) return on_read({}, 0);
        // The route's own limit is asked only for a body that may be larger than the default.
        size_t limit = state_->options.bodyLimit;
        const auto length = parser_->content_length();
        if (state_->options.bodyLimitFor && (!length || *length > limit))
            if (const size_t route = state_->options.bodyLimitFor(h.method(), h.target())) limit = route;
        if (length && *length > limit) return send_error(413, "body_too_large");
        parser_->body_limit(limit); // a chunked body: counted as its chunks come
        reading_body_ = true;
        stream_.expires_after(std::chrono::seconds(state_->options.readTimeoutSeconds));
        http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Connection::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, size_t) {
        first_ = false;
        reading_body_ = false;
        if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted) return close();
        if (ec == http::error::body_limit) return send_error(413, "body_too_large");
        if (ec) {
            if (ec.category() == make_error_code(http::error::bad_method).category()) return send_error(400, "bad_request");
            return close();
        }
        busy_ = true;
        answered_ = false;
        Request req = parser_->release();
        const bool keep_alive = req.keep_alive();
        auto self = shared_from_this();
        // While a worker answers, the I/O loop must not run out of work (a graceful stop waits).
        auto guard = std::make_shared<asio::executor_work_guard<asio::io_context::executor_type>>(state_->ioc.get_executor());
        try {
            state_->on_request(std::move(req), peer_, [self, keep_alive, guard](Response&& res) {
                if (self->answered_.exchange(true)) return;
                // Back on this connection's strand, whatever thread answered.
                auto shared = std::make_shared<Response>(std::move(res));
                asio::dispatch(self->stream_.get_executor(), [self, shared, keep_alive] {
                    const bool keep = keep_alive && !self->closing_ && !self->state_->stopping;
                    shared->keep_alive(keep);
                    // How long it stays open unused: a client that reads it (Node's agent does)
                    // stops reusing the connection before the server closes it.
                    if (keep) shared->set(http::field::keep_alive, self->state_->keep_alive_hint);
                    self->write(shared);
                });
                guard->reset();
            });
        } catch (...) { // the application answers its own errors; this is the last guard of the I/O thread
            guard->reset();
            if (!answered_.exchange(true)) send_error(500, "internal_error");
        }
    }

    void send_error(int status, const char* code) {
        std::shared_ptr<Response> res;
        try {
            res = std::make_shared<Response>(state_->on_error(status, code, peer_));
        } catch (...) {
            return close();
        }
        res->keep_alive(false);
        busy_ = true;
        write(res);
    }

    void write(std::shared_ptr<Response> res) {
        stream_.expires_after(std::chrono::seconds(state_->options.readTimeoutSeconds));
        http::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code ec, size_t) {
            self->busy_ = false;
            if (ec || !res->keep_alive() || self->closing_) return self->close();
            self->read();
        });
    }

    void close() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        stream_.close();
    }

    beast::tcp_stream stream_;
    std::shared_ptr<HttpServer::State> state_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::string peer_, key_;
    std::atomic<bool> busy_{false}, reading_body_{false};
    std::atomic<bool> answered_{false}; // this request's answer was handed over (once only)
    bool closing_ = false;              // leave() was called: no request after this one (strand)
    std::atomic<int64_t> idle_since_{0};
    bool first_ = true;

    friend struct HttpServer::State;
};

size_t HttpServer::State::close_oldest_idle(const std::string& key, size_t n) {
    std::vector<std::shared_ptr<Connection>> chosen;
    // Every connection looked at is held until the lock is released: one whose other owners let go
    // meanwhile would otherwise end here, and ~Connection takes this same lock (a deadlock of the
    // I/O threads, found by 1,000 connections from one address churning against the cap).
    std::vector<std::shared_ptr<Connection>> looked_at;
    {
        std::lock_guard lock(mu);
        looked_at.reserve(connections.size());
        for (const auto& w : connections) {
            auto s = w.lock();
            if (!s) continue;
            looked_at.push_back(s);
            if (!s->evicting && s->idle() && (key.empty() || s->key_ == key)) chosen.push_back(s);
        }
        const size_t take = std::min(n, chosen.size());
        std::partial_sort(chosen.begin(), chosen.begin() + take, chosen.end(),
                          [](const auto& a, const auto& b) { return a->idle_since() < b->idle_since(); });
        chosen.resize(take);
        for (auto& s : chosen) s->evicting = true;
    }
    looked_at.clear(); // outside the lock: a last owner among them ends its connection here
    evicted += chosen.size();
    for (auto& s : chosen) s->close_when_idle(); // a request that has begun is answered first
    return chosen.size();
}

// ---- accepting ---------------------------------------------------------------------------------------------------

namespace {

void accept_one(const std::shared_ptr<HttpServer::State>& st, size_t slot);

constexpr size_t kRoomWhenOutOfFiles = 16; // idle connections closed each time accept finds no descriptor

void accept_later(const std::shared_ptr<HttpServer::State>& st, size_t slot, std::chrono::milliseconds wait) {
    asio::steady_timer& timer = *st->backoff[slot];
    timer.expires_after(wait);
    timer.async_wait([st, slot](beast::error_code) {
        if (!st->stopping && st->acceptor.is_open()) accept_one(st, slot);
    });
}

bool out_of_descriptors(const beast::error_code& ec) {
    return ec == asio::error::no_descriptors || ec.value() == ENFILE || ec == asio::error::no_buffer_space || ec == asio::error::no_memory;
}

void accept_one(const std::shared_ptr<HttpServer::State>& st, size_t slot) {
    st->acceptor.async_accept(asio::make_strand(st->ioc), [st, slot](beast::error_code ec, tcp::socket socket) {
        if (st->stopping || !st->acceptor.is_open()) return;
        if (ec) {
            if (out_of_descriptors(ec)) {
                // No file descriptor for the new connection: make room and wait, don't spin.
                // A batch of the longest-idle go at once — one at a time let a waiting client in
                // only every 50 ms, behind everyone queued before it.
                ++st->backoffs;
                const size_t closed = st->close_oldest_idle({}, kRoomWhenOutOfFiles);
                return accept_later(st, slot, std::chrono::milliseconds(closed > 0 ? 10 : 50));
            }
            return accept_later(st, slot, std::chrono::milliseconds(5));
        }
        beast::error_code ignore;
        const auto ep = socket.remote_endpoint(ignore);
        const std::string peer = ignore ? std::string() : ep.address().to_string();
        const std::string key = st->options.connectionKey ? st->options.connectionKey(peer) : peer;
        bool make_room = false, client_full = false;
        {
            std::lock_guard lock(st->mu);
            client_full = !key.empty() && st->per_client[key] >= st->options.maxConnectionsPerClient;
            make_room = client_full || st->open >= st->max_connections;
            ++st->open;
            if (!key.empty()) ++st->per_client[key];
        }
        // Full: the connection idle longest makes room (the client's own, when it is the
        // client that is at its cap); with none idle, this one cannot be served.
        bool admit = true;
        if (make_room && st->close_oldest_idle(client_full ? key : std::string()) == 0) {
            std::lock_guard lock(st->mu); // nothing idle to close: this one cannot be served
            --st->open;
            if (!key.empty() && --st->per_client[key] <= 0) st->per_client.erase(key);
            admit = false;
        }
        if (!admit) {
            ++st->refused;
            socket.close(ignore);
        } else {
            socket.set_option(tcp::no_delay(true), ignore);
            std::make_shared<Connection>(std::move(socket), st, peer, key)->start();
        }
        accept_one(st, slot); // keep this accept slot busy
    });
}

void begin_stop(const std::shared_ptr<HttpServer::State>& st) {
    if (st->stopping.exchange(true)) return;
    beast::error_code ec;
    st->acceptor.close(ec);
    st->signals.cancel(ec);
    std::vector<std::shared_ptr<Connection>> open;
    {
        std::lock_guard lock(st->mu);
        for (const auto& w : st->connections)
            if (auto s = w.lock()) open.push_back(s);
    }
    for (auto& s : open) s->close_when_idle();
}

} // namespace

HttpServer::HttpServer(HttpOptions options, Handler on_request, ErrorHandler on_error)
    : state_(std::make_shared<State>(std::move(options), std::move(on_request), std::move(on_error))) {}

HttpServer::~HttpServer() = default;

bool HttpServer::listen(std::string& error) {
    beast::error_code ec;
    const auto address = asio::ip::make_address(state_->options.address, ec);
    if (ec) { error = "bad listen address: " + state_->options.address; return false; }
    const tcp::endpoint ep(address, state_->options.port);
    auto& a = state_->acceptor;
    a.open(ep.protocol(), ec);
    if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) a.bind(ep, ec);
    if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) { error = "cannot listen on " + state_->options.address + ":" + std::to_string(state_->options.port) + ": " + ec.message(); return false; }
    bound_port_ = a.local_endpoint().port();
    // Connections at most: what the open-files limit leaves after a reserve for the database
    // connections, the log and the SMS provider — unless the operator set a number (then accept
    // backs off whenever descriptors run out first).
    rlimit r{};
    const int64_t files = getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur != RLIM_INFINITY ? static_cast<int64_t>(r.rlim_cur) : 1 << 20;
    files_allowed_ = std::max<int64_t>(8, files - 64 - state_->options.reserveFiles);
    state_->max_connections = state_->options.maxConnections > 0 ? state_->options.maxConnections : files_allowed_;
    return true;
}

void HttpServer::run() {
    auto st = state_;
    for (int i = 0; i < st->options.pendingAccepts; ++i) st->backoff.push_back(std::make_unique<asio::steady_timer>(st->ioc));
    for (size_t i = 0; i < st->backoff.size(); ++i) accept_one(st, i);
    st->signals.async_wait([st](beast::error_code ec, int) { if (!ec) begin_stop(st); });
    // A handler that throws ends run() on that thread: report it and go on running, so no
    // exception ends an I/O thread. run() returns normally when nothing is left: no acceptor,
    // no signals, no connections.
    auto loop = [st] {
        for (;;) {
            try {
                st->ioc.run();
                return;
            } catch (const std::exception& e) {
                log_event("internal_error", {{"where", "io"}, {"detail", e.what()}}, LogStream::Err); // escaped: what() is any text
            } catch (...) {
                log_event("internal_error", {{"where", "io"}}, LogStream::Err);
            }
        }
    };
    std::vector<std::thread> threads;
    for (int i = 1; i < st->options.ioThreads; ++i) threads.emplace_back(loop);
    loop();
    for (auto& t : threads) t.join();
}

void HttpServer::stop() {
    auto st = state_;
    asio::post(st->ioc, [st] { begin_stop(st); });
}

HttpStats HttpServer::stats() const {
    HttpStats s;
    {
        std::lock_guard lock(state_->mu);
        s.open = state_->open;
    }
    s.limit = state_->max_connections;
    s.refused = state_->refused;
    s.evicted = state_->evicted;
    s.acceptBackoffs = state_->backoffs;
    return s;
}

} // namespace bk::server
