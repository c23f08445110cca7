#include "client/sentences.h"

namespace bk::client {

namespace {

// A reason is a whole sentence in the catalog; inside another sentence it loses its full stop.
std::string without_full_stop(std::string s) {
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
}

} // namespace

std::string outcome_text(const Locale& loc, const InquiryEntry& e) {
    switch (e.state) {
    case EntryState::Pending: return loc.text("ui.pending");
    case EntryState::Undetermined: return loc.text("outcome.undetermined");
    case EntryState::Rejected: return loc.text("ui.rejected");
    case EntryState::Answered: break;
    }
    return outcome_text(loc, e.answer.outcome);
}

std::string say_field_error(const Locale& loc, const char* field_name_code, const std::string& error_code, int attempts_left) {
    const std::string field = loc.text(field_name_code), error = loc.text(error_code);
    if (attempts_left < 0) return loc.format("say.field_error", {{"field", field}, {"error", error}});
    const std::string attempts = loc.format("ui.attempts_left", {{"n", loc.number(attempts_left)}});
    return loc.format("say.wrong_code", {{"field", field}, {"error", error}, {"attempts", attempts}});
}

std::string say_row(const Locale& loc, const InquiryEntry& e) {
    const std::string id = loc.digits(e.nationalId);
    switch (e.state) {
    case EntryState::Pending: return {};
    case EntryState::Rejected: return loc.format("say.rejected", {{"id", id}, {"error", loc.text(e.errorCode)}});
    case EntryState::Undetermined: return loc.format("say.undetermined", {{"id", id}, {"error", loc.text(e.errorCode)}});
    case EntryState::Answered: break;
    }
    // What a sighted clerk reads on the row without opening it: the outcome, why not (in the
    // words that name no family fact), the tracking code and the credit left.
    const api::InquiryAnswer& a = e.answer;
    const std::string outcome = outcome_text(loc, a.outcome), credit = loc.number(a.remaining);
    const std::string reason = a.reasonCode.empty() ? std::string() : without_full_stop(loc.text(a.reasonCode));
    const bool has_credit = a.remaining >= 0;
    if (reason.empty())
        return loc.format(has_credit ? "say.answered_credit" : "say.answered",
                          {{"id", id}, {"outcome", outcome}, {"tracking", a.trackingCode}, {"credit", credit}});
    return loc.format(has_credit ? "say.answered_reason_credit" : "say.answered_reason",
                      {{"id", id}, {"outcome", outcome}, {"reason", reason}, {"tracking", a.trackingCode}, {"credit", credit}});
}

std::string say_receipt(const Locale& loc, const ReceiptView& r) {
    if (r.loading) return {};
    if (!r.found) return loc.text(r.errorCode.empty() ? "server_error" : r.errorCode);
    const api::InquiryAnswer& a = r.answer;
    return loc.format("say.answered", {{"id", loc.digits(a.nationalId)}, {"outcome", outcome_text(loc, a.outcome)},
                                       {"tracking", a.trackingCode}});
}

} // namespace bk::client
