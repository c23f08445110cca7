// The receipt view (/?receipt=CODE): the recorded answer for a tracking code, shown again to
// anyone holding the code, and printed the same way as from the history.
#include "client/app.h"
#include "core/digits.h"
#include "core/messages.h"

namespace bk::client {

void App::screen_receipt() {
    const ReceiptView& r = flow_.state().receipt;
    ui_.heading(fa("ui.receipt_title"), 2, color::kHeader, theme_.title);
    ui_.label_value(fa("ui.tracking_code"), r.trackingCode, 0, "receipt_code", true);
    if (r.loading) {
        ui_.text(fa("ui.receipt_loading"), color::kMuted, nullptr, "receipt_status");
    } else if (!r.found) {
        ui_.text(fa(r.errorCode), color::kError, nullptr, "receipt_status");
    } else {
        const api::InquiryAnswer& a = r.answer;
        const ImU32 tone = a.outcome == api::Outcome::Eligible ? color::kGreen : color::kError;
        ui_.label_value(fa("ui.national_id_plain"), to_persian_digits(a.nationalId), 0, "receipt_id", false, theme_.large);
        ui_.label_value(fa("ui.outcome"), fa(std::string("outcome.") + api::outcome_code(a.outcome)), tone, "receipt_outcome");
        const char* code = a.outcome == api::Outcome::Eligible ? "ui.entitled_sentence" : "ui.not_entitled_sentence";
        ui_.text(substitute(fa(code), "date", to_persian_digits(a.checkedAtJalali)), tone, nullptr, "receipt_sentence");
        answer_details(a, tone);
    }
    const int b = ui_.button_row({{"receipt_print", fa("ui.print"), color::kBlue, r.found},
                                  {"receipt_close", fa("ui.back"), color::kBlack, true}});
    if (b == 0) print({&r.answer});
    if (b == 1) flow_.close_receipt();
}

} // namespace bk::client
