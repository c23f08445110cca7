// sms.h — how credit codes leave. A sender delivers one message, blocking (Outbox here: dev mode,
// tests, the WASM demo's phone; the HTTP provider in server/). A channel is what the service
// hands messages to: it must never hold a request up on the network (server/sms_queue.* sends
// from a bounded queue on threads of its own).
#pragma once
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/locale.h"
#include "core/result.h"

namespace bk {

class SmsSender {
public:
    virtual ~SmsSender() = default;
    // Delivers one message (every attempt and retry of it). Thread-safe.
    virtual Status<> send(const std::string& mobile, const std::string& text) = 0;
};

class SmsChannel {
public:
    virtual ~SmsChannel() = default;
    // Accepts a message (then `done(delivered)` is called exactly once, inside the call or later,
    // on any thread) or refuses it at once (false: a full queue; `done` is not called).
    // Never waits for the network. Thread-safe.
    virtual bool submit(const std::string& mobile, const std::string& text, std::function<void(bool delivered)> done) = 0;
    // Messages accepted and not yet sent (/metrics).
    virtual size_t queued() const { return 0; }
};

// Sends inside submit(): only for senders that never wait (the outbox).
class DirectSms final : public SmsChannel {
public:
    explicit DirectSms(SmsSender& sender) : sender_(sender) {}
    bool submit(const std::string& mobile, const std::string& text, std::function<void(bool)> done) override {
        const bool ok = sender_.send(mobile, text).ok();
        if (done) done(ok);
        return true;
    }

private:
    SmsSender& sender_;
};

// The SMS text in `lang`: the code, its lifetime, and the WebOTP line "@host #code" last.
std::string credit_code_sms_text(const std::string& code, int ttl_seconds, const std::string& host, const Locale& lang);
// The text a phone shows after dialling the USSD code, in `lang`.
std::string credit_code_ussd_text(const std::string& code, int ttl_seconds, const Locale& lang);
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
    mutable std::mutex mu_; // guards messages_
    size_t capacity_;
    std::vector<OutboxMessage> messages_;
};

} // namespace bk
