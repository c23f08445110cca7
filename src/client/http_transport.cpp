#include "client/http_transport.h"

#include <cctype>
#include <cstring>
#include <emscripten/fetch.h>

namespace bk::client {

namespace {

constexpr unsigned kTimeoutMs = 15000;

struct Pending {
    std::string body;                  // kept alive until the fetch ends (requestData points here)
    std::string auth;                  // "Bearer …"
    HttpTransport::RawReply reply;
    std::function<void()> after;
};

void finish(emscripten_fetch_t* f) {
    auto* p = static_cast<Pending*>(f->userData);
    std::string data;
    if (f->data && f->numBytes > 0) data.assign(f->data, static_cast<size_t>(f->numBytes));
    const int status = f->status;
    emscripten_fetch_close(f);
    p->reply(status, std::move(data));
    if (p->after) p->after();
    delete p;
}

// Decodes a 2xx body with `decode`, anything else into the one error shape.
template <class T, class Decode>
HttpTransport::RawReply decoding(Transport::Reply<T> reply, Decode decode) {
    return [reply = std::move(reply), decode](int status, std::string body) {
        if (status >= 200 && status < 300) {
            auto r = decode(body);
            if (!r) reply(api::make_api_error(502, "server_error")); // a 2xx we cannot read
            else reply(std::move(*r));
            return;
        }
        reply(api::decode_error(status, body));
    };
}

} // namespace

void HttpTransport::send(const char* method, const std::string& path, const std::string& body, const std::string& session,
                         RawReply reply) {
    auto* p = new Pending{body, session.empty() ? std::string() : "Bearer " + session, std::move(reply), on_reply_};
    emscripten_fetch_attr_t attr;
    emscripten_fetch_attr_init(&attr);
    std::strncpy(attr.requestMethod, method, sizeof attr.requestMethod - 1);
    attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY;
    attr.timeoutMSecs = kTimeoutMs;
    // The texts the backend writes (errors, the notice, the SMS) in the page's language.
    const char* lang = language().tag();
    const char* headers_with_auth[] = {"Content-Type", "application/json", "Accept", "application/json",
                                       "Accept-Language", lang, "Authorization", p->auth.c_str(), nullptr};
    const char* headers_plain[] = {"Content-Type", "application/json", "Accept", "application/json", "Accept-Language", lang, nullptr};
    attr.requestHeaders = p->auth.empty() ? headers_plain : headers_with_auth;
    if (!p->body.empty()) {
        attr.requestData = p->body.data();
        attr.requestDataSize = p->body.size();
    }
    attr.userData = p;
    attr.onsuccess = finish;
    attr.onerror = finish;
    const std::string url = base_ + path;
    emscripten_fetch(&attr, url.c_str()); // headers are copied by the time this returns
}

void HttpTransport::get_service(Reply<api::ServiceInfo> reply) {
    send("GET", "/service", "", "", decoding<api::ServiceInfo>(std::move(reply), api::decode_service_info));
}

void HttpTransport::request_code(const api::CreditCodeRequest& req, Reply<api::CreditCodeIssued> reply) {
    send("POST", "/credit-codes", api::encode(req), "", decoding<api::CreditCodeIssued>(std::move(reply), api::decode_credit_code_issued));
}

void HttpTransport::verify_code(const api::VerifyRequest& req, Reply<api::VerifyResponse> reply) {
    send("POST", "/credit-codes/verify", api::encode(req), "", decoding<api::VerifyResponse>(std::move(reply), api::decode_verify_response));
}

void HttpTransport::inquire(const std::string& session, const api::InquiryRequest& req, Reply<api::InquiryAnswer> reply) {
    send("POST", "/inquiries", api::encode(req), session, decoding<api::InquiryAnswer>(std::move(reply), api::decode_inquiry_answer));
}

void HttpTransport::end_session(const std::string& session, Reply<Ok> reply) {
    send("DELETE", "/session", "", session, [reply = std::move(reply)](int status, std::string body) {
        if (status >= 200 && status < 300) reply(Ok{});
        else reply(api::decode_error(status, body));
    });
}

void HttpTransport::find_inquiry(const std::string& tracking_code, Reply<api::InquiryAnswer> reply) {
    // Only the code's own alphabet reaches the URL.
    for (char c : tracking_code)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return reply(api::make_api_error(404, "not_found"));
    send("GET", "/inquiries/" + tracking_code, "", "", decoding<api::InquiryAnswer>(std::move(reply), api::decode_inquiry_answer));
}

} // namespace bk::client
