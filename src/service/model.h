// model.h — the records the service keeps: registry persons, credit codes, sessions, inquiries.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "core/jalali.h"

namespace bk {

enum class Relation { Main, Spouse, Daughter, Son, Father, Mother };
enum class InsuranceType { Employee, SelfEmployed, Optional, Pensioner };

const char* relation_code(Relation r);              // "main", "spouse", …
bool parse_relation(std::string_view s, Relation& out);
const char* insurance_code(InsuranceType t);        // "employee", …
bool parse_insurance(std::string_view s, InsuranceType& out);

// One person in the insured-persons registry. Dependants point at their main insured, whose
// policy (type, paid-up coverage, revocation) they are covered through.
struct PersonRecord {
    std::string nationalId;         // 10 ASCII digits
    std::string mainId;             // the main insured's ID; empty for a main insured
    Relation relation = Relation::Main;
    InsuranceType insuranceType = InsuranceType::Employee;
    char gender = 'M';              // 'M' or 'F'
    GregorianDate birthDate;
    GregorianDate coveredUntil;     // main insured: last day paid up by contributions
    bool revoked = false;
    bool married = false;
    bool employed = false;
    bool studying = false;
    bool disabled = false;
};

// Databases keep the five yes/no facts as one integer: 1 revoked, 2 married, 4 employed,
// 8 studying, 16 disabled.
int pack_person_flags(const PersonRecord& p);
void unpack_person_flags(PersonRecord& p, int64_t flags);
// Databases keep a national ID as a number; this gives back its 10 digits ("%010lld").
std::string national_id_from_number(int64_t id);

// A credit code, stored only as HMAC-SHA256(key, mobile‖code) (hex).
struct CodeRecord {
    std::string hash;
    std::string mobile;             // 09XXXXXXXXX
    std::string channel;            // "sms" or "ussd"
    int64_t issuedAtMs = 0;
    int64_t activateByMs = 0;       // must be verified before this instant
    int64_t activatedAtMs = 0;      // 0 while pending
    int total = 0;
    int remaining = 0;
};

struct SessionRecord {
    std::string tokenHash;          // SHA-256 of the bearer token (hex); the token itself is never stored
    std::string codeHash;
    std::string mobile;
    int64_t createdAtMs = 0;
    int64_t expiresAtMs = 0;
};

// A receipt: what GET /inquiries/{trackingCode} shows again, and nothing more (the national ID
// is inside the answer, which a receipt must show; no code, no client, no outcome column).
// What a receipt keeps: only what its answer showed, from which the service rebuilds that answer
// (dates in Jalali, the time, the sentence). No name, relation, policy or reason.
struct ReceiptRecord {
    std::string trackingCode;       // canonical, without dashes
    std::string nationalId;         // 10 ASCII digits
    bool eligible = false;
    int64_t validUntilDays = 0;     // eligible: the valid-until date, days since 1970-01-01; else 0
    int64_t atMs = 0;               // when the inquiry was answered
};

} // namespace bk
