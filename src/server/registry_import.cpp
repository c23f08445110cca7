#include "server/registry_import.h"

#include <set>
#include <sstream>

#include "core/national_id.h"

namespace bk::server {

namespace {

std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : line) {
        if (c == ',') { out.push_back(cur); cur.clear(); }
        else if (c != '\r') cur += c;
    }
    out.push_back(cur);
    return out;
}

bool flag(const std::string& v, bool& out) {
    if (v == "0") { out = false; return true; }
    if (v == "1") { out = true; return true; }
    return false;
}

} // namespace

ImportResult parse_registry_csv(std::istream& in) {
    ImportResult r;
    std::string line;
    size_t n = 0;
    if (!std::getline(in, line)) {
        r.problems.push_back({1, "empty file: expected the header " + std::string(kRegistryCsvHeader)});
        return r;
    }
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3); // a BOM from spreadsheet exports
    if (line != kRegistryCsvHeader) {
        r.problems.push_back({1, "the header must be: " + std::string(kRegistryCsvHeader)});
        return r;
    }
    std::set<std::string> ids, mains;
    std::vector<std::pair<size_t, std::string>> wanted_mains; // (line, main id)
    while (std::getline(in, line)) {
        ++n;
        if (line.empty() || line == "\r") continue;
        const auto f = split(line);
        auto fail = [&](const std::string& why) { r.problems.push_back({n, why}); };
        if (f.size() != 12) { fail("expected 12 columns, found " + std::to_string(f.size())); continue; }
        PersonRecord p;
        const NationalIdCheck id = check_national_id(f[0]);
        if (!id.valid || f[0].size() != 10) { fail("national_id: " + std::string(national_id_reason_code(id.reason == NationalIdReason::Ok ? NationalIdReason::TooShort : id.reason))); continue; }
        p.nationalId = id.normalized;
        if (!ids.insert(p.nationalId).second) { fail("national_id " + p.nationalId + " appears twice"); continue; }
        if (!parse_relation(f[2], p.relation)) { fail("relation: unknown value '" + f[2] + "'"); continue; }
        if (p.relation == Relation::Main) {
            if (!f[1].empty()) { fail("main_id must be empty for a main insured"); continue; }
            mains.insert(p.nationalId);
        } else {
            const NationalIdCheck m = check_national_id(f[1]);
            if (!m.valid || f[1].size() != 10) { fail("main_id: a dependant needs its main insured's valid national ID"); continue; }
            p.mainId = m.normalized;
            wanted_mains.push_back({n, p.mainId});
        }
        if (!parse_insurance(f[3], p.insuranceType)) { fail("insurance_type: unknown value '" + f[3] + "'"); continue; }
        if (f[4] != "M" && f[4] != "F") { fail("gender: M or F"); continue; }
        p.gender = f[4][0];
        if (!parse_iso_date(f[5], p.birthDate)) { fail("birth_date: expected YYYY-MM-DD"); continue; }
        if (f[6].empty()) {
            if (p.relation == Relation::Main && p.insuranceType != InsuranceType::Pensioner) { fail("covered_until: required for a main insured"); continue; }
            p.coveredUntil = GregorianDate{1970, 1, 1};
        } else if (!parse_iso_date(f[6], p.coveredUntil)) {
            fail("covered_until: expected YYYY-MM-DD");
            continue;
        }
        bool ok = flag(f[7], p.revoked) && flag(f[8], p.married) && flag(f[9], p.employed) && flag(f[10], p.studying) && flag(f[11], p.disabled);
        if (!ok) { fail("revoked, married, employed, studying, disabled: 0 or 1"); continue; }
        r.persons.push_back(p);
    }
    for (const auto& [line_no, main] : wanted_mains)
        if (!mains.count(main)) r.problems.push_back({line_no, "main_id " + main + " is not a main insured in this file"});
    return r;
}

} // namespace bk::server
