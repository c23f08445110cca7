#include "server/http_server.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <chrono>
#include <optional>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "core/api.h"

namespace bk::server {

namespace beast = boost::beast;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

bool split_host_port(const std::string& s, std::string& host, unsigned short& port) {
    const size_t colon = s.rfind(':');
    if (colon == std::string::npos) return false;
    host = s.substr(0, colon);
    const std::string p = s.substr(colon + 1);
    char* end = nullptr;
    const long n = std::strtol(p.c_str(), &end, 10);
    if (p.empty() || *end || n < 0 || n > 65535) return false;
    port = static_cast<unsigned short>(n);
    return !host.empty();
}

class Session;

struct HttpServer::State {
    HttpOptions options;
    Handler handler;
    asio::io_context ioc;
    tcp::acceptor acceptor{ioc};
    asio::signal_set signals{ioc, SIGINT, SIGTERM};
    std::atomic<bool> stopping{false};
    std::mutex mu;
    std::set<std::weak_ptr<Session>, std::owner_less<std::weak_ptr<Session>>> sessions;
    explicit State(HttpOptions o, Handler h) : options(std::move(o)), handler(std::move(h)) {}
};

// ---- one connection --------------------------------------------------------------------------------------------

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket&& socket, std::shared_ptr<HttpServer::State> state) : stream_(std::move(socket)), state_(std::move(state)) {
        beast::error_code ec;
        const auto ep = stream_.socket().remote_endpoint(ec);
        ip_ = ec ? "" : ep.address().to_string();
    }

    void start() {
        {
            std::lock_guard lock(state_->mu);
            state_->sessions.insert(weak_from_this());
        }
        asio::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::read, shared_from_this()));
    }

    // Graceful stop: an idle connection closes now; a busy one after its answer.
    void close_when_idle() {
        asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
            if (!self->busy_) {
                beast::error_code ec;
                self->stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
                self->stream_.close();
            }
        });
    }

    ~Session() {
        std::lock_guard lock(state_->mu);
        state_->sessions.erase(weak_from_this());
    }

private:
    void read() {
        if (state_->stopping) return close();
        parser_.emplace();
        parser_->body_limit(state_->options.bodyLimit);
        parser_->header_limit(8 * 1024);
        // The first request of a connection and a keep-alive wait get the idle timeout; once
        // bytes arrive the whole request must come within the read timeout.
        stream_.expires_after(std::chrono::seconds(first_ ? state_->options.readTimeoutSeconds : state_->options.idleTimeoutSeconds));
        http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, size_t) {
        first_ = false;
        if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted) return close();
        if (ec == http::error::body_limit) return send_error(413, "body_too_large", false);
        if (ec) {
            if (ec.category() == make_error_code(http::error::bad_method).category())
                return send_error(400, "bad_request", false);
            return close();
        }
        busy_ = true;
        Request req = parser_->release();
        const bool keep_alive = req.keep_alive();
        auto self = shared_from_this();
        // While a worker answers, the I/O loop must not run out of work (a graceful stop waits).
        auto guard = std::make_shared<asio::executor_work_guard<asio::io_context::executor_type>>(state_->ioc.get_executor());
        state_->handler(std::move(req), ip_, [self, keep_alive, guard](Response&& res) {
            // Back on this connection's strand, whatever thread answered.
            auto shared = std::make_shared<Response>(std::move(res));
            asio::dispatch(self->stream_.get_executor(), [self, shared, keep_alive] {
                shared->keep_alive(keep_alive && !self->state_->stopping);
                self->write(shared);
            });
            guard->reset();
        });
    }

    void send_error(int status, const char* code, bool keep_alive) {
        auto res = std::make_shared<Response>(static_cast<http::status>(status), 11);
        res->set(http::field::content_type, "application/json");
        res->body() = api::encode(api::make_api_error(status, code));
        res->keep_alive(keep_alive);
        res->prepare_payload();
        busy_ = true;
        write(res);
    }

    void write(std::shared_ptr<Response> res) {
        stream_.expires_after(std::chrono::seconds(state_->options.readTimeoutSeconds));
        http::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code ec, size_t) {
            self->busy_ = false;
            if (ec || !res->keep_alive()) return self->close();
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
    std::string ip_;
    bool busy_ = false;
    bool first_ = true;
};

// ---- accepting ---------------------------------------------------------------------------------------------------

namespace {

void accept_one(const std::shared_ptr<HttpServer::State>& st) {
    st->acceptor.async_accept(asio::make_strand(st->ioc), [st](beast::error_code ec, tcp::socket socket) {
        if (st->stopping || !st->acceptor.is_open()) return;
        if (!ec) {
            socket.set_option(tcp::no_delay(true), ec);
            std::make_shared<Session>(std::move(socket), st)->start();
        }
        accept_one(st); // keep this accept slot busy
    });
}

void begin_stop(const std::shared_ptr<HttpServer::State>& st) {
    if (st->stopping.exchange(true)) return;
    beast::error_code ec;
    st->acceptor.close(ec);
    st->signals.cancel(ec);
    std::vector<std::shared_ptr<Session>> open;
    {
        std::lock_guard lock(st->mu);
        for (const auto& w : st->sessions)
            if (auto s = w.lock()) open.push_back(s);
    }
    for (auto& s : open) s->close_when_idle();
}

} // namespace

HttpServer::HttpServer(HttpOptions options, Handler handler)
    : state_(std::make_shared<State>(std::move(options), std::move(handler))) {}

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
    return true;
}

void HttpServer::run() {
    auto st = state_;
    for (int i = 0; i < st->options.pendingAccepts; ++i) accept_one(st);
    st->signals.async_wait([st](beast::error_code ec, int) { if (!ec) begin_stop(st); });
    std::vector<std::thread> threads;
    for (int i = 1; i < st->options.ioThreads; ++i) threads.emplace_back([st] { st->ioc.run(); });
    st->ioc.run(); // returns when nothing is left: no acceptor, no signals, no sessions
    for (auto& t : threads) t.join();
}

void HttpServer::stop() {
    auto st = state_;
    asio::post(st->ioc, [st] { begin_stop(st); });
}

} // namespace bk::server
