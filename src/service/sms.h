// sms.h — the channel credit codes leave by. Adapters: Outbox (dev mode, tests, the WASM demo's
// phone panel) here; the HTTP provider adapter in server/.
#pragma once
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace bk {

class SmsSender {
public:
    virtual ~SmsSender() = default;
    virtual Status<> send(const std::string& mobile, const std::string& text) = 0;
};

// The SMS text: the code, its lifetime, and the WebOTP line "@host #code" last.
std::string credit_code_sms_text(const std::string& code, int ttl_seconds, const std::string& host);
// The text a phone shows after dialling the USSD code.
std::string credit_code_ussd_text(const std::string& code, int ttl_seconds);
// The code in a message ending with the WebOTP line, or nothing.
std::optional<std::string> code_from_sms_text(const std::string& text);

struct OutboxMessage {
    std::string mobile;
    std::string text;
};

// Keeps every message in memory instead of sending it (bounded: the newest `capacity`).
class Outbox final : public SmsSender {
public:
    explicit Outbox(size_t capacity = 1000) : capacity_(capacity) {}
    Status<> send(const std::string& mobile, const std::string& text) override;
    std::vector<OutboxMessage> for_mobile(const std::string& mobile) const; // oldest first
    std::optional<OutboxMessage> latest(const std::string& mobile) const;
    size_t size() const;

private:
    mutable std::mutex mu_;
    size_t capacity_;
    std::vector<OutboxMessage> messages_;
};

} // namespace bk
