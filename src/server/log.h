// log.h — the server's one writer of log lines: one JSON object per line, whole, whatever thread
// writes it. Every value is escaped here (an exception's what(), a database's message, a client
// address), so no caller builds JSON by hand.
//
//   log_event("store_error", {{"operation", op}, {"kind", "unavailable"}, {"detail", e.detail}});
//     → {"ts":"2026-12-05T03:10:00Z","event":"store_error","operation":…,"kind":…,"detail":…}
//
// Contract: any thread, at once (one mutex per stream keeps lines whole). Never throws but
// std::bad_alloc; a write that fails (a closed stdout) is dropped: logging never stops a request.
// stdout carries the request log and the events; stderr what an operator must see even when
// stdout is a request log nobody reads (SMS failures, a plain-http provider, I/O thread errors).
#pragma once
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace bk::server {

// One "key": value of a line; the value is encoded once, here.
struct LogField {
    LogField(std::string_view key, std::string_view text);
    LogField(std::string_view key, const char* text) : LogField(key, std::string_view(text ? text : "")) {}
    LogField(std::string_view key, const std::string& text) : LogField(key, std::string_view(text)) {}
    LogField(std::string_view key, long long number);
    LogField(std::string_view key, unsigned long long number);
    LogField(std::string_view key, int number) : LogField(key, static_cast<long long>(number)) {}
    LogField(std::string_view key, long number) : LogField(key, static_cast<long long>(number)) {}
    LogField(std::string_view key, unsigned long number) : LogField(key, static_cast<unsigned long long>(number)) {}
    LogField(std::string_view key, bool flag);
    // A number with `decimals` digits after the point (milliseconds: 3).
    static LogField fixed(std::string_view key, double number, int decimals);

    std::string_view key;
    std::string json; // the value, encoded
private:
    LogField() = default;
};

enum class LogStream { Out, Err };

// {"ts":…,"event":name, fields…}
void log_event(std::string_view name, std::initializer_list<LogField> fields = {}, LogStream to = LogStream::Out);
// {"ts":…, fields…}: the request log's line, which has no event name.
void log_fields(std::initializer_list<LogField> fields, LogStream to = LogStream::Out);

// A string as the inside of a JSON string literal (quotes, backslashes and control characters
// escaped; bytes ≥ 0x80 kept as they are).
std::string json_escape(std::string_view s);

} // namespace bk::server
