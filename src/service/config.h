// config.h — the service's tunables: mode, quotas, TTLs and abuse limits.
#pragma once
#include <string>

#include "core/local_time.h"

namespace bk {

struct ServiceConfig {
    bool openInquiry = false;           // unlimited mode: inquiries need no credit code
    int quotaPerCode = 20;              // inquiries one credit code buys
    int codeTtlSeconds = 180;           // an issued code must be activated within this time
    int sessionTtlSeconds = 8 * 3600;   // a session (after verification) lives at most this long
    int resendCooldownSeconds = 60;     // per mobile, between two codes
    int codesPerMobilePerHour = 5;
    int codesPerMobilePerDay = 10;
    int codesPerIpPerHour = 30;
    int wrongCodesBeforeLock = 5;       // wrong codes for a mobile before it is locked
    int lockSeconds = 15 * 60;
    int utcOffsetMinutes = kTehranUtcOffsetMinutes; // "today" is the calendar day in Tehran
    std::string ussdCode = "*4*420*99#";
    std::string smsHost = "barkhordari.local"; // WebOTP line "@host #code"
    std::string hmacKey;                // secret for code hashes; must be set (≥ 32 bytes)
};

} // namespace bk
