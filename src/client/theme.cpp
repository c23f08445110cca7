#include "client/theme.h"

namespace bk::client {

static const ImWchar kGlyphRanges[] = {
    0x0020, 0x00FF, // Basic Latin + Latin-1
    0x0600, 0x06FF, // Arabic (Persian letters and digits)
    0x200C, 0x200F, // ZWNJ, ZWJ, LRM, RLM
    0x2010, 0x2027, // dashes, quotes, ellipsis
    0xFB50, 0xFDFF, // Arabic Presentation Forms-A (Persian letters' shaped forms)
    0xFE70, 0xFEFF, // Arabic Presentation Forms-B
    0,
};

void apply_theme(Theme& theme, float scale) {
    ImGuiIO& io = ImGui::GetIO();
    theme.scale = scale;
    io.Fonts->Clear();
    ImFontConfig cfg;
    cfg.OversampleH = 2;
    cfg.OversampleV = 1;
    cfg.PixelSnapH = true;
    const char* path = "/fonts/Vazirmatn-Regular.ttf";
    theme.body = io.Fonts->AddFontFromFileTTF(path, 16.0f * scale, &cfg, kGlyphRanges);
    theme.title = io.Fonts->AddFontFromFileTTF(path, 20.0f * scale, &cfg, kGlyphRanges);
    if (!theme.body) theme.body = theme.title = io.Fonts->AddFontDefault();
    io.Fonts->Build();

    ImGuiStyle style;
    ImGui::StyleColorsLight(&style);
    style.WindowPadding = ImVec2(16, 12);
    style.FramePadding = ImVec2(10, 7);
    style.ItemSpacing = ImVec2(10, 10);
    style.ItemInnerSpacing = ImVec2(8, 6);
    style.FrameRounding = 6;
    style.WindowRounding = 0;
    style.ChildRounding = 8;
    style.ScrollbarSize = 10;
    style.FrameBorderSize = 1;
    style.WindowBorderSize = 0;
    style.ScaleAllSizes(scale);
    ImVec4* c = style.Colors;
    c[ImGuiCol_WindowBg] = ImGui::ColorConvertU32ToFloat4(color::kPage);
    c[ImGuiCol_ChildBg] = ImGui::ColorConvertU32ToFloat4(color::kCard);
    c[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(color::kText);
    c[ImGuiCol_FrameBg] = ImVec4(1, 1, 1, 1);
    c[ImGuiCol_Border] = ImGui::ColorConvertU32ToFloat4(color::kBorder);
    c[ImGuiCol_NavHighlight] = ImGui::ColorConvertU32ToFloat4(color::kBlue);
    ImGui::GetStyle() = style;
}

} // namespace bk::client
