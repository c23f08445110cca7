#include "server/sms_http.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <cstdio>
#include <functional>
#include <thread>

#include "core/messages.h"

#include "server/log.h"

namespace bk::server {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;


namespace {

// POST `req` on an open stream (plain TCP, or TLS after its handshake) and read the answer, each
// step bounded by the deadline the caller set on the stream's TCP layer.
template <class Stream>
void post(Stream& stream, http::request<http::string_body>& req, Status<>& result, std::function<void()> after) {
    auto buffer = std::make_shared<beast::flat_buffer>();
    auto res = std::make_shared<http::response<http::string_body>>();
    http::async_write(stream, req, [&stream, &result, buffer, res, after](beast::error_code e, size_t) {
        if (e) { result = make_error("sms_failed", "write: " + e.message()); return after(); }
        http::async_read(stream, *buffer, *res, [&result, buffer, res, after](beast::error_code e2, size_t) { // both live until read
            if (e2) result = make_error("sms_failed", "read: " + e2.message());
            else if (res->result_int() / 100 != 2) result = make_error("sms_failed", "status " + std::to_string(res->result_int()));
            else result = Ok{};
            after();
        });
    });
}

} // namespace

Status<> SmsHttpSender::attempt(const std::string& body) {
    // http(s)://host[:port]/path
    const bool tls = o_.url.rfind("https://", 0) == 0;
    const std::string rest = o_.url.substr(tls ? 8 : 7);
    const size_t slash = rest.find('/');
    const std::string hostport = rest.substr(0, slash);
    const std::string target = slash == std::string::npos ? "/" : rest.substr(slash);
    const size_t colon = hostport.rfind(':');
    const std::string host = hostport.substr(0, colon);
    const std::string port = colon == std::string::npos ? (tls ? "443" : "80") : hostport.substr(colon + 1);

    // The whole attempt, name resolution included, within the timeout: getaddrinfo() cannot be
    // interrupted, so it runs on a thread of its own that is left behind if it overruns. A
    // resolver that hangs would leave one behind per attempt: at most kMaxLookups are ever
    // outstanding, and an attempt beyond that fails at once.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(o_.timeoutMs);
    static std::atomic<int> outstanding{0};
    constexpr int kMaxLookups = 16;
    if (outstanding.fetch_add(1) >= kMaxLookups) {
        --outstanding;
        return make_error("sms_failed", "resolve: " + std::to_string(kMaxLookups) + " name lookups still pending (the resolver is not answering)");
    }
    struct Lookup {
        std::mutex mu;
        std::condition_variable cv;
        bool done = false;
        beast::error_code ec;
        asio::ip::tcp::resolver::results_type endpoints;
    };
    auto lookup = std::make_shared<Lookup>();
    std::thread([lookup, host, port] {
        asio::io_context io;
        asio::ip::tcp::resolver resolver(io);
        beast::error_code ec;
        auto found = resolver.resolve(host, port, ec);
        --outstanding;
        std::lock_guard lock(lookup->mu);
        lookup->ec = ec;
        lookup->endpoints = std::move(found);
        lookup->done = true;
        lookup->cv.notify_all();
    }).detach();
    asio::ip::tcp::resolver::results_type endpoints;
    {
        std::unique_lock lock(lookup->mu);
        if (!lookup->cv.wait_until(lock, deadline, [&] { return lookup->done; })) return make_error("sms_failed", "resolve: timeout");
        if (lookup->ec) return make_error("sms_failed", "resolve: " + lookup->ec.message());
        endpoints = lookup->endpoints;
    }

    http::request<http::string_body> req{http::verb::post, target, 11};
    req.set(http::field::host, hostport);
    req.set(http::field::content_type, "application/json");
    if (!o_.apiKey.empty()) req.set(http::field::authorization, "Bearer " + o_.apiKey);
    req.body() = body;
    req.prepare_payload();

    asio::io_context ioc;
    Status<> result = make_error("sms_failed", "timeout");
    beast::error_code ignored;
    if (!tls) {
        beast::tcp_stream stream(ioc);
        stream.expires_at(deadline); // every step below ends at the deadline
        stream.async_connect(endpoints, [&](beast::error_code e, const auto&) {
            if (e) { result = make_error("sms_failed", "connect: " + e.message()); return; }
            post(stream, req, result, [] {});
        });
        ioc.run();
        stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
        return result;
    }

    // TLS: the provider proves it is the host in the URL before the key goes out.
    asio::ssl::context ctx(asio::ssl::context::tls_client);
    ctx.set_options(asio::ssl::context::no_sslv2 | asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                    asio::ssl::context::no_tlsv1_1);
    if (o_.caFile.empty()) ctx.set_default_verify_paths(ignored);
    else ctx.load_verify_file(o_.caFile, ignored);
    if (ignored) return make_error("sms_failed", "tls: cannot load the CA certificates: " + ignored.message());
    ctx.set_verify_mode(asio::ssl::verify_peer);
    beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
    stream.set_verify_callback(asio::ssl::host_name_verification(host));
    if (!SSL_set_tlsext_host_name(stream.native_handle(), host.c_str())) return make_error("sms_failed", "tls: cannot set the server name");
    beast::get_lowest_layer(stream).expires_at(deadline);
    beast::get_lowest_layer(stream).async_connect(endpoints, [&](beast::error_code e, const auto&) {
        if (e) { result = make_error("sms_failed", "connect: " + e.message()); return; }
        stream.async_handshake(asio::ssl::stream_base::client, [&](beast::error_code e2) {
            if (e2) { result = make_error("sms_failed", "tls: " + e2.message()); return; }
            post(stream, req, result, [&] { stream.async_shutdown([](beast::error_code) {}); });
        });
    });
    ioc.run(); // the deadline ends every step, the TLS shutdown included
    return result;
}

Status<> SmsHttpSender::send(const std::string& mobile, const std::string& text) {
    const std::string body = substitute(substitute(o_.bodyTemplate, "mobile", json_escape(mobile)), "text", json_escape(text));
    int wait = o_.backoffMs;
    Status<> last = make_error("sms_failed");
    for (int i = 0; i <= o_.retries; ++i) {
        last = attempt(body);
        if (last) return last;
        if (i < o_.retries) {
            std::this_thread::sleep_for(std::chrono::milliseconds(wait));
            wait *= 2;
        }
    }
    return last;
}

} // namespace bk::server
