// minimal_beast.cpp — the anchor bench-server measures the server against: the least a Boost.Beast
// HTTP/1.1 keep-alive server can do (Beast's async example, cut down). Every request, whatever its
// target, gets 200 {"status":"ok"}; nothing is parsed, logged, counted or limited.
//
//   minimal_beast 127.0.0.1 18401 2     (address, port, I/O threads)
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <thread>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

class Session : public std::enable_shared_from_this<Session> {
public:
    explicit Session(tcp::socket&& socket) : stream_(std::move(socket)) {}
    void run() { asio::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::read, shared_from_this())); }

private:
    void read() {
        req_ = {};
        http::async_read(stream_, buffer_, req_, beast::bind_front_handler(&Session::on_read, shared_from_this()));
    }
    void on_read(beast::error_code ec, size_t) {
        if (ec) return close();
        res_ = {http::status::ok, req_.version()};
        res_.set(http::field::content_type, "application/json");
        res_.keep_alive(req_.keep_alive());
        res_.body() = R"({"status":"ok"})";
        res_.prepare_payload();
        http::async_write(stream_, res_, beast::bind_front_handler(&Session::on_write, shared_from_this()));
    }
    void on_write(beast::error_code ec, size_t) {
        if (ec || !res_.keep_alive()) return close();
        read();
    }
    void close() {
        beast::error_code ignore;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignore);
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    http::request<http::string_body> req_;
    http::response<http::string_body> res_;
};

class Listener : public std::enable_shared_from_this<Listener> {
public:
    Listener(asio::io_context& ioc, tcp::endpoint at) : ioc_(ioc), acceptor_(ioc) {
        acceptor_.open(at.protocol());
        acceptor_.set_option(asio::socket_base::reuse_address(true));
        acceptor_.bind(at);
        acceptor_.listen(asio::socket_base::max_listen_connections);
    }
    void accept() { acceptor_.async_accept(asio::make_strand(ioc_), beast::bind_front_handler(&Listener::on_accept, shared_from_this())); }

private:
    void on_accept(beast::error_code ec, tcp::socket socket) {
        if (!ec) std::make_shared<Session>(std::move(socket))->run();
        accept();
    }
    asio::io_context& ioc_;
    tcp::acceptor acceptor_;
};

} // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: minimal_beast ADDRESS PORT THREADS\n");
        return 2;
    }
    const int threads = std::max(1, std::atoi(argv[3]));
    asio::io_context ioc{threads};
    try {
        std::make_shared<Listener>(ioc, tcp::endpoint{asio::ip::make_address(argv[1]), static_cast<unsigned short>(std::atoi(argv[2]))})->accept();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "cannot listen: %s\n", e.what());
        return 1;
    }
    std::vector<std::thread> pool;
    for (int i = 1; i < threads; ++i) pool.emplace_back([&ioc] { ioc.run(); });
    ioc.run();
    for (auto& t : pool) t.join();
}
