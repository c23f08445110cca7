#include "service/model.h"

#include <cstdio>

namespace bk {

const char* relation_code(Relation r) {
    switch (r) {
    case Relation::Main: return "main";
    case Relation::Spouse: return "spouse";
    case Relation::Daughter: return "daughter";
    case Relation::Son: return "son";
    case Relation::Father: return "father";
    case Relation::Mother: return "mother";
    }
    return "main";
}

bool parse_relation(std::string_view s, Relation& out) {
    for (Relation r : {Relation::Main, Relation::Spouse, Relation::Daughter, Relation::Son, Relation::Father, Relation::Mother})
        if (s == relation_code(r)) { out = r; return true; }
    return false;
}

const char* insurance_code(InsuranceType t) {
    switch (t) {
    case InsuranceType::Employee: return "employee";
    case InsuranceType::SelfEmployed: return "self_employed";
    case InsuranceType::Optional: return "optional";
    case InsuranceType::Pensioner: return "pensioner";
    }
    return "employee";
}

bool parse_insurance(std::string_view s, InsuranceType& out) {
    for (InsuranceType t : {InsuranceType::Employee, InsuranceType::SelfEmployed, InsuranceType::Optional, InsuranceType::Pensioner})
        if (s == insurance_code(t)) { out = t; return true; }
    return false;
}

int pack_person_flags(const PersonRecord& p) {
    return (p.revoked ? 1 : 0) | (p.married ? 2 : 0) | (p.employed ? 4 : 0) | (p.studying ? 8 : 0) | (p.disabled ? 16 : 0);
}

void unpack_person_flags(PersonRecord& p, int64_t f) {
    p.revoked = f & 1;
    p.married = f & 2;
    p.employed = f & 4;
    p.studying = f & 8;
    p.disabled = f & 16;
}

std::string national_id_from_number(int64_t id) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%010lld", static_cast<long long>(id));
    return buf;
}

} // namespace bk
