// theme.h — colours (from palette.h), fonts and the UI scale (CSS pixels → framebuffer pixels).
#pragma once
#include <cstdint>
#include <vector>

#include <imgui.h>

#include "client/palette.h"

namespace bk::client {

struct Theme {
    float scale = 1.0f;          // devicePixelRatio: everything is laid out in framebuffer pixels
    bool coarse = false;         // a touch screen: bigger targets
    ImFont* body = nullptr;      // Vazirmatn, 16 CSS px em
    ImFont* title = nullptr;     // 20 CSS px em
    ImFont* large = nullptr;     // 26 CSS px em, digits only (the national ID of an answer)
    float px(float css) const { return css * scale; }
    // The smallest a control may be, in framebuffer px: 44×44 CSS px on touch screens.
    float min_target() const { return coarse ? px(44) : 0.0f; }
};

// Font sizes in CSS px of the em (what CSS calls font-size).
constexpr float kBodyEm = 16, kTitleEm = 20, kLargeEm = 26;

namespace color {
constexpr ImU32 rgb(palette::Rgb c) { return IM_COL32(c.r, c.g, c.b, 0xFF); }
constexpr ImU32 kPage = rgb(palette::kPage);
constexpr ImU32 kHeader = rgb(palette::kHeader);
constexpr ImU32 kText = rgb(palette::kText);
constexpr ImU32 kMuted = rgb(palette::kMuted);
constexpr ImU32 kWhite = rgb(palette::kWhite);
constexpr ImU32 kError = rgb(palette::kError);
constexpr ImU32 kInfoBg = rgb(palette::kInfoBg);
constexpr ImU32 kInfoText = rgb(palette::kInfoText);
constexpr ImU32 kErrorBg = rgb(palette::kErrorBg);
constexpr ImU32 kWarnBg = rgb(palette::kWarnBg);
constexpr ImU32 kWarnText = rgb(palette::kWarnText);
constexpr ImU32 kGreen = rgb(palette::kGreen);
constexpr ImU32 kGreenBg = rgb(palette::kGreenBg);
constexpr ImU32 kRed = rgb(palette::kRed);
constexpr ImU32 kBlack = rgb(palette::kBlack);
constexpr ImU32 kBlue = rgb(palette::kBlue);
constexpr ImU32 kCard = rgb(palette::kCard);
constexpr ImU32 kBorder = rgb(palette::kBorder);
constexpr ImU32 kTrack = rgb(palette::kTrack);
constexpr ImU32 kEntitledBg = rgb(palette::kEntitledBg);
constexpr ImU32 kNotEntitledBg = rgb(palette::kNotEntitledBg);
} // namespace color

// Rasterises Vazirmatn (the TrueType bytes in `font`) at the three em sizes × scale, with the
// glyph ranges Persian needs (Arabic, presentation forms A/B, ZWNJ/marks), and styles ImGui.
void apply_theme(Theme& theme, float scale, bool coarse, const std::vector<uint8_t>& font);

} // namespace bk::client
