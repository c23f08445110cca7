#include "server/log.h"

#include <cstdio>
#include <ctime>
#include <mutex>

namespace bk::server {

namespace {

std::mutex g_out_mu, g_err_mu; // each guards its stream's lines

std::string iso_now() {
    char ts[32];
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return ts;
}

void write_line(std::string line, LogStream to) {
    line += '\n';
    std::FILE* f = to == LogStream::Out ? stdout : stderr;
    std::lock_guard lock(to == LogStream::Out ? g_out_mu : g_err_mu);
    std::fwrite(line.data(), 1, line.size(), f);
    std::fflush(f);
}

void append(std::string& line, std::initializer_list<LogField> fields) {
    for (const LogField& f : fields) {
        line += ",\"";
        line += json_escape(f.key);
        line += "\":";
        line += f.json;
    }
}

} // namespace

std::string json_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (unsigned char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    return out;
}

LogField::LogField(std::string_view k, std::string_view text) : key(k), json("\"" + json_escape(text) + "\"") {}
LogField::LogField(std::string_view k, long long number) : key(k), json(std::to_string(number)) {}
LogField::LogField(std::string_view k, unsigned long long number) : key(k), json(std::to_string(number)) {}
LogField::LogField(std::string_view k, bool flag) : key(k), json(flag ? "true" : "false") {}

LogField LogField::fixed(std::string_view k, double number, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, number);
    LogField f;
    f.key = k;
    f.json = buf;
    return f;
}

void log_event(std::string_view name, std::initializer_list<LogField> fields, LogStream to) {
    try {
        std::string line = "{\"ts\":\"" + iso_now() + "\",\"event\":\"" + json_escape(name) + "\"";
        append(line, fields);
        line += '}';
        write_line(std::move(line), to);
    } catch (...) { /* logging never stops a request */ }
}

void log_fields(std::initializer_list<LogField> fields, LogStream to) {
    try {
        std::string line = "{\"ts\":\"" + iso_now() + "\"";
        append(line, fields);
        line += '}';
        write_line(std::move(line), to);
    } catch (...) { /* logging never stops a request */ }
}

} // namespace bk::server
