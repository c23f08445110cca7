// glyph_ranges.h — the code points the client can draw (pairs of first, last; 0-terminated, as
// ImGui takes them), and so the code points the build keeps in its subset of Vazirmatn
// (cmake/font_subset.cmake reads the pairs below, one per line, from this file).
//
// Only what the UI's text can contain after FriBidi's shaping: Latin, the Persian letters and
// punctuation, Persian and Arabic-Indic digits, and the shaped forms FriBidi makes of those
// letters (پ چ ژ ک گ ۀ ی in Presentation Forms-A, the rest and the lam-alef ligatures in
// Forms-B). Every glyph kept costs bytes on a phone's first visit and time when the atlas is
// built; tests/client checks every UI string, and every letter in every joining position,
// against this list and against the built subset.
#pragma once
#include <cstdint>

namespace bk::client {

inline constexpr uint16_t kGlyphRanges[] = {
    0x0020, 0x007E, // Basic Latin
    0x00A0, 0x00A0, // no-break space
    0x00AB, 0x00AB, // «
    0x00BB, 0x00BB, // »
    0x00D7, 0x00D7, // ×
    0x060C, 0x060C, // Arabic comma
    0x061B, 0x061B, // Arabic semicolon
    0x061F, 0x061F, // Arabic question mark
    0x0621, 0x063A, // hamza … ghain
    0x0640, 0x0652, // tatweel, fa … sukun (with the marks)
    0x0654, 0x0654, // hamza above
    0x0660, 0x066C, // Arabic-Indic digits, percent, decimal and thousands separators
    0x0670, 0x0670, // superscript alef
    0x067E, 0x067E, // پ
    0x0686, 0x0686, // چ
    0x0698, 0x0698, // ژ
    0x06A9, 0x06A9, // ک
    0x06AF, 0x06AF, // گ
    0x06C0, 0x06C0, // ۀ
    0x06CC, 0x06CC, // ی
    0x06F0, 0x06F9, // Persian digits
    0x200C, 0x200F, // ZWNJ, ZWJ, LRM, RLM
    0x2010, 0x2027, // dashes, quotes, ellipsis
    0xFB56, 0xFB59, // پ shaped
    0xFB7A, 0xFB7D, // چ shaped
    0xFB8A, 0xFB8B, // ژ shaped
    0xFB8E, 0xFB95, // ک گ shaped
    0xFBA4, 0xFBA5, // ۀ shaped
    0xFBE8, 0xFBE9, // ى (alef maksura) joined: FriBidi's forms for it
    0xFBFC, 0xFBFF, // ی shaped
    0xFE70, 0xFEFC, // Presentation Forms-B: the other letters shaped, lam-alef
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
