#include "service/store.h"

namespace bk {

const char* store_error_name(StoreErrorKind k) {
    switch (k) {
    case StoreErrorKind::Unavailable: return "unavailable";
    case StoreErrorKind::Duplicate: return "duplicate";
    case StoreErrorKind::Exhausted: return "exhausted";
    case StoreErrorKind::NotFound: return "not_found";
    }
    return "unavailable";
}

StoreResult<InquiryRead> read_for_inquiry_in_parts(SessionStore& sessions, CreditStore& credits, RegistryStore& registry,
                                                   const std::string& token_hash, const std::string& national_id) {
    InquiryRead out;
    if (!token_hash.empty()) {
        auto s = sessions.find_session(token_hash);
        if (!s) return s.error();
        out.session = std::move(*s);
        if (out.session) {
            auto c = credits.find_code(out.session->codeHash);
            if (!c) return c.error();
            out.code = std::move(*c);
        }
    }
    auto p = registry.find_person(national_id);
    if (!p) return p.error();
    out.person = std::move(*p);
    if (out.person && !out.person->mainId.empty()) {
        auto m = registry.find_person(out.person->mainId);
        if (!m) return m.error();
        out.main = std::move(*m);
    }
    return out;
}

} // namespace bk
