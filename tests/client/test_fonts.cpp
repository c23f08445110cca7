// The font the client rasterises: sized by its em, with every glyph the UI's text needs.
#include <doctest/doctest.h>

#define STB_TRUETYPE_IMPLEMENTATION
#define STBTT_STATIC
#include <imstb_truetype.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "client/font_metrics.h"
#include "client/glyph_ranges.h"
#include "core/digits.h"
#include "core/locale.h"
#include "text/bidi.h"

using namespace bk::client;

namespace {

std::vector<uint8_t> read_file(const char* path) {
    std::ifstream in(path, std::ios::binary);
    return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// A font's glyph lookup (its cmap), through stb_truetype as the client uses it.
struct Cmap {
    std::vector<uint8_t> bytes;
    stbtt_fontinfo info{};
    bool ok = false;
    explicit Cmap(const char* path) : bytes(read_file(path)) {
        ok = !bytes.empty() && stbtt_InitFont(&info, bytes.data(), stbtt_GetFontOffsetForIndex(bytes.data(), 0)) != 0;
    }
    bool has(char32_t c) const { return stbtt_FindGlyphIndex(&info, static_cast<int>(c)) != 0; }
};

// Every code point the UI's strings put on screen: each catalog string of every language, shaped
// and reordered in the language's direction. `check(where, code point)`, where = "en ui.inquire".
template <class F>
void each_ui_code_point(F&& check) {
    for (const bk::Locale& l : bk::Locale::all()) {
        const bk::catalog::Table& t = bk::catalog::kTables[&l - bk::Locale::all().data()];
        for (size_t i = 0; i < t.size; ++i) {
            const std::string where = std::string(l.tag()) + " " + t.entries[i].code;
            const std::string visual = bk::text::to_visual(t.entries[i].text, l.rtl() ? bk::text::BaseDir::RTL : bk::text::BaseDir::LTR);
            size_t at = 0;
            while (at < visual.size()) {
                const char32_t c = bk::next_code_point(visual, at);
                if (c >= 0x20) check(where, c); // a line break (the SMS's) is no glyph
            }
        }
    }
}

// Every code point FriBidi's shaping can make of a letter: alone, first, between and last.
std::vector<std::string> joining_contexts(char32_t letter) {
    auto utf8 = [](char32_t c) {
        std::string s;
        bk::append_utf8(s, c);
        return s;
    };
    const std::string l = utf8(letter), beh = utf8(U'ب');
    return {l, l + beh, beh + l + beh, beh + l, l + utf8(U'ا'), utf8(U'ل') + l};
}

} // namespace

TEST_CASE("font metrics: Vazirmatn's line is 1.5625 em, so a 16 px em needs a 25 px ImGui size") {
    const std::vector<uint8_t> font = read_file(BK_FONT_PATH);
    REQUIRE(!font.empty());
    CHECK(ttf_line_per_em(font.data(), font.size()) == doctest::Approx(1.5625));
    // Not a font, or cut short: 0, never a read past the end.
    CHECK(ttf_line_per_em(font.data(), 40) == 0);
    const uint8_t junk[] = {1, 2, 3};
    CHECK(ttf_line_per_em(junk, sizeof junk) == 0);
    CHECK(ttf_line_per_em(nullptr, 0) == 0);
}

TEST_CASE("glyph ranges: every UI string, shaped and reordered, needs only glyphs the client rasterises") {
    each_ui_code_point([](const std::string& where, char32_t c) {
        INFO(where << " U+" << std::hex << static_cast<uint32_t>(c));
        CHECK(has_glyph(c));
    });
    // Digits shown in fields and answers, and the disclosure's marker is drawn, not a glyph.
    for (char32_t c : {U'۰', U'۹', U'/', U':', U'-', U'*', U'#'}) CHECK(has_glyph(c));
}

TEST_CASE("the font subset the page ships has a glyph for every code point of every UI string, shaped and reordered") {
    const Cmap subset(BK_FONT_PATH);
    REQUIRE(subset.ok);
    each_ui_code_point([&](const std::string& where, char32_t c) {
        if (c == 0x200C || c == 0x200D || c == 0x200E || c == 0x200F) return; // format characters: never drawn
        INFO(where << " U+" << std::hex << static_cast<uint32_t>(c));
        CHECK(subset.has(c));
    });
    for (char32_t c = U'0'; c <= U'9'; ++c) CHECK(subset.has(c));
    for (char32_t c = U'۰'; c <= U'۹'; ++c) CHECK(subset.has(c));
    for (char32_t c = U'A'; c <= U'Z'; ++c) CHECK((subset.has(c) && subset.has(c + 32)));
}

TEST_CASE("every Persian letter, in every joining position, shapes only into glyphs the client draws and the subset keeps") {
    const Cmap subset(BK_FONT_PATH), full(BK_FULL_FONT_PATH);
    REQUIRE(subset.ok);
    REQUIRE(full.ok);
    std::vector<char32_t> letters;
    for (char32_t c = 0x0621; c <= 0x063A; ++c) letters.push_back(c);
    for (char32_t c = 0x0641; c <= 0x064A; ++c) letters.push_back(c);
    for (char32_t c : {U'پ', U'چ', U'ژ', U'ک', U'گ', U'ۀ', U'ی'}) letters.push_back(c);
    for (char32_t letter : letters) {
        for (const std::string& word : joining_contexts(letter)) {
            const std::string visual = bk::text::to_visual(word, bk::text::BaseDir::RTL);
            size_t at = 0;
            while (at < visual.size()) {
                const char32_t c = bk::next_code_point(visual, at);
                INFO("letter " << static_cast<uint32_t>(letter) << " shaped " << static_cast<uint32_t>(c) << " (decimal)");
                CHECK(has_glyph(c));
                // Vazirmatn itself has no separate form for ۀ alone or last (U+FBA4, U+FBA5).
                CHECK(subset.has(c) == full.has(c));
                if (letter != U'ۀ') CHECK(subset.has(c));
            }
        }
    }
}

TEST_CASE("the subset keeps every code point of the client's ranges that Vazirmatn has, and is a fraction of it") {
    const Cmap subset(BK_FONT_PATH), full(BK_FULL_FONT_PATH);
    REQUIRE(subset.ok);
    REQUIRE(full.ok);
    int kept = 0;
    for (int i = 0; kGlyphRanges[i]; i += 2)
        for (char32_t c = kGlyphRanges[i]; c <= kGlyphRanges[i + 1]; ++c) {
            INFO("U+" << std::hex << static_cast<uint32_t>(c));
            CHECK(subset.has(c) == full.has(c));
            kept += subset.has(c);
        }
    CHECK(kept > 300);
    CHECK(!subset.has(U'ڈ')); // Urdu's ddal: not Persian, not kept
    CHECK(subset.bytes.size() * 3 < full.bytes.size());
}
