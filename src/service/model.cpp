#include "service/model.h"

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

} // namespace bk
