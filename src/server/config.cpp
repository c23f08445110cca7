#include "server/config.h"

#include <cstdlib>
#include <functional>
#include <vector>

namespace bk::server {

namespace {

struct Option {
    const char* name;   // --name, and BK_NAME in the environment (dashes → underscores)
    const char* help;
    bool is_bool;
    std::function<bool(ServerConfig&, const std::string&)> set;
};

bool to_int(const std::string& v, int& out, int lo, int hi) {
    char* end = nullptr;
    const long n = std::strtol(v.c_str(), &end, 10);
    if (v.empty() || *end != '\0' || n < lo || n > hi) return false;
    out = static_cast<int>(n);
    return true;
}

bool to_bool(const std::string& v, bool& out) {
    if (v == "1" || v == "true" || v == "yes" || v == "on" || v.empty()) { out = true; return true; }
    if (v == "0" || v == "false" || v == "no" || v == "off") { out = false; return true; }
    return false;
}

#define INT_OPT(NAME, FIELD, LO, HI, HELP) \
    {NAME, HELP, false, [](ServerConfig& c, const std::string& v) { return to_int(v, c.FIELD, LO, HI); }}
#define STR_OPT(NAME, FIELD, HELP) \
    {NAME, HELP, false, [](ServerConfig& c, const std::string& v) { c.FIELD = v; return !v.empty(); }}
#define BOOL_OPT(NAME, FIELD, HELP) \
    {NAME, HELP, true, [](ServerConfig& c, const std::string& v) { return to_bool(v, c.FIELD); }}

const std::vector<Option>& options() {
    static const std::vector<Option> opts = {
        STR_OPT("listen", listen, "address:port to listen on (default 127.0.0.1:8080)"),
        INT_OPT("io-threads", ioThreads, 1, 64, "I/O threads (default 2)"),
        INT_OPT("workers", workers, 1, 256, "worker threads for database calls (default 4)"),
        STR_OPT("db", db, "database: a SQLite file path, or postgres://user@host:port/db (default var/barkhordari.db)"),
        STR_OPT("web-root", webRoot, "the built client to serve (default build/wasm/web)"),
        STR_OPT("hmac-key-file", hmacKeyFile, "secret key for code hashes; generated with mode 0600 if absent (default var/hmac.key)"),
        BOOL_OPT("dev", dev, "development mode: SMS go to the outbox, readable at GET /dev/outbox?mobile=…"),
        BOOL_OPT("log-requests", logRequests, "one structured log line per request on stdout (default on)"),
        INT_OPT("idle-timeout", idleTimeoutSeconds, 1, 3600, "seconds a keep-alive connection may sit idle (default 30)"),
        INT_OPT("read-timeout", readTimeoutSeconds, 1, 600, "seconds to receive a request's header and body (default 10)"),
        BOOL_OPT("open-inquiry", service.openInquiry, "unlimited mode: inquiries need no credit code (default off)"),
        INT_OPT("quota", service.quotaPerCode, 1, 1000000, "inquiries per credit code (default 20)"),
        INT_OPT("code-ttl", service.codeTtlSeconds, 1, 3600, "seconds to activate a code after it is issued (default 180)"),
        INT_OPT("session-ttl", service.sessionTtlSeconds, 1, 30 * 86400, "seconds a verified session lives (default 28800)"),
        INT_OPT("resend-cooldown", service.resendCooldownSeconds, 0, 3600, "seconds between two codes for one mobile (default 60)"),
        INT_OPT("codes-per-hour", service.codesPerMobilePerHour, 1, 1000, "codes per mobile per hour (default 5)"),
        INT_OPT("codes-per-day", service.codesPerMobilePerDay, 1, 10000, "codes per mobile per Tehran day (default 10)"),
        INT_OPT("codes-per-ip-hour", service.codesPerIpPerHour, 1, 1000000, "codes per client address per hour (default 30)"),
        INT_OPT("wrong-codes", service.wrongCodesBeforeLock, 1, 100, "wrong codes before a mobile is locked (default 5)"),
        INT_OPT("lock-seconds", service.lockSeconds, 1, 86400, "how long that lock lasts (default 900)"),
        STR_OPT("ussd-code", service.ussdCode, "the USSD code shown to users (default *4*420*99#)"),
        STR_OPT("sms-host", service.smsHost, "host name in the SMS's WebOTP line @host #code (default barkhordari.local)"),
        STR_OPT("sms-provider", smsProvider, "outbox (log + /dev/outbox) or http (default outbox)"),
        STR_OPT("sms-url", smsUrl, "the HTTP SMS provider's URL, http://host:port/path"),
        STR_OPT("sms-body", smsBody, "request body template; {mobile} and {text} are filled in, JSON-escaped"),
        INT_OPT("sms-timeout-ms", smsTimeoutMs, 100, 60000, "timeout of one SMS provider request (default 3000)"),
        INT_OPT("sms-retries", smsRetries, 0, 10, "retries after a failed SMS request, with doubling backoff (default 2)"),
    };
    return opts;
}

std::string env_name(const char* name) {
    std::string e = "BK_";
    for (const char* p = name; *p; ++p) e += (*p == '-') ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(*p)));
    return e;
}

} // namespace

std::string config_help() {
    std::string out =
        "usage: barkhordari [serve] [options]\n"
        "       barkhordari import FILE.csv [--db PATH]\n"
        "       barkhordari seed-demo --persons N [--seed S] [--db PATH]\n\n"
        "options (each also read from the environment variable shown; a flag wins):\n";
    for (const Option& o : options()) {
        std::string flag = std::string("  --") + o.name + (o.is_bool ? "[=BOOL]" : "=VALUE");
        flag.resize(std::max<size_t>(flag.size() + 1, 30), ' ');
        out += flag + o.help + "  [" + env_name(o.name) + "]\n";
    }
    out += "\nsecrets, from the environment only:\n"
           "  BK_SMS_API_KEY              bearer token for the HTTP SMS provider\n"
           "  BK_USSD_SECRET              shared secret the USSD aggregator sends in X-USSD-Secret\n"
           "                              (POST /api/v1/ussd is disabled while it is unset)\n";
    return out;
}

ParseOutcome parse_config(int argc, char** argv, int first, ServerConfig& out, std::string& message) {
    // Environment first, flags after (a flag wins).
    for (const Option& o : options()) {
        if (const char* v = std::getenv(env_name(o.name).c_str())) {
            if (!o.set(out, v)) { message = "bad value for " + env_name(o.name) + ": " + v; return ParseOutcome::Error; }
        }
    }
    if (const char* k = std::getenv("BK_SMS_API_KEY")) out.smsApiKey = k;
    if (const char* s = std::getenv("BK_USSD_SECRET")) out.ussdSecret = s;

    for (int i = first; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") return ParseOutcome::Help;
        if (arg.rfind("--", 0) != 0) { message = "unexpected argument: " + arg; return ParseOutcome::Error; }
        std::string name = arg.substr(2), value;
        bool has_value = false;
        if (const size_t eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
            has_value = true;
        }
        const Option* opt = nullptr;
        for (const Option& o : options())
            if (name == o.name) opt = &o;
        if (!opt) { message = "unknown option --" + name + " (see --help)"; return ParseOutcome::Error; }
        if (!has_value && !opt->is_bool) {
            if (i + 1 >= argc) { message = "--" + name + " needs a value"; return ParseOutcome::Error; }
            value = argv[++i];
        }
        if (!opt->set(out, value)) { message = "bad value for --" + name + ": " + value; return ParseOutcome::Error; }
    }
    if (out.smsProvider != "outbox" && out.smsProvider != "http") { message = "--sms-provider must be outbox or http"; return ParseOutcome::Error; }
    if (out.smsProvider == "http" && out.smsUrl.rfind("http://", 0) != 0) { message = "--sms-url must be an http:// URL"; return ParseOutcome::Error; }
    return ParseOutcome::Run;
}

} // namespace bk::server
