// Screen 1 — landing: the notice, the direct inquiry (its history, then the form) while the
// open (unlimited) mode lasts, «ارتقای سرویس» with its help, and the usage guide. The form comes
// before the help, so the first Tab (and a screen reader's reading) reaches the task before the
// explanations.
#include "client/app.h"
#include "core/messages.h"

namespace bk::client {

void App::screen_landing() {
    const FlowState& s = flow_.state();
    const bool open = s.serviceLoaded && s.service.openInquiry;
    if (open) {
        // The catalog's words, not the service's `notice` (sent in the language the page had when
        // it asked): a switch of language changes them too.
        ui_.notice(tr("ui.open_notice"), color::kInfoBg, color::kInfoText, "open_notice");
        inquiry_list();
        inquiry_form();
        ImGui::Spacing();
    }

    if (ui_.button_row({{"upgrade", tr("ui.upgrade_service"), color::kRed, flow_.can(Action::Upgrade)}}) == 0) flow_.upgrade();
    if (ui_.disclosure("upgrade_help", tr("ui.upgrade_help"), show_upgrade_help_)) show_upgrade_help_ = !show_upgrade_help_;
    if (show_upgrade_help_) {
        ui_.text(tr("ui.need_code"), color::kMuted);
        ui_.text(tr("ui.method_sms"), color::kMuted);
        if (!s.service.ussdCode.empty()) { // once the service has said it
            ui_.text(loc_->format("ui.method_ussd", {{"ussd", ltr_isolate(s.service.ussdCode)}}), color::kMuted);
            ui_.label_value(tr("ui.ussd_code"), s.service.ussdCode, color::kText, "ussd_code_help", true);
        }
    }

    ImGui::Spacing();
    ui_.heading(tr("ui.usage_title"), 2, color::kHeader, theme_.title);
    ui_.begin_list("usage", tr("ui.usage_title"));
    ui_.bullet(tr("ui.usage_history"));
    ui_.bullet(tr("ui.usage_outpatient"));
    ui_.end();
}

} // namespace bk::client
