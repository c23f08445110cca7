// transport.h — how the front-end flow reaches the backend. Two implementations live in
// client/: HTTP (emscripten_fetch to /api/v1) and Demo (the service domain in the page).
//
// Contract, for every method:
//   - Threading: one thread (the page's main thread, or a test's). Every call and every reply
//     runs on it; nothing here is thread-safe, and nothing needs to be.
//   - Replies: each call gets exactly one reply — synchronously (inside the call: the demo) or
//     later (the HTTP transport, from the browser's event loop). The flow handles both.
//   - Lifetime: a reply may run as long after the call as the request takes (the HTTP
//     transport gives up after 15 s), and it is not cancelled when the caller goes away. So
//     whatever a reply captures — core/flow captures `this` — must outlive every request in
//     flight; in the page the flow and its transport live as long as the page.
//   - Errors: an api::ApiError in the reply, never an exception: the server's own, or one the
//     transport makes (network_error, status 0, when the request did not complete; server_error
//     when a 2xx answer is not the contract's). A request is never retried behind the caller's
//     back.
#pragma once
#include <functional>
#include <string>

#include "core/api.h"

namespace bk {

class Transport {
public:
    template <class T>
    using Reply = std::function<void(api::ApiResult<T>)>;

    virtual ~Transport() = default;
    virtual void get_service(Reply<api::ServiceInfo> reply) = 0;
    virtual void request_code(const api::CreditCodeRequest& req, Reply<api::CreditCodeIssued> reply) = 0;
    virtual void verify_code(const api::VerifyRequest& req, Reply<api::VerifyResponse> reply) = 0;
    // session is empty in open-inquiry mode.
    virtual void inquire(const std::string& session, const api::InquiryRequest& req, Reply<api::InquiryAnswer> reply) = 0;
    virtual void end_session(const std::string& session, Reply<Ok> reply) = 0;
    // The recorded answer for a tracking code (a receipt).
    virtual void find_inquiry(const std::string& tracking_code, Reply<api::InquiryAnswer> reply) = 0;

    // The language every later request asks for (HTTP: Accept-Language): the texts the backend
    // writes — its error messages, the SMS and the notice — come back in it. Not thread-safe:
    // the client's one thread sets it between requests.
    void set_language(const Locale& lang) { lang_ = &lang; }
    const Locale& language() const { return *lang_; }

private:
    const Locale* lang_ = &Locale::fallback();
};

} // namespace bk
