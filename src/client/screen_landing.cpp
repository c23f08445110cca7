// Screen 1 — landing: the notice, «ارتقای سرویس», the usage guide, and the direct inquiry while
// the open (unlimited) mode lasts.
#include "client/app.h"
#include "core/messages.h"

namespace bk::client {

void App::screen_landing() {
    const FlowState& s = flow_.state();
    if (s.serviceLoaded && s.service.openInquiry) ui_.notice(s.service.notice, color::kInfoBg, color::kInfoText);

    if (ui_.button_row({{"upgrade", fa("ui.upgrade_service"), color::kRed, flow_.can(Action::Upgrade)}}) == 0) flow_.upgrade();
    if (ui_.link("upgrade_help", fa("ui.upgrade_help"))) show_upgrade_help_ = !show_upgrade_help_;
    if (show_upgrade_help_) {
        ui_.text(fa("ui.need_code"), color::kMuted);
        ui_.text(fa("ui.method_sms"), color::kMuted);
        ui_.text(substitute(fa("ui.method_ussd"), "ussd", ltr_isolate(s.service.ussdCode)), color::kMuted);
    }

    ImGui::Spacing();
    ui_.text(fa("ui.usage_title"), color::kHeader, theme_.title);
    ui_.bullet(fa("ui.usage_history"));
    ui_.bullet(fa("ui.usage_outpatient"));

    if (s.serviceLoaded && s.service.openInquiry) {
        ImGui::Spacing();
        inquiry_form(true);
        history();
    }
}

} // namespace bk::client
