#include "server/store_rows.h"

#include <cstdlib>

#include "core/jalali.h"

namespace bk::server {

PersonValues person_values(const PersonRecord& p) {
    return PersonValues{std::strtoll(p.nationalId.c_str(), nullptr, 10),
                        p.mainId.empty() ? 0 : std::strtoll(p.mainId.c_str(), nullptr, 10),
                        static_cast<int64_t>(p.relation),
                        static_cast<int64_t>(p.insuranceType),
                        std::string(1, p.gender),
                        days_from_epoch(p.birthDate),
                        days_from_epoch(p.coveredUntil),
                        pack_person_flags(p)};
}

const std::array<Purge, 5> kPurges = {{
    {"purge_sessions", "DELETE FROM sessions WHERE token_hash IN (SELECT token_hash FROM sessions WHERE expires_at <= ? LIMIT ?)",
     {&RetentionPolicy::nowMs}, 1, &PurgeCounts::sessions},
    // Codes issued before the retention, or never activated and a day past their deadline;
    // never one a live session still spends from.
    {"purge_codes",
     "DELETE FROM codes WHERE hash IN (SELECT hash FROM codes WHERE (issued_at < ? OR (activated_at = 0 AND activate_by + 86400000 < ?)) "
     "AND hash NOT IN (SELECT code_hash FROM sessions WHERE expires_at > ?) LIMIT ?)",
     {&RetentionPolicy::codesIssuedBeforeMs, &RetentionPolicy::nowMs, &RetentionPolicy::nowMs}, 3, &PurgeCounts::codes},
    {"purge_counters", "DELETE FROM counters WHERE (key, win) IN (SELECT key, win FROM counters WHERE win < ? LIMIT ?)",
     {&RetentionPolicy::countersBeforeS}, 1, &PurgeCounts::counters},
    {"purge_deadlines", "DELETE FROM deadlines WHERE key IN (SELECT key FROM deadlines WHERE until <= ? LIMIT ?)",
     {&RetentionPolicy::nowMs}, 1, &PurgeCounts::deadlines},
    {"purge_receipts", "DELETE FROM receipts WHERE tracking IN (SELECT tracking FROM receipts WHERE at < ? LIMIT ?)",
     {&RetentionPolicy::receiptsBeforeMs}, 1, &PurgeCounts::receipts},
}};

std::string pg_placeholders(const char* sql) {
    std::string out;
    int n = 0;
    for (const char* c = sql; *c; ++c) {
        if (*c == '?') out += "$" + std::to_string(++n);
        else out += *c;
    }
    return out;
}

} // namespace bk::server
