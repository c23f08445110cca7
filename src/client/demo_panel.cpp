// The demo's simulated phone and sample IDs: with no backend, the SMS (or the USSD answer) the
// service would send is shown here, so a visitor can finish the whole flow in the page.
#include "client/app.h"
#include "core/digits.h"
#include "core/messages.h"
#include "core/mobile.h"

namespace bk::client {

void App::demo_panel() {
    const FlowState& s = flow_.state();
    ImGui::Spacing();
    ImGui::Separator();
    ui_.text(fa("ui.phone_title"), color::kHeader, theme_.title);

    const MobileCheck m = check_mobile(s.mobile.text);
    const std::string mobile = m.valid ? m.normalized : s.mobileNormalized;
    if (!mobile.empty()) ui_.label_value(fa("ui.mobile_plain"), to_persian_digits(mobile));

    // The newest SMS for this number, as the phone would show it.
    const auto sms = mobile.empty() ? std::nullopt : demo_->outbox().latest(mobile);
    if (sms) ui_.notice(to_persian_digits(sms->text), color::kInfoBg, color::kText);
    else if (ussd_text_.empty()) ui_.text(fa("ui.phone_empty"), color::kMuted);
    if (!ussd_text_.empty()) ui_.notice(to_persian_digits(ussd_text_), color::kGreenBg, color::kText);
    ui_.record("phone_sms");

    // Dialling the USSD code: the phone shows a code for the typed number.
    const std::string dial = substitute(fa("ui.phone_dial"), "ussd", ltr_isolate(s.service.ussdCode));
    if (ui_.button_row({{"dial_ussd", dial, color::kBlue, m.valid}}) == 0) {
        auto r = demo_->service().ussd_request(m.normalized);
        ussd_text_ = r ? *r : r.error().message;
    }

    // Sample national IDs: one click copies an ID into the field.
    ImGui::Spacing();
    ui_.text(fa("ui.samples_title"), color::kHeader);
    const DemoSamples& d = demo_->samples();
    const std::pair<const char*, const std::string*> samples[] = {
        {"ui.sample_eligible", &d.eligibleMain}, {"ui.sample_dependant", &d.son}, {"ui.sample_pensioner", &d.pensioner},
        {"ui.sample_lapsed", &d.lapsed}, {"ui.sample_revoked", &d.revoked}};
    int i = 0;
    for (const auto& [label, id] : samples) {
        ui_.label_value(fa(label), to_persian_digits(*id));
        const std::string bid = "sample" + std::to_string(i++);
        ImGui::SameLine(ImGui::GetWindowContentRegionMin().x); // the button at the left end of the row
        ImGui::PushID(bid.c_str());
        if (ImGui::SmallButton(cache_.visual(fa("ui.use_sample")).c_str())) flow_.edit(FieldId::NationalId, *id);
        ui_.record(bid.c_str());
        ImGui::PopID();
    }
}

} // namespace bk::client
