#include "service/direct_transport.h"

namespace bk {

template <class T>
void DirectTransport::answer(Reply<T> reply, std::function<api::ApiResult<T>()> work) {
    // The service acts at once, as a server receiving the request would; when queued, only the
    // reply waits (so replies can be handed over late, or out of order).
    api::ApiResult<T> result = offline_ ? api::ApiResult<T>(api::make_api_error(0, "network_error")) : work();
    if (!queued_) return reply(std::move(result));
    queue_.push_back([reply = std::move(reply), result = std::move(result)]() mutable { reply(std::move(result)); });
}

void DirectTransport::deliver() {
    while (!queue_.empty()) {
        auto next = std::move(queue_.front());
        queue_.pop_front();
        next();
    }
}

void DirectTransport::deliver_last() {
    if (queue_.empty()) return;
    auto last = std::move(queue_.back());
    queue_.pop_back();
    last();
}

void DirectTransport::get_service(Reply<api::ServiceInfo> reply) {
    answer<api::ServiceInfo>(std::move(reply), [this] { return api::ApiResult<api::ServiceInfo>(service_.info(language())); });
}

void DirectTransport::request_code(const api::CreditCodeRequest& req, Reply<api::CreditCodeIssued> reply) {
    answer<api::CreditCodeIssued>(std::move(reply), [this, req] { return service_.request_code(req, ip_, language()); });
}

void DirectTransport::verify_code(const api::VerifyRequest& req, Reply<api::VerifyResponse> reply) {
    answer<api::VerifyResponse>(std::move(reply), [this, req] { return service_.verify_code(req, ip_); });
}

void DirectTransport::inquire(const std::string& session, const api::InquiryRequest& req, Reply<api::InquiryAnswer> reply) {
    answer<api::InquiryAnswer>(std::move(reply), [this, session, req] { return service_.inquire(session, req, ip_); });
}

void DirectTransport::end_session(const std::string& session, Reply<Ok> reply) {
    answer<Ok>(std::move(reply), [this, session] { return service_.end_session(session); });
}

void DirectTransport::find_inquiry(const std::string& tracking_code, Reply<api::InquiryAnswer> reply) {
    answer<api::InquiryAnswer>(std::move(reply), [this, tracking_code] { return service_.find_inquiry(tracking_code, ip_); });
}

} // namespace bk
