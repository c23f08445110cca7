// config.h — the service's tunables: mode, quotas, TTLs, abuse limits and retention.
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

    // Codes and SMS.
    int codesPerMobilePerHour = 5;
    int codesPerMobilePerDay = 10;
    int codesPerClientPerHour = 30;     // per client address (an IPv6 /64 counts as one)
    int smsPerHour = 2000;              // every mobile together: what SMS pumping can cost at most
    int smsPerDay = 20000;

    // Verifying codes.
    int verifiesPerClientPerHour = 120; // attempts from one client, over all mobiles
    int verifyFailuresPerMinute = 600;  // wrong codes from everyone together
    int wrongCodesBeforeLock = 5;       // per (mobile, client), then that pair is locked
    int lockSeconds = 15 * 60;
    int mobileFailuresBeforeDelay = 10; // per mobile a day, whoever tries: then growing delays
    int mobileFailureCeiling = 100;     //   … and no more tries that day (NIST SP 800-63B)

    // Answers, per client per minute (a pharmacy behind one NAT address is one client).
    int inquiriesPerClientMinute = 1200; // open mode (credit mode is limited by the credit)
    int receiptsPerClientMinute = 300;   // GET /inquiries/{trackingCode}

    int utcOffsetMinutes = kTehranUtcOffsetMinutes; // "today" is the calendar day in Tehran
    std::string ussdCode = "*4*420*99#";
    std::string smsHost = "barkhordari.local"; // WebOTP line "@host #code"
    std::string hmacKey;                // secret for code hashes; must be set (≥ 32 bytes)
};

} // namespace bk
