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
    ui_.begin_group("phone", fa("ui.phone_title"));
    ui_.heading(fa("ui.phone_title"), 2, color::kHeader, theme_.title);

    const MobileCheck m = check_mobile(s.mobile.text);
    const std::string mobile = m.valid ? m.normalized : s.mobileNormalized;
    if (!mobile.empty()) ui_.label_value(fa("ui.mobile_plain"), to_persian_digits(mobile), 0, "phone_mobile");

    // The newest SMS for this number, as the phone would show it.
    const auto sms = mobile.empty() ? std::nullopt : demo_->latest_sms(mobile);
    if (sms) ui_.notice(to_persian_digits(*sms), color::kInfoBg, color::kText, "phone_sms");
    else if (ussd_text_.empty()) ui_.text(fa("ui.phone_empty"), color::kMuted, nullptr, "phone_sms");
    if (!ussd_text_.empty()) ui_.notice(to_persian_digits(ussd_text_), color::kGreenBg, color::kText, "phone_ussd");

    // Dialling the USSD code: the phone shows a code for the typed number.
    const std::string dial = substitute(fa("ui.phone_dial"), "ussd", ltr_isolate(s.service.ussdCode));
    if (ui_.button_row({{"dial_ussd", dial, color::kBlue, m.valid}}) == 0) ussd_text_ = demo_->dial_ussd(m.normalized);

    // Sample national IDs: one activation copies an ID into the field.
    ImGui::Spacing();
    ui_.heading(fa("ui.samples_title"), 3, color::kHeader, theme_.body);
    const DemoSampleIds& d = demo_->samples();
    const std::pair<const char*, const std::string*> samples[] = {
        {"ui.sample_eligible", &d.eligibleMain}, {"ui.sample_dependant", &d.son}, {"ui.sample_pensioner", &d.pensioner},
        {"ui.sample_lapsed", &d.lapsed}, {"ui.sample_revoked", &d.revoked}};
    ui_.begin_list("samples", fa("ui.samples_title"));
    int i = 0;
    for (const auto& [label, id] : samples) {
        const std::string item = "sample" + std::to_string(i++);
        ui_.begin_item(item + "_item", fa(label));
        ui_.label_value(fa(label), to_persian_digits(*id), 0, (item + "_text").c_str());
        if (ui_.button_row({{item, fa("ui.use_sample"), color::kBlue, true, std::string(fa("ui.use_sample")) + ": " + fa(label)}}) == 0)
            flow_.edit(FieldId::NationalId, *id);
        ui_.end();
    }
    ui_.end();
    ui_.end();
}

} // namespace bk::client
