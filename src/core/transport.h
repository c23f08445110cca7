// transport.h — how the front-end flow reaches the backend. Two implementations live in
// client/: HTTP (emscripten_fetch to /api/v1) and Demo (the service domain in the page).
// Replies may arrive synchronously (inside the call) or later; the flow handles both.
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
