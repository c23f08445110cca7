// palette.h — the client's colours as plain RGB, and every (text, background) pair the screens
// draw, so a test can hold each pair to WCAG AA (contrast ≥ 4.5:1). Pure: no ImGui.
#pragma once
#include <cmath>
#include <cstdint>

namespace bk::client::palette {

struct Rgb {
    uint8_t r, g, b;
};

constexpr Rgb kPage{0xF3, 0xF5, 0xF8};
constexpr Rgb kCard{0xFF, 0xFF, 0xFF};
constexpr Rgb kHeader{0x0B, 0x4F, 0x8A};
constexpr Rgb kText{0x21, 0x25, 0x29};
constexpr Rgb kMuted{0x5F, 0x66, 0x6D};
constexpr Rgb kWhite{0xFF, 0xFF, 0xFF};
constexpr Rgb kError{0xB7, 0x1C, 0x1C};
constexpr Rgb kInfoBg{0xD9, 0xED, 0xF7};
constexpr Rgb kInfoText{0x24, 0x5F, 0x80};
constexpr Rgb kErrorBg{0xF8, 0xD7, 0xDA};
constexpr Rgb kWarnBg{0xFF, 0xF3, 0xCD};
constexpr Rgb kWarnText{0x85, 0x64, 0x04};
constexpr Rgb kGreen{0x1A, 0x73, 0x40};    // buttons and "entitled": white on it 5.9:1
constexpr Rgb kGreenBg{0xDF, 0xF2, 0xE4};
constexpr Rgb kRed{0xC9, 0x30, 0x2C};
constexpr Rgb kBlack{0x23, 0x27, 0x2B};
constexpr Rgb kBlue{0x1F, 0x6F, 0xB8};
constexpr Rgb kBorder{0x8A, 0x93, 0x9C};   // field borders: 3:1 against white (WCAG 1.4.11)
constexpr Rgb kTrack{0xE1, 0xE5, 0xEA};
constexpr Rgb kEntitledBg{0xEA, 0xF6, 0xEE};     // an answered row: entitled
constexpr Rgb kNotEntitledBg{0xFD, 0xF0, 0xF0};  // an answered row: not entitled

// WCAG 2 relative luminance and contrast ratio.
inline double channel(uint8_t c) {
    const double s = c / 255.0;
    return s <= 0.03928 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
}
inline double luminance(Rgb c) { return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b); }
inline double contrast(Rgb a, Rgb b) {
    const double la = luminance(a), lb = luminance(b);
    return (std::fmax(la, lb) + 0.05) / (std::fmin(la, lb) + 0.05);
}

// A control's colour when hovered or pressed: darker (white text on it gains contrast), or
// lighter when it is near black already (it still looks pressed, and keeps far above 4.5:1).
constexpr float kHoverShade = 0.12f, kPressShade = 0.24f;
constexpr Rgb shade(Rgb c, float f) {
    const bool dark = c.r < 0x40 && c.g < 0x40 && c.b < 0x40;
    auto one = [dark, f](uint8_t x) { return static_cast<uint8_t>(dark ? x + (255 - x) * f : x * (1 - f)); };
    return Rgb{one(c.r), one(c.g), one(c.b)};
}
// `top` at alpha/255 over `under` (a hover tint).
constexpr Rgb over(Rgb top, uint8_t alpha, Rgb under) {
    auto one = [alpha](uint8_t t, uint8_t u) { return static_cast<uint8_t>((t * alpha + u * (255 - alpha)) / 255); };
    return Rgb{one(top.r, under.r), one(top.g, under.g), one(top.b, under.b)};
}
constexpr uint8_t kHoverTintAlpha = 0x18;     // behind a hovered disclosure
constexpr Rgb kDisclosureHover = shade(kBlue, kPressShade); // its text while hovered

// Colours white text is drawn on (buttons), and the backgrounds a disclosure sits on.
constexpr Rgb kButtonColors[] = {kGreen, kRed, kBlack, kBlue, kError};
constexpr Rgb kDisclosureBackgrounds[] = {kPage, kCard, kEntitledBg, kNotEntitledBg};

struct Pair {
    const char* where;
    Rgb text, background;
};

// Every text colour on every background it is drawn on.
constexpr Pair kTextPairs[] = {
    {"body text on the page", kText, kPage},
    {"muted text on the page", kMuted, kPage},
    {"header on the page", kHeader, kPage},
    {"links and disclosures on the page", kBlue, kPage},
    {"field text on white", kText, kCard},
    {"errors on the page", kError, kPage},
    {"entitled on the page", kGreen, kPage},
    {"notice text on blue", kInfoText, kInfoBg},
    {"error notice on red", kError, kErrorBg},
    {"demo banner on yellow", kWarnText, kWarnBg},
    {"labels on the green bar", kMuted, kGreenBg},
    {"values on the green bar", kText, kGreenBg},
    {"credit figure on the green bar", kGreen, kGreenBg},
    {"no credit on the green bar", kError, kGreenBg},
    {"phone text on blue", kText, kInfoBg},
    {"phone text on green", kText, kGreenBg},
    {"labels on an entitled row", kMuted, kEntitledBg},
    {"entitled on its row", kGreen, kEntitledBg},
    {"values on an entitled row", kText, kEntitledBg},
    {"disclosure on an entitled row", kBlue, kEntitledBg},
    {"labels on a not-entitled row", kMuted, kNotEntitledBg},
    {"not entitled on its row", kError, kNotEntitledBg},
    {"values on a not-entitled row", kText, kNotEntitledBg},
    {"disclosure on a not-entitled row", kBlue, kNotEntitledBg},
    {"white on green buttons", kWhite, kGreen},
    {"white on the red button", kWhite, kRed},
    {"white on black buttons", kWhite, kBlack},
    {"white on blue buttons", kWhite, kBlue},
    {"white on the error button (delete, confirmed)", kWhite, kError},
};
// Besides these: white on every button colour hovered and pressed, and a hovered disclosure's
// text on its tint over every background (tests/client/test_palette.cpp).

} // namespace bk::client::palette
