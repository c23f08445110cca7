// The receipt view (/?receipt=CODE): the recorded answer for a tracking code, shown again to
// anyone holding the code, and printed the same way as from the history.
#include "client/app.h"
#include "client/sentences.h"

namespace bk::client {

void App::screen_receipt() {
    const ReceiptView& r = flow_.state().receipt;
    ui_.heading(tr("ui.receipt_title"), 2, color::kHeader, theme_.title);
    ui_.label_value(tr("ui.tracking_code"), r.trackingCode, 0, "receipt_code", true);
    if (r.loading) {
        ui_.text(tr("ui.receipt_loading"), color::kMuted, nullptr, "receipt_status");
    } else if (!r.found) {
        ui_.text(tr(r.errorCode), color::kError, nullptr, "receipt_status");
    } else {
        const api::InquiryAnswer& a = r.answer;
        const ImU32 tone = a.outcome == api::Outcome::Eligible ? color::kGreen : color::kError;
        ui_.label_value(tr("ui.national_id_plain"), loc_->digits(a.nationalId), 0, "receipt_id", false, theme_.large);
        ui_.label_value(tr("ui.outcome"), outcome_text(*loc_, a.outcome), tone, "receipt_outcome");
        ui_.text(answer_sentence(*loc_, a), tone, nullptr, "receipt_sentence");
        answer_details(a, tone);
    }
    const int b = ui_.button_row({{"receipt_print", tr("ui.print"), color::kBlue, r.found},
                                  {"receipt_close", tr("ui.back"), color::kBlack, true}});
    if (b == 0) print({&r.answer});
    if (b == 1) flow_.close_receipt();
}

} // namespace bk::client
