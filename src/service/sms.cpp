#include "service/sms.h"

#include "core/digits.h"

namespace bk {

std::string credit_code_sms_text(const std::string& code, int ttl_seconds, const std::string& host, const Locale& lang) {
    // The last line is WebOTP's ("@host #code"), the same in every language.
    return lang.format("sms.credit_code", {{"code", code}, {"minutes", lang.number(ttl_seconds / 60)}}) + "\n\n@" + host + " #" + code;
}

std::string credit_code_ussd_text(const std::string& code, int ttl_seconds, const Locale& lang) {
    return lang.format("ussd.credit_code", {{"code", code}, {"minutes", lang.number(ttl_seconds / 60)}});
}

std::optional<std::string> code_from_sms_text(const std::string& text) {
    const size_t hash = text.rfind('#');
    if (hash == std::string::npos) return std::nullopt;
    std::string code = text.substr(hash + 1);
    if (!all_ascii_digits(code)) return std::nullopt;
    return code;
}

Status<> Outbox::send(const std::string& mobile, const std::string& text) {
    std::lock_guard lock(mu_);
    messages_.push_back({mobile, text});
    if (messages_.size() > capacity_) messages_.erase(messages_.begin());
    return Ok{};
}

std::vector<OutboxMessage> Outbox::for_mobile(const std::string& mobile) const {
    std::lock_guard lock(mu_);
    std::vector<OutboxMessage> out;
    for (const auto& m : messages_)
        if (m.mobile == mobile) out.push_back(m);
    return out;
}

std::optional<OutboxMessage> Outbox::latest(const std::string& mobile) const {
    std::lock_guard lock(mu_);
    for (auto it = messages_.rbegin(); it != messages_.rend(); ++it)
        if (it->mobile == mobile) return *it;
    return std::nullopt;
}

size_t Outbox::size() const {
    std::lock_guard lock(mu_);
    return messages_.size();
}

} // namespace bk
