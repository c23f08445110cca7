// glyph_ranges.h — the code points the client rasterises (pairs of first, last; 0-terminated,
// as ImGui takes them). Only what the UI's text can contain after FriBidi's shaping: its forms
// for the Persian letters (پ چ ژ ک گ ی …) lie in FB50–FBFF and the rest in FE70–FEFF.
// FC00–FDFF (ligatures FriBidi never makes) would be 500 more glyphs per font to rasterise
// before the first frame. tests/client checks every UI string against this list.
#pragma once
#include <cstdint>

namespace bk::client {

inline constexpr uint16_t kGlyphRanges[] = {
    0x0020, 0x00FF, // Basic Latin + Latin-1
    0x0600, 0x06FF, // Arabic (Persian letters and digits)
    0x200C, 0x200F, // ZWNJ, ZWJ, LRM, RLM
    0x2010, 0x2027, // dashes, quotes, ellipsis
    0xFB50, 0xFBFF, // Arabic Presentation Forms-A: the Persian letters' shaped forms
    0xFE70, 0xFEFF, // Arabic Presentation Forms-B
    0,
};

// The large font shows only national IDs: digits.
inline constexpr uint16_t kDigitRanges[] = {
    0x0020, 0x0039, // space … 9 (ASCII digits, '-', '/')
    0x06F0, 0x06F9, // Persian digits
    0,
};

inline bool has_glyph(char32_t c) {
    for (int i = 0; kGlyphRanges[i]; i += 2)
        if (c >= kGlyphRanges[i] && c <= kGlyphRanges[i + 1]) return true;
    return false;
}

} // namespace bk::client
