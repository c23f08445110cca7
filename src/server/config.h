// config.h — the server's settings, from one table of options for every command. Each option
// has a flag --name, an environment variable BK_NAME, and a line `name = value` in a config
// file (--config FILE); a flag wins over the environment, which wins over the file. Secrets
// never come from flags or the config file: only from the environment or from files only the
// service may read (--sms-api-key-file, --ussd-secret-file, --hmac-key-file). --help lists all.
#pragma once
#include <string>
#include <vector>

#include "core/result.h"
#include "server/client_address.h"
#include "service/config.h"

namespace bk::server {

enum class Command { Serve, Import, SeedDemo };

struct ServerConfig {
    Command command = Command::Serve;
    std::string configFile;              // --config: `name = value` lines

    // data commands
    std::string importFile;              // import: the CSV
    long long persons = 1000;            // seed-demo
    long long seed = 1405;

    std::string listen = "127.0.0.1:8080";
    int ioThreads = 2;
    int workers = 4;                     // threads for blocking database calls
    std::string db = "var/barkhordari.db";
    std::string webRoot = "build/wasm/web";
    std::string hmacKeyFile = "var/hmac.key";
    bool dev = false;                    // /dev/outbox and the outbox SMS channel
    bool logRequests = true;
    int idleTimeoutSeconds = 30;
    int readTimeoutSeconds = 10;
    std::string trustedProxies;          // CIDR[,CIDR…] whose X-Forwarded-For / Forwarded is believed
    std::vector<Cidr> trusted;           // … parsed
    ForwardedHeader forwardedHeader = ForwardedHeader::XForwardedFor; // the one header they write
    int maxConnections = 0;              // 0: from the open-files limit
    int maxConnectionsPerClient = 256;   // trusted proxies are not capped
    int receiptDays = 90;                // receipts older than this are deleted
    int cleanupIntervalSeconds = 3600;   // how often expired rows are deleted

    std::string smsProvider;             // "outbox" or "http"; --dev makes it outbox
    std::string smsUrl;                  // https://host[:port]/path (or http://)
    std::string smsCaFile;               // https: CA certificates to trust; empty: the system's
    std::string smsBody = R"({"to":"{mobile}","text":"{text}"})";
    int smsTimeoutMs = 3000;             // one attempt, name resolution included
    int smsRetries = 2;
    int smsQueue = 1000;                 // messages waiting to be sent, at most
    int smsThreads = 2;
    std::string smsApiKey;               // BK_SMS_API_KEY or --sms-api-key-file
    std::string smsApiKeyFile;
    std::string ussdSecret;              // BK_USSD_SECRET or --ussd-secret-file: the aggregator's shared secret
    std::string ussdSecretFile;

    ServiceConfig service;
};

enum class ParseOutcome { Run, Help, Version, Error };

// Parses argv (the command word, then options) with the environment and the config file.
// Unknown options, options of another command and bad values are errors, with a message.
ParseOutcome parse_config(int argc, char** argv, ServerConfig& out, std::string& message);
std::string config_help();

// A secret from a file: refused (with the reason) when it cannot be read, others may read it,
// or check_secret() refuses it. Trailing whitespace is dropped.
Result<std::string> read_secret_file(const std::string& path, size_t min_length);
// Refuses (with the reason, naming `what` but never the secret) a secret shorter than
// min_length, or one that is plainly not random: fewer than 2 bits of entropy a character,
// under 32 bits in all, or one short piece repeated ("abab…", "0123…f0123…f"). Any random key
// of 16 characters or more passes (hex, base64, alphanumeric): this catches placeholders, not
// weak passwords.
Result<std::string> check_secret(std::string secret, size_t min_length, const std::string& what);
// Shannon entropy of the text, in bits per character: 32 × 'a' has 0.
double entropy_bits_per_char(std::string_view s);

} // namespace bk::server
