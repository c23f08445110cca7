// theme.h — colours, fonts and the UI scale (CSS pixels → framebuffer pixels).
#pragma once
#include <imgui.h>

namespace bk::client {

struct Theme {
    float scale = 1.0f;          // devicePixelRatio: everything is laid out in framebuffer pixels
    ImFont* body = nullptr;      // Vazirmatn 16 px × scale
    ImFont* title = nullptr;     // Vazirmatn 20 px × scale
    float px(float css) const { return css * scale; }
};

namespace color {
constexpr ImU32 kPage = IM_COL32(0xF3, 0xF5, 0xF8, 0xFF);
constexpr ImU32 kHeader = IM_COL32(0x0B, 0x4F, 0x8A, 0xFF);
constexpr ImU32 kText = IM_COL32(0x21, 0x25, 0x29, 0xFF);
constexpr ImU32 kMuted = IM_COL32(0x5F, 0x66, 0x6D, 0xFF);
constexpr ImU32 kWhite = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);
constexpr ImU32 kError = IM_COL32(0xC6, 0x28, 0x28, 0xFF);
constexpr ImU32 kInfoBg = IM_COL32(0xD9, 0xED, 0xF7, 0xFF);
constexpr ImU32 kInfoText = IM_COL32(0x24, 0x5F, 0x80, 0xFF);
constexpr ImU32 kErrorBg = IM_COL32(0xF8, 0xD7, 0xDA, 0xFF);
constexpr ImU32 kWarnBg = IM_COL32(0xFF, 0xF3, 0xCD, 0xFF);
constexpr ImU32 kWarnText = IM_COL32(0x85, 0x64, 0x04, 0xFF);
constexpr ImU32 kGreen = IM_COL32(0x21, 0x8A, 0x4C, 0xFF);
constexpr ImU32 kGreenBg = IM_COL32(0xDF, 0xF2, 0xE4, 0xFF);
constexpr ImU32 kRed = IM_COL32(0xC9, 0x30, 0x2C, 0xFF);
constexpr ImU32 kBlack = IM_COL32(0x23, 0x27, 0x2B, 0xFF);
constexpr ImU32 kBlue = IM_COL32(0x1F, 0x6F, 0xB8, 0xFF);
constexpr ImU32 kCard = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);
constexpr ImU32 kBorder = IM_COL32(0xD5, 0xDA, 0xE0, 0xFF);
constexpr ImU32 kTrack = IM_COL32(0xE1, 0xE5, 0xEA, 0xFF);
} // namespace color

// Loads Vazirmatn (preloaded at /fonts) at 16 and 20 CSS px × scale, with the glyph ranges
// Persian needs (Arabic, presentation forms A/B, ZWNJ/marks), and styles ImGui for it.
void apply_theme(Theme& theme, float scale);

} // namespace bk::client
