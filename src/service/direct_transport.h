// direct_transport.h — core's Transport answered by the service domain in the same process:
// the WASM demo (no backend) and the flow tests use it. The service acts when called; the reply
// arrives inside the call unless a queue is asked for, in which case deliver() hands replies
// over later (tests of pending rows and of replies that overtake each other).
#pragma once
#include <deque>
#include <functional>
#include <string>

#include "core/transport.h"
#include "service/service.h"

namespace bk {

class DirectTransport final : public Transport {
public:
    explicit DirectTransport(Service& service, std::string client_ip = "127.0.0.1")
        : service_(service), ip_(std::move(client_ip)) {}

    // While offline, every call fails as a network error would (status 0).
    void set_offline(bool offline) { offline_ = offline; }
    // When queued, replies wait until deliver(); otherwise they arrive inside the call.
    void set_queued(bool queued) { queued_ = queued; }
    size_t pending() const { return queue_.size(); }
    void deliver();
    void deliver_last();   // only the newest queued reply (replies that overtake each other)

    void get_service(Reply<api::ServiceInfo> reply) override;
    void request_code(const api::CreditCodeRequest& req, Reply<api::CreditCodeIssued> reply) override;
    void verify_code(const api::VerifyRequest& req, Reply<api::VerifyResponse> reply) override;
    void inquire(const std::string& session, const api::InquiryRequest& req, Reply<api::InquiryAnswer> reply) override;
    void end_session(const std::string& session, Reply<Ok> reply) override;
    void find_inquiry(const std::string& tracking_code, Reply<api::InquiryAnswer> reply) override;

private:
    template <class T>
    void answer(Reply<T> reply, std::function<api::ApiResult<T>()> work);

    Service& service_;
    std::string ip_;
    bool offline_ = false;
    bool queued_ = false;
    std::deque<std::function<void()>> queue_;
};

} // namespace bk
