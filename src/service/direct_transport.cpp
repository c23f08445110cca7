#include "service/direct_transport.h"

namespace bk {

template <class T>
void DirectTransport::answer(Reply<T> reply, std::function<api::ApiResult<T>()> work) {
    // The work runs when the reply is delivered, as it would on a server receiving the request.
    auto run = [this, reply = std::move(reply), work = std::move(work)]() {
        if (offline_) return reply(api::make_api_error(0, "network_error"));
        reply(work());
    };
    if (queued_) queue_.push_back(std::move(run));
    else run();
}

void DirectTransport::deliver() {
    while (!queue_.empty()) {
        auto next = std::move(queue_.front());
        queue_.pop_front();
        next();
    }
}

void DirectTransport::get_service(Reply<api::ServiceInfo> reply) {
    answer<api::ServiceInfo>(std::move(reply), [this] { return api::ApiResult<api::ServiceInfo>(service_.info()); });
}

void DirectTransport::request_code(const api::CreditCodeRequest& req, Reply<api::CreditCodeIssued> reply) {
    answer<api::CreditCodeIssued>(std::move(reply), [this, req] { return service_.request_code(req, ip_); });
}

void DirectTransport::verify_code(const api::VerifyRequest& req, Reply<api::VerifyResponse> reply) {
    answer<api::VerifyResponse>(std::move(reply), [this, req] { return service_.verify_code(req, ip_); });
}

void DirectTransport::get_credit(const std::string& session, Reply<api::CreditState> reply) {
    answer<api::CreditState>(std::move(reply), [this, session] { return service_.credit(session); });
}

void DirectTransport::inquire(const std::string& session, const api::InquiryRequest& req, Reply<api::InquiryAnswer> reply) {
    answer<api::InquiryAnswer>(std::move(reply), [this, session, req] { return service_.inquire(session, req, ip_); });
}

void DirectTransport::end_session(const std::string& session, Reply<Ok> reply) {
    answer<Ok>(std::move(reply), [this, session] { return service_.end_session(session); });
}

} // namespace bk
