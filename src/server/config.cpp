#include "server/config.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "server/log.h"

namespace bk::server {

namespace {

// Which commands take an option.
constexpr unsigned kServe = 1, kImport = 2, kSeed = 4, kData = kImport | kSeed, kAll = kServe | kData;

struct Option {
    const char* name;   // --name; BK_NAME in the environment (dashes → underscores); `name =` in the file
    const char* help;
    unsigned commands;
    bool is_bool;
    std::function<bool(ServerConfig&, const std::string&)> set;
    // The field's value as --help shows it: the default, from a default ServerConfig (the one
    // place defaults are written: server/config.h and service/config.h). "" for none.
    std::function<std::string(const ServerConfig&)> shown;
};

bool to_int(const std::string& v, int& out, long lo, long hi) {
    char* end = nullptr;
    const long n = std::strtol(v.c_str(), &end, 10);
    if (v.empty() || *end != '\0' || n < lo || n > hi) return false;
    out = static_cast<int>(n);
    return true;
}

bool to_ll(const std::string& v, long long& out, long long lo, long long hi) {
    char* end = nullptr;
    const long long n = std::strtoll(v.c_str(), &end, 10);
    if (v.empty() || *end != '\0' || n < lo || n > hi) return false;
    out = n;
    return true;
}

bool to_bool(const std::string& v, bool& out) {
    if (v == "1" || v == "true" || v == "yes" || v == "on" || v.empty()) { out = true; return true; }
    if (v == "0" || v == "false" || v == "no" || v == "off") { out = false; return true; }
    return false;
}

#define INT_OPT(NAME, FIELD, LO, HI, CMDS, HELP) \
    {NAME, HELP, CMDS, false, [](ServerConfig& c, const std::string& v) { return to_int(v, c.FIELD, LO, HI); }, \
     [](const ServerConfig& c) { return std::to_string(c.FIELD); }}
#define STR_OPT(NAME, FIELD, CMDS, HELP) \
    {NAME, HELP, CMDS, false, [](ServerConfig& c, const std::string& v) { c.FIELD = v; return !v.empty(); }, \
     [](const ServerConfig& c) { return c.FIELD; }}
#define BOOL_OPT(NAME, FIELD, CMDS, HELP) \
    {NAME, HELP, CMDS, true, [](ServerConfig& c, const std::string& v) { return to_bool(v, c.FIELD); }, \
     [](const ServerConfig& c) { return std::string(c.FIELD ? "on" : "off"); }}

const std::vector<Option>& options() {
    static const std::vector<Option> opts = {
        STR_OPT("db", db, kAll, "database: a SQLite file path, or postgres://user@host:port/db"),
        {"persons", "seed-demo: how many persons", kSeed, false,
         [](ServerConfig& c, const std::string& v) { return to_ll(v, c.persons, 1, 100000000); },
         [](const ServerConfig& c) { return std::to_string(c.persons); }},
        {"seed", "seed-demo: the generator's seed", kSeed, false,
         [](ServerConfig& c, const std::string& v) { return to_ll(v, c.seed, 0, INT64_MAX); },
         [](const ServerConfig& c) { return std::to_string(c.seed); }},
        STR_OPT("listen", listen, kServe, "address:port to listen on"),
        INT_OPT("io-threads", ioThreads, 1, 64, kServe, "I/O threads"),
        INT_OPT("workers", workers, 1, 256, kServe, "worker threads for database calls"),
        STR_OPT("web-root", webRoot, kServe, "the built client to serve"),
        STR_OPT("hmac-key-file", hmacKeyFile, kServe,
                "secret key for code hashes; generated (mode 0600) if absent; refused if others may read it"),
        BOOL_OPT("dev", dev, kServe, "development mode: SMS go to the outbox, readable at GET /dev/outbox?mobile=…"),
        BOOL_OPT("log-requests", logRequests, kServe, "one structured log line per request on stdout"),
        INT_OPT("idle-timeout", idleTimeoutSeconds, 1, 3600, kServe, "seconds a keep-alive connection may sit idle"),
        INT_OPT("read-timeout", readTimeoutSeconds, 1, 600, kServe, "seconds to receive a request's header and body"),
        STR_OPT("trusted-proxy", trustedProxies, kServe,
                "CIDR[,CIDR…] of proxies whose forwarded-header is believed"),
        {"forwarded-header", "the header the trusted proxies write: x-forwarded-for or forwarded (RFC 7239); the other is "
                             "never read", kServe, false,
         [](ServerConfig& c, const std::string& v) {
             auto h = parse_forwarded_header(v);
             if (h) c.forwardedHeader = *h;
             return h.has_value();
         },
         [](const ServerConfig& c) {
             return std::string(c.forwardedHeader == ForwardedHeader::Forwarded ? "forwarded" : "x-forwarded-for");
         }},
        INT_OPT("max-connections", maxConnections, 0, 1000000, kServe,
                "open connections at most; idle ones are closed first when full (0: from the open-files limit)"),
        INT_OPT("max-connections-per-client", maxConnectionsPerClient, 1, 1000000, kServe,
                "open connections per client address / IPv6 /64 (trusted proxies are not capped)"),
        INT_OPT("receipt-days", receiptDays, 1, 36500, kServe, "days a receipt (GET /inquiries/{code}) is kept"),
        INT_OPT("cleanup-interval", cleanupIntervalSeconds, 1, 86400, kServe,
                "seconds between clean-ups of expired sessions, codes, counters and old receipts"),
        BOOL_OPT("open-inquiry", service.openInquiry, kServe, "unlimited mode: inquiries need no credit code"),
        INT_OPT("quota", service.quotaPerCode, 1, 1000000, kServe, "inquiries per credit code"),
        INT_OPT("code-ttl", service.codeTtlSeconds, 1, 3600, kServe, "seconds to activate a code after it is issued"),
        INT_OPT("session-ttl", service.sessionTtlSeconds, 1, 30 * 86400, kServe, "seconds a verified session lives"),
        INT_OPT("resend-cooldown", service.resendCooldownSeconds, 0, 3600, kServe, "seconds between two codes for one mobile"),
        INT_OPT("codes-per-hour", service.codesPerMobilePerHour, 1, 1000, kServe, "codes per mobile per hour"),
        INT_OPT("codes-per-day", service.codesPerMobilePerDay, 1, 10000, kServe, "codes per mobile per Tehran day"),
        INT_OPT("codes-per-client-hour", service.codesPerClientPerHour, 1, 1000000, kServe,
                "codes per client address (an IPv6 /64 is one) per hour"),
        INT_OPT("sms-per-hour", service.smsPerHour, 1, 100000000, kServe, "SMS for every mobile together per hour"),
        INT_OPT("sms-per-day", service.smsPerDay, 1, 1000000000, kServe, "SMS for every mobile together per Tehran day"),
        INT_OPT("verifies-per-client-hour", service.verifiesPerClientPerHour, 1, 100000000, kServe,
                "code verifications per client per hour, over all mobiles"),
        INT_OPT("verify-failures-per-minute", service.verifyFailuresPerMinute, 1, 100000000, kServe,
                "wrong codes from everyone per minute before verifications pause to the next minute"),
        INT_OPT("wrong-codes", service.wrongCodesBeforeLock, 1, 100, kServe, "wrong codes before a (mobile, client) pair is locked"),
        INT_OPT("lock-seconds", service.lockSeconds, 1, 86400, kServe, "how long that lock lasts"),
        INT_OPT("mobile-failures-before-delay", service.mobileFailuresBeforeDelay, 1, 100000, kServe,
                "wrong codes for a mobile in a day, from anyone, before each try waits twice as long"),
        INT_OPT("mobile-failure-ceiling", service.mobileFailureCeiling, 1, 100000, kServe,
                "wrong codes for a mobile in a day, from anyone, before no more tries that day"),
        INT_OPT("inquiries-per-client-minute", service.inquiriesPerClientMinute, 0, 100000000, kServe,
                "open-mode inquiries per client per minute, in each server process (0: no limit)"),
        INT_OPT("receipts-per-client-minute", service.receiptsPerClientMinute, 0, 100000000, kServe,
                "receipt lookups per client per minute, in each server process (0: no limit)"),
        STR_OPT("ussd-code", service.ussdCode, kServe, "the USSD code shown to users"),
        STR_OPT("sms-host", service.smsHost, kServe, "host name in the SMS's WebOTP line @host #code"),
        STR_OPT("sms-provider", smsProvider, kServe,
                "http (a provider at --sms-url) or outbox (codes stay in this process: testing only); required unless --dev"),
        STR_OPT("sms-url", smsUrl, kServe, "the SMS provider's URL: https://host[:port]/path (the certificate is verified); http:// is sent in clear, with a warning"),
        STR_OPT("sms-ca-file", smsCaFile, kServe, "https provider: CA certificates (PEM) to trust instead of the system's"),
        STR_OPT("sms-body", smsBody, kServe, "request body template; {mobile} and {text} are filled in, JSON-escaped"),
        INT_OPT("sms-timeout-ms", smsTimeoutMs, 100, 60000, kServe, "time for one SMS attempt, name lookup included"),
        INT_OPT("sms-retries", smsRetries, 0, 10, kServe, "retries after a failed SMS attempt, with doubling backoff"),
        INT_OPT("sms-queue", smsQueue, 1, 1000000, kServe, "SMS waiting to be sent at most; more get 503 sms_failed"),
        INT_OPT("sms-threads", smsThreads, 1, 64, kServe, "threads sending SMS"),
        STR_OPT("sms-api-key-file", smsApiKeyFile, kServe, "a file (mode 0600) holding the SMS provider's key, instead of BK_SMS_API_KEY"),
        STR_OPT("ussd-secret-file", ussdSecretFile, kServe, "a file (mode 0600) holding the USSD shared secret, instead of BK_USSD_SECRET"),
    };
    return opts;
}

std::string env_name(const char* name) {
    std::string e = "BK_";
    for (const char* p = name; *p; ++p) e += (*p == '-') ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(*p)));
    return e;
}

unsigned command_bit(Command c) { return c == Command::Serve ? kServe : c == Command::Import ? kImport : kSeed; }

const Option* find_option(const std::string& name) {
    for (const Option& o : options())
        if (name == o.name) return &o;
    return nullptr;
}

std::string trim(const std::string& s) {
    const size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    const size_t e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

// A line without its comment: `#` at the start or after a space, outside double quotes (so
// `ussd-code = *4*420*99#` and `sms-body = "{\"to\":\"#…\"}"` keep their `#`).
std::string strip_comment(const std::string& line) {
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '"') quoted = !quoted;
        else if (line[i] == '#' && !quoted && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) return line.substr(0, i);
    }
    return line;
}

// `name = value` lines; `#` starts a comment; a value may be quoted.
bool read_config_file(const std::string& path, ServerConfig& out, std::string& message) {
    std::ifstream in(path);
    if (!in) { message = "cannot read the config file " + path; return false; }
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        const std::string t = trim(strip_comment(line));
        if (t.empty()) continue;
        const size_t eq = t.find('=');
        const std::string where = path + ":" + std::to_string(n) + ": ";
        if (eq == std::string::npos) { message = where + "expected name = value"; return false; }
        const std::string name = trim(t.substr(0, eq));
        std::string value = trim(t.substr(eq + 1));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
        const Option* o = find_option(name);
        if (!o) { message = where + "unknown option " + name; return false; }
        if (!(o->commands & command_bit(out.command))) continue; // another command's setting
        if (!o->set(out, value)) { message = where + "bad value for " + name + ": " + value; return false; }
    }
    return true;
}

} // namespace

double entropy_bits_per_char(std::string_view s) {
    if (s.empty()) return 0;
    std::map<char, size_t> counts;
    for (char c : s) ++counts[c];
    double h = 0;
    for (const auto& [c, n] : counts) {
        const double p = static_cast<double>(n) / s.size();
        h -= p * std::log2(p);
    }
    return h;
}

Result<std::string> check_secret(std::string secret, size_t min_length, const std::string& what) {
    while (!secret.empty() && std::isspace(static_cast<unsigned char>(secret.back()))) secret.pop_back();
    if (secret.size() < min_length)
        return make_error("bad_secret", what + ": the secret must have at least " + std::to_string(min_length) + " characters");
    const double bits = entropy_bits_per_char(secret);
    bool periodic = false; // the whole secret is one shorter piece over and over
    for (size_t p = 1; p <= secret.size() / 2 && !periodic; ++p) {
        if (secret.size() % p) continue;
        periodic = true;
        for (size_t i = p; i < secret.size() && periodic; ++i) periodic = secret[i] == secret[i - p];
    }
    if (bits < 2.0 || bits * static_cast<double>(secret.size()) < 32 || periodic)
        return make_error("bad_secret", what + ": the secret is not random enough to be a key (generate one: "
                                               "head -c 32 /dev/urandom | xxd -p -c 64)");
    return secret;
}

Result<std::string> read_secret_file(const std::string& path, size_t min_length) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return make_error("bad_secret", path + ": cannot be read");
    if (st.st_mode & 077)
        return make_error("bad_secret", path + ": others may read it (mode 0" + std::to_string((st.st_mode >> 6) & 7) +
                                            std::to_string((st.st_mode >> 3) & 7) + std::to_string(st.st_mode & 7) +
                                            "); make it readable by the service only: chmod 600 " + path);
    std::ifstream in(path);
    if (!in) return make_error("bad_secret", path + ": cannot be read by this user (uid " + std::to_string(::getuid()) + ")");
    std::string secret((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) return make_error("bad_secret", path + ": cannot be read");
    return check_secret(std::move(secret), min_length, path);
}

namespace {
const char* kSecretsHelp =
    "  BK_SMS_API_KEY / --sms-api-key-file      bearer token for the HTTP SMS provider\n"
    "  BK_USSD_SECRET / --ussd-secret-file      shared secret the USSD aggregator sends in X-USSD-Secret\n"
    "                                           (POST /api/v1/ussd is disabled while it is unset)\n"
    "  --hmac-key-file                          the key codes are hashed with (the same on every server)\n";

std::string commands_of(unsigned bits) {
    if (bits == kAll) return "all";
    std::string out;
    for (auto [bit, name] : {std::pair{kServe, "serve"}, std::pair{kImport, "import"}, std::pair{kSeed, "seed-demo"}})
        if (bits & bit) out += std::string(out.empty() ? "" : ", ") + name;
    return out;
}

// A Markdown table cell: | and line breaks would end it.
std::string cell(std::string s) {
    std::string out;
    for (char ch : s) {
        if (ch == '|') out += "\\|";
        else if (ch == '\n') out += ' ';
        else out += ch;
    }
    return out;
}
} // namespace

std::string config_help() {
    const ServerConfig defaults;
    std::string out =
        "usage: barkhordari [serve] [options]\n"
        "       barkhordari import FILE.csv [--db PATH]\n"
        "       barkhordari seed-demo [--persons N] [--seed S] [--db PATH]\n"
        "       barkhordari --version\n\n"
        "Every option is also read from the environment variable shown and from `name = value`\n"
        "lines of the file given by --config FILE [BK_CONFIG]; a flag wins over the environment,\n"
        "which wins over the file.\n\noptions:\n";
    for (const Option& o : options()) {
        std::string flag = std::string("  --") + o.name + (o.is_bool ? "[=BOOL]" : "=VALUE");
        flag.resize(std::max<size_t>(flag.size() + 1, 36), ' ');
        const std::string value = o.shown(defaults);
        out += flag + o.help + (value.empty() ? "" : " (default " + value + ")") + "  [" + env_name(o.name) + "]\n";
    }
    out += "\nsecrets, from the environment or a file only the service can read (never a flag or the config file):\n";
    out += kSecretsHelp;
    return out;
}

std::string config_help_markdown() {
    const ServerConfig defaults;
    std::string out = "| option | environment | default | commands | what it sets |\n|---|---|---|---|---|\n";
    for (const Option& o : options()) {
        const std::string value = o.shown(defaults);
        out += std::string("| `--") + o.name + (o.is_bool ? "[=BOOL]" : "=VALUE") + "` | `" + env_name(o.name) + "` | " +
               (value.empty() ? "—" : "`" + cell(value) + "`") + " | " + commands_of(o.commands) + " | " + cell(o.help) + " |\n";
    }
    return out;
}

ParseOutcome parse_config(int argc, char** argv, ServerConfig& out, std::string& message) {
    int first = 1;
    if (argc >= 2) {
        const std::string cmd = argv[1];
        if (cmd == "serve") { out.command = Command::Serve; first = 2; }
        else if (cmd == "import") { out.command = Command::Import; first = 2; }
        else if (cmd == "seed-demo") { out.command = Command::SeedDemo; first = 2; }
    }
    const unsigned bit = command_bit(out.command);

    // The config file first (named by a flag or BK_CONFIG), then the environment, then flags.
    for (int i = first; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--config" && i + 1 < argc) out.configFile = argv[i + 1];
        else if (a.rfind("--config=", 0) == 0) out.configFile = a.substr(9);
    }
    if (out.configFile.empty())
        if (const char* c = std::getenv("BK_CONFIG")) out.configFile = c;
    if (!out.configFile.empty() && !read_config_file(out.configFile, out, message)) return ParseOutcome::Error;
    for (const Option& o : options()) {
        if (!(o.commands & bit)) continue;
        if (const char* v = std::getenv(env_name(o.name).c_str())) {
            if (!o.set(out, v)) { message = "bad value for " + env_name(o.name) + ": " + v; return ParseOutcome::Error; }
        }
    }
    for (auto [name, secret] : {std::pair{"BK_SMS_API_KEY", &out.smsApiKey}, std::pair{"BK_USSD_SECRET", &out.ussdSecret}}) {
        const char* v = out.command == Command::Serve ? std::getenv(name) : nullptr;
        if (!v) continue;
        auto s = check_secret(v, 16, name);
        if (!s) { message = s.error().detail; return ParseOutcome::Error; }
        *secret = *s;
    }

    for (int i = first; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") return ParseOutcome::Help;
        if (arg == "--help=markdown") return ParseOutcome::HelpMarkdown;
        if (arg == "--version") return ParseOutcome::Version;
        if (arg.rfind("--", 0) != 0) {
            if (out.command == Command::Import && out.importFile.empty()) { out.importFile = arg; continue; }
            message = "unexpected argument: " + arg + " (see --help)";
            return ParseOutcome::Error;
        }
        std::string name = arg.substr(2), value;
        bool has_value = false;
        if (const size_t eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
            has_value = true;
        }
        if (name == "config") { if (!has_value) ++i; continue; } // read above
        const Option* opt = find_option(name);
        if (!opt) { message = "unknown option --" + name + " (see --help)"; return ParseOutcome::Error; }
        if (!(opt->commands & bit)) { message = "--" + name + " does not apply to this command (see --help)"; return ParseOutcome::Error; }
        if (!has_value && !opt->is_bool) {
            if (i + 1 >= argc) { message = "--" + name + " needs a value"; return ParseOutcome::Error; }
            value = argv[++i];
        }
        if (!opt->set(out, value)) { message = "bad value for --" + name + ": " + value; return ParseOutcome::Error; }
    }

    if (out.command == Command::Import && out.importFile.empty()) { message = "usage: barkhordari import FILE.csv [--db PATH]"; return ParseOutcome::Error; }
    if (out.command != Command::Serve) return ParseOutcome::Run;
    if (!parse_cidrs(out.trustedProxies, out.trusted, message)) { message = "--trusted-proxy: " + message; return ParseOutcome::Error; }
    if (out.smsProvider.empty() && out.dev) out.smsProvider = "outbox";
    if (out.smsProvider.empty()) {
        message = "no SMS provider: set --sms-provider http --sms-url http://… (with BK_SMS_API_KEY), or --sms-provider outbox "
                  "to keep codes in this process (testing only), or run with --dev";
        return ParseOutcome::Error;
    }
    if (out.smsProvider != "outbox" && out.smsProvider != "http") { message = "--sms-provider must be outbox or http"; return ParseOutcome::Error; }
    if (out.smsProvider == "http" && out.smsUrl.rfind("http://", 0) != 0 && out.smsUrl.rfind("https://", 0) != 0) {
        message = "--sms-url must be an https:// (or http://) URL";
        return ParseOutcome::Error;
    }
    if (out.smsProvider == "http" && out.smsUrl.rfind("http://", 0) == 0 && !out.dev)
        log_event("warning", {{"detail", "--sms-url is plain http: the provider's key and every code cross the network unencrypted; use https://"}},
                  LogStream::Err);
    // systemd credentials (LoadCredential= in the unit: files only the service can read, under
    // $CREDENTIALS_DIRECTORY): sms-api-key and ussd-secret when nothing else gives them, and
    // hmac-key — the one key several servers must share — over hmac-key-file.
    if (const char* dir = std::getenv("CREDENTIALS_DIRECTORY"); dir && *dir) {
        auto credential = [dir](const char* name) {
            const std::string path = std::string(dir) + "/" + name;
            struct stat st {};
            return ::stat(path.c_str(), &st) == 0 ? path : std::string();
        };
        if (out.smsApiKeyFile.empty() && out.smsApiKey.empty()) out.smsApiKeyFile = credential("sms-api-key");
        if (out.ussdSecretFile.empty() && out.ussdSecret.empty()) out.ussdSecretFile = credential("ussd-secret");
        if (std::string key = credential("hmac-key"); !key.empty()) out.hmacKeyFile = key;
    }
    for (auto [file, secret] : {std::pair{&out.smsApiKeyFile, &out.smsApiKey}, std::pair{&out.ussdSecretFile, &out.ussdSecret}}) {
        if (file->empty()) continue;
        auto s = read_secret_file(*file, 16);
        if (!s) { message = s.error().detail; return ParseOutcome::Error; }
        *secret = *s;
    }
    return ParseOutcome::Run;
}

} // namespace bk::server
