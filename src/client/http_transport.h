// http_transport.h — core's Transport over HTTP: emscripten_fetch to /api/v1.
// No answer, a timeout or a 5xx all become ApiErrors; the flow shows them as «نامشخص».
#pragma once
#include <functional>
#include <string>

#include "core/transport.h"

namespace bk::client {

class HttpTransport final : public Transport {
public:
    // on_reply runs after every reply is handed over (the client schedules a frame).
    HttpTransport(std::string base_url, std::function<void()> on_reply)
        : base_(std::move(base_url)), on_reply_(std::move(on_reply)) {}

    void get_service(Reply<api::ServiceInfo> reply) override;
    void request_code(const api::CreditCodeRequest& req, Reply<api::CreditCodeIssued> reply) override;
    void verify_code(const api::VerifyRequest& req, Reply<api::VerifyResponse> reply) override;
    void inquire(const std::string& session, const api::InquiryRequest& req, Reply<api::InquiryAnswer> reply) override;
    void end_session(const std::string& session, Reply<Ok> reply) override;
    void find_inquiry(const std::string& tracking_code, Reply<api::InquiryAnswer> reply) override;

    // Raw exchange: status (0 = no response) and body.
    using RawReply = std::function<void(int status, std::string body)>;
    void send(const char* method, const std::string& path, const std::string& body, const std::string& session,
              RawReply reply);

private:
    std::string base_;
    std::function<void()> on_reply_;
};

} // namespace bk::client
