#include "client/theme.h"

#include "client/font_metrics.h"
#include "client/glyph_ranges.h"

namespace bk::client {

static_assert(sizeof(ImWchar) == sizeof(kGlyphRanges[0]), "ImGui takes 16-bit glyph ranges");


void apply_theme(Theme& theme, float scale, bool coarse, const std::vector<uint8_t>& font) {
    ImGuiIO& io = ImGui::GetIO();
    theme.scale = scale;
    theme.coarse = coarse;
    io.Fonts->Clear();
    ImFontConfig cfg;
    cfg.OversampleH = 1; // glyphs are snapped to whole pixels, so oversampling would only cost time
    cfg.OversampleV = 1;
    cfg.PixelSnapH = true;
    cfg.FontDataOwnedByAtlas = false; // the bytes stay with the client for the next rebuild
    // ImGui sizes fonts by line height; ask for the line height whose em is the CSS size.
    const double line_per_em = ttf_line_per_em(font.data(), font.size());
    auto add = [&](float em, const uint16_t* ranges) -> ImFont* {
        if (font.empty() || line_per_em <= 0) return nullptr;
        return io.Fonts->AddFontFromMemoryTTF(const_cast<uint8_t*>(font.data()), static_cast<int>(font.size()),
                                              static_cast<float>(em * line_per_em) * scale, &cfg,
                                              reinterpret_cast<const ImWchar*>(ranges));
    };
    theme.body = add(kBodyEm, kGlyphRanges);
    theme.title = add(kTitleEm, kGlyphRanges);
    theme.large = add(kLargeEm, kDigitRanges);
    if (!theme.body || !theme.title || !theme.large) theme.body = theme.title = theme.large = io.Fonts->AddFontDefault();
    io.Fonts->Build();

    ImGuiStyle style;
    ImGui::StyleColorsLight(&style);
    style.WindowPadding = ImVec2(16, 12);
    style.FramePadding = ImVec2(12, 4);
    style.ItemSpacing = ImVec2(10, 8);
    style.ItemInnerSpacing = ImVec2(8, 6);
    style.FrameRounding = 6;
    style.WindowRounding = 0;
    style.ChildRounding = 8;
    style.FrameBorderSize = 1;
    style.WindowBorderSize = 0;
    style.ScaleAllSizes(scale);
    ImVec4* c = style.Colors;
    c[ImGuiCol_WindowBg] = ImGui::ColorConvertU32ToFloat4(color::kPage);
    c[ImGuiCol_ChildBg] = ImGui::ColorConvertU32ToFloat4(color::kCard);
    c[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(color::kText);
    c[ImGuiCol_FrameBg] = ImVec4(1, 1, 1, 1);
    c[ImGuiCol_Border] = ImGui::ColorConvertU32ToFloat4(color::kBorder);
    c[ImGuiCol_Separator] = ImGui::ColorConvertU32ToFloat4(color::kBorder);
    ImGui::GetStyle() = style;
}

} // namespace bk::client
