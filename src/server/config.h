// config.h — the server's settings from flags and environment variables (flag wins). Every option
// has a flag --name and an environment variable BK_NAME; --help lists them all.
#pragma once
#include <string>

#include "core/result.h"
#include "service/config.h"

namespace bk::server {

struct ServerConfig {
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

    std::string smsProvider = "outbox";  // "outbox" or "http"
    std::string smsUrl;                  // http://host:port/path
    std::string smsBody = R"({"to":"{mobile}","text":"{text}"})";
    int smsTimeoutMs = 3000;
    int smsRetries = 2;
    std::string smsApiKey;               // BK_SMS_API_KEY (environment only)
    std::string ussdSecret;              // BK_USSD_SECRET (environment only): the aggregator's shared secret

    ServiceConfig service;
};

enum class ParseOutcome { Run, Help, Error };

// Parses argv (after the command word) and the environment. Unknown flags and bad values are errors.
ParseOutcome parse_config(int argc, char** argv, int first, ServerConfig& out, std::string& message);
std::string config_help();

} // namespace bk::server
