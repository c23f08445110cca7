// sms_http.h — the SMS channel through an HTTP provider: a configurable URL and body template,
// the API key from the environment as a bearer token, a timeout per attempt, and retries with
// doubling backoff. Runs on the SMS queue's threads (blocking). An https:// URL is TLS with the
// provider's certificate verified — against the system's CAs, or --sms-ca-file — and its name
// checked against the URL's host, before the key is sent.
#pragma once
#include <string>

#include "service/sms.h"

namespace bk::server {

struct SmsHttpOptions {
    std::string url;            // http://host[:port]/path or https://host[:port]/path
    std::string caFile;         // https: the CA certificates (PEM) to trust; empty: the system's
    std::string bodyTemplate;   // {mobile} and {text} are replaced, JSON-escaped
    std::string apiKey;
    int timeoutMs = 3000;
    int retries = 2;
    int backoffMs = 200;        // first wait; doubles on each retry
};

class SmsHttpSender final : public SmsSender {
public:
    explicit SmsHttpSender(SmsHttpOptions o) : o_(std::move(o)) {}
    Status<> send(const std::string& mobile, const std::string& text) override;

private:
    Status<> attempt(const std::string& body);
    SmsHttpOptions o_;
};

} // namespace bk::server
