// The demo's simulated phone and sample IDs: with no backend, the SMS (or the USSD answer) the
// service would send is shown here, so a visitor can finish the whole flow in the page.
#include "client/app.h"
#include "core/messages.h"
#include "core/mobile.h"

namespace bk::client {

void App::demo_panel() {
    const FlowState& s = flow_.state();
    ImGui::Spacing();
    ImGui::Separator();
    ui_.begin_group("phone", tr("ui.phone_title"));
    ui_.heading(tr("ui.phone_title"), 2, color::kHeader, theme_.title);

    const MobileCheck m = check_mobile(s.mobile.text);
    const std::string mobile = m.valid ? m.normalized : s.mobileNormalized;
    if (!mobile.empty()) ui_.label_value(tr("ui.mobile_plain"), loc_->digits(mobile), 0, "phone_mobile");

    // The newest SMS for this number, as the phone would show it.
    const auto sms = mobile.empty() ? std::nullopt : demo_->latest_sms(mobile);
    if (sms) ui_.notice(loc_->digits(*sms), color::kInfoBg, color::kText, "phone_sms");
    else if (ussd_text_.empty()) ui_.text(tr("ui.phone_empty"), color::kMuted, nullptr, "phone_sms");
    if (!ussd_text_.empty()) ui_.notice(loc_->digits(ussd_text_), color::kGreenBg, color::kText, "phone_ussd");

    // Dialling the USSD code: the phone shows a code for the typed number.
    const std::string dial = loc_->format("ui.phone_dial", {{"ussd", ltr_isolate(s.service.ussdCode)}});
    if (ui_.button_row({{"dial_ussd", dial, color::kBlue, m.valid}}) == 0) ussd_text_ = demo_->dial_ussd(m.normalized);

    // Sample national IDs: one activation copies an ID into the field.
    ImGui::Spacing();
    ui_.heading(tr("ui.samples_title"), 3, color::kHeader, theme_.body);
    const DemoSampleIds& d = demo_->samples();
    const std::pair<const char*, const std::string*> samples[] = {
        {"ui.sample_eligible", &d.eligibleMain}, {"ui.sample_dependant", &d.son}, {"ui.sample_pensioner", &d.pensioner},
        {"ui.sample_lapsed", &d.lapsed}, {"ui.sample_revoked", &d.revoked}};
    ui_.begin_list("samples", tr("ui.samples_title"));
    int i = 0;
    for (const auto& [label, id] : samples) {
        const std::string item = "sample" + std::to_string(i++);
        ui_.begin_item(item + "_item", tr(label));
        ui_.label_value(tr(label), loc_->digits(*id), 0, (item + "_text").c_str());
        if (ui_.button_row({{item, tr("ui.use_sample"), color::kBlue, true, loc_->format("ui.use_sample_of", {{"sample", tr(label)}})}}) == 0)
            flow_.edit(FieldId::NationalId, *id);
        ui_.end();
    }
    ui_.end();
    ui_.end();
}

} // namespace bk::client
