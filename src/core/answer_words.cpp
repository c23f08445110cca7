#include "core/answer_words.h"

namespace bk {

std::string outcome_text(const Locale& loc, api::Outcome o) {
    switch (o) {
    case api::Outcome::Eligible: return loc.text("outcome.eligible");
    case api::Outcome::NotEligible: return loc.text("outcome.not_eligible");
    case api::Outcome::Undetermined: break;
    }
    return loc.text("outcome.undetermined");
}

std::string answer_sentence(const Locale& loc, const api::InquiryAnswer& a) {
    const char* code = a.outcome == api::Outcome::Eligible ? "ui.entitled_sentence" : "ui.not_entitled_sentence";
    return loc.format(code, {{"date", loc.date(a.checkedAtJalali)}});
}

} // namespace bk
