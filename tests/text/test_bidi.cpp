// Logical → visual text with FriBidi: the guide's own sentences, mixed Persian + digits + Latin,
// ZWNJ words, brackets, lam-alef; wrapping done on the logical text.
#include <doctest/doctest.h>

#include <string>
#include <vector>

extern "C" {
#include <fribidi.h>
}

#include "core/digits.h"
#include "core/locale.h"
#include "core/messages.h"
#include "text/bidi.h"
#include "text/text_cache.h"

namespace {
const char* fa(const char* code) { return bk::Locale::get("fa").text(code); }
} // namespace

using namespace bk;
using namespace bk::text;

namespace {

std::u32string u32(std::string_view s) {
    std::u32string out;
    size_t i = 0;
    while (i < s.size()) out.push_back(next_code_point(s, i));
    return out;
}

bool is_arabic_base_letter(char32_t c) { return c >= 0x0621 && c <= 0x06D3 && !(c >= 0x064B && c <= 0x065F); }

// Width in "glyphs" for the wrap tests.
float glyphs(std::string_view visual) { return static_cast<float>(u32(visual).size()); }

} // namespace

TEST_CASE("bidi: a Persian word is shaped into presentation forms and reversed, with lam-alef") {
    // سلام: seen initial, lam-alef final ligature, meem isolated; drawn left to right: م ﻼ ﺳ
    CHECK(u32(to_visual("سلام", BaseDir::RTL)) == U"\uFEE1\uFEFC\uFEB3");
}

TEST_CASE("bidi: ZWNJ breaks joining and is not drawn") {
    // می‌شود: meem initial + Persian yeh FINAL (FBFD, not medial FBFF), then sheen initial, waw
    // final, dal isolated
    const std::u32string v = u32(to_visual("می\u200Cشود", BaseDir::RTL));
    CHECK(v == U"\uFEA9\uFEEE\uFEB7\uFBFD\uFEE3");
    CHECK(v.find(U'\u200C') == std::u32string::npos);
}

TEST_CASE("bidi: digits keep their order inside right-to-left text") {
    // keheh initial (FB90), dal final (FEAA)
    CHECK(u32(to_visual("کد ۱۲۳", BaseDir::RTL)) == U"۱۲۳ \uFEAA\uFB90");
    // a masked mobile has neutrals between digit runs: in an RTL paragraph the runs swap, so the
    // UI draws such values as LTR
    CHECK(to_visual("۰۹۱۲***۲۵۸۰", BaseDir::RTL) == "۲۵۸۰***۰۹۱۲");
    CHECK(to_visual("۰۹۱۲***۲۵۸۰", BaseDir::LTR) == "۰۹۱۲***۲۵۸۰");
    // an ISO-looking Jalali date stays readable left to right
    CHECK(to_visual("۱۴۰۳/۰۱/۰۱", BaseDir::RTL) == "۱۴۰۳/۰۱/۰۱");
}

TEST_CASE("bidi: Latin runs stay intact in Persian text") {
    const std::string v = to_visual("نسخه API شماره 2", BaseDir::RTL);
    CHECK(v.find("API") != std::string::npos);
    // RTL paragraph: the last logical word (2) is drawn leftmost
    CHECK(v.front() == '2');
    // auto direction: Latin-only text stays left to right
    CHECK(to_visual("Barkhordari 1.0", BaseDir::Auto) == "Barkhordari 1.0");
    CHECK_FALSE(resolves_rtl("Barkhordari", BaseDir::Auto));
    CHECK(resolves_rtl("برخورداری", BaseDir::Auto));
}

TEST_CASE("bidi: brackets are mirrored") {
    const std::u32string v = u32(to_visual("(الف)", BaseDir::RTL));
    CHECK(v.front() == U'(');
    CHECK(v.back() == U')');
    const std::u32string g = u32(to_visual(fa("ui.usage_outpatient"), BaseDir::RTL));
    // «<غیر بستری>» keeps its angle brackets pointing outwards around the words
    const size_t lt = g.find(U'<'), gt = g.find(U'>');
    REQUIRE(lt != std::u32string::npos);
    REQUIRE(gt != std::u32string::npos);
    CHECK(lt < gt);
}

TEST_CASE("bidi: the guide's sentences come out fully shaped, no logical letters or controls left") {
    for (const char* code : {"ui.app_title", "ui.open_notice", "ui.need_code", "ui.sms_validity", "ui.no_sms_restart",
                             "ui.usage_history", "ui.have_code", "ui.get_code_again", "ui.delete_history"}) {
        CAPTURE(code);
        const std::u32string v = u32(to_visual(fa(code), BaseDir::RTL));
        int base_letters = 0, controls = 0;
        for (char32_t c : v) {
            if (is_arabic_base_letter(c)) ++base_letters;
            if ((c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)) ++controls;
        }
        CHECK(base_letters == 0);
        CHECK(controls == 0);
        CHECK(v.size() > 0);
    }
}

TEST_CASE("bidi: wrapping is done on the logical text, each line reordered") {
    const std::string para = fa("ui.open_notice");
    const auto lines = wrap_visual(para, BaseDir::RTL, 40.0f, glyphs);
    REQUIRE(lines.size() > 3);
    size_t total_words = 0;
    for (const auto& l : lines) {
        CHECK(glyphs(l) <= 40.0f);
        size_t words = 1;
        for (char c : l) words += c == ' ';
        total_words += words;
    }
    size_t logical_words = 1;
    for (char c : para) logical_words += c == ' ';
    CHECK(total_words == logical_words);
    // the first line holds the paragraph's first logical words: «توجه» is its visual rightmost word
    const std::string first_word_visual = to_visual("توجه", BaseDir::RTL);
    CHECK(lines[0].size() >= first_word_visual.size());
    CHECK(lines[0].compare(lines[0].size() - first_word_visual.size(), first_word_visual.size(), first_word_visual) == 0);
    // explicit newlines break; an over-long word stands alone
    CHECK(wrap_visual("a\nb", BaseDir::LTR, 100.0f, glyphs).size() == 2);
    const auto long_word = wrap_visual("aaaaaaaaaaaa b", BaseDir::LTR, 5.0f, glyphs);
    REQUIRE(long_word.size() == 2);
    CHECK(long_word[0] == "aaaaaaaaaaaa");
    CHECK(wrap_visual("", BaseDir::RTL, 10.0f, glyphs).size() == 1);
}

// A widget holds one reference while it asks for another (Widgets::label_value): within a frame
// nothing is evicted however many misses there are, only trim() between frames drops entries.
TEST_CASE("text cache: references stay valid through a frame of misses; trim() bounds it between frames") {
    TextCache cache;
    const std::string& held = cache.visual(fa("ui.get_code"));
    const std::string copy = held;
    for (int i = 0; i < 5000; ++i) (void)cache.visual("کد " + std::to_string(i)); // past the bound
    CHECK(held == copy); // still the same, valid string (ASan would see a freed one)
    CHECK(cache.size() > 5000);
    cache.trim();
    CHECK(cache.size() == 0);
}

TEST_CASE("text cache: a second frame re-shapes nothing") {
    TextCache cache;
    const std::string a = cache.visual(fa("ui.get_code"));
    const uint64_t misses = cache.misses();
    for (int frame = 0; frame < 10; ++frame) {
        CHECK(cache.visual(fa("ui.get_code")) == a);
        cache.wrapped(fa("ui.open_notice"), BaseDir::RTL, 30.0f, glyphs);
    }
    CHECK(cache.misses() == misses + 1); // only the first wrap
    CHECK(cache.hits() >= 19);
    // a different width is a different layout
    cache.wrapped(fa("ui.open_notice"), BaseDir::RTL, 31.0f, glyphs);
    CHECK(cache.misses() == misses + 2);
}

TEST_CASE("bidi: an LTR isolate keeps a USSD code in order inside a Persian sentence") {
    const std::string v = to_visual(substitute(fa("ui.phone_dial"), "ussd", ltr_isolate("*4*420*99#")), BaseDir::RTL);
    CHECK(v.find("*4*420*99#") != std::string::npos);
    CHECK(v.find("\u2066") == std::string::npos); // the isolate marks are not drawn
}

// FriBidi 1.0.8 freed a run in compact_neutrals (merge_with_prev) and then read it in
// get_adjacent_run (fribidi-bidi.c:150) on an isolate initiator followed by a paragraph
// separator. The build takes 1.0.16, and the text layer orders each paragraph on its own; the
// sanitizer preset (native-asan) runs this case.
TEST_CASE("bidi: RLI + paragraph separator + U+FFFD (FriBidi 1.0.8's use-after-free) is ordered safely") {
    for (const char* sep : {"\u2029", "\n", "\r\n", "\u0085", "\x1C"}) {
        const std::string text = std::string("\u2067") + sep + "\uFFFD";
        for (BaseDir dir : {BaseDir::RTL, BaseDir::Auto, BaseDir::LTR}) {
            CHECK(to_visual(text, dir) == "\n\uFFFD");
            const auto lines = wrap_visual(text, dir, 100, glyphs);
            REQUIRE(lines.size() == 2);
            CHECK(lines[0].empty());
            CHECK(lines[1] == "\uFFFD");
        }
    }
    // FriBidi itself, given the three code points as one paragraph (the text layer splits them
    // apart before FriBidi sees them, so only this call reaches the code that 1.0.8 got wrong).
    for (FriBidiChar sep : {FriBidiChar(0x2029), FriBidiChar('\n')}) {
        FriBidiChar str[] = {0x2067, sep, 0xFFFD};
        FriBidiCharType types[3];
        FriBidiBracketType brackets[3];
        FriBidiLevel levels[3];
        fribidi_get_bidi_types(str, 3, types);
        fribidi_get_bracket_types(str, 3, types, brackets);
        FriBidiParType base = FRIBIDI_PAR_RTL;
        CHECK(fribidi_get_par_embedding_levels_ex(types, brackets, 3, &base, levels) != 0);
        CHECK(levels[1] == 1); // rule L1: a paragraph separator takes the paragraph's level
    }
    CHECK(std::string(fribidi_version_info).find("1.0.16") != std::string::npos);
    // Longer and nested: isolates and embeddings left open across separators.
    const std::string nasty = "\u2067\u2068\u202B\u2029\uFFFD\u2066abc\u2029\u2069سلام\u2029";
    CHECK_FALSE(to_visual(nasty, BaseDir::RTL).empty());
    CHECK(wrap_visual(nasty, BaseDir::RTL, 3, glyphs).size() >= 3);
}

TEST_CASE("bidi: every paragraph separator breaks a paragraph, each ordered on its own") {
    // Each paragraph keeps its own order: a Persian word is reversed and shaped in each.
    const std::string v = to_visual("سلام\u2029سلام", BaseDir::RTL);
    CHECK(u32(v) == U"\uFEE1\uFEFC\uFEB3\n\uFEE1\uFEFC\uFEB3");
    for (const char* sep : {"\n", "\r", "\r\n", "\u2029", "\u0085", "\x1D"}) {
        const auto lines = wrap_visual(std::string("abc") + sep + "def", BaseDir::LTR, 100, glyphs);
        REQUIRE(lines.size() == 2);
        CHECK(lines[0] == "abc");
        CHECK(lines[1] == "def");
    }
    // CR LF is one break, not two.
    CHECK(wrap_visual("a\r\n\r\nb", BaseDir::LTR, 100, glyphs).size() == 3);
    // With Auto, each paragraph finds its own direction, as in to_visual.
    const auto mixed = wrap_visual("abc \u0645\u0646\u2029\u0633\u0644\u0627\u0645 abc", BaseDir::Auto, 100, glyphs);
    REQUIRE(mixed.size() == 2);
    CHECK(mixed[0] + "\n" + mixed[1] == to_visual("abc \u0645\u0646\u2029\u0633\u0644\u0627\u0645 abc", BaseDir::Auto));
}

// Found by the text fuzz target: C0 A0 (an overlong space) inside a word decoded as a space, so a
// "word" wider than the line held a space. Overlong forms are U+FFFD now; words split as drawn.
TEST_CASE("bidi: a line wider than the limit is always a single word, whatever the bytes") {
    const std::string text = "\u062F\u0627\u0631\x01\x00``\x0C" "d\xC0\xA0\u061D \xD9 \xDB\x85\xAF";
    for (const std::string& line : wrap_visual(text, BaseDir::RTL, 1, glyphs)) {
        if (glyphs(line) > 1) CHECK(line.find(' ') == std::string::npos);
    }
}

TEST_CASE("bidi: a USSD code drawn as a value (left to right) keeps its order") {
    CHECK(to_visual("*4*420*99#", BaseDir::LTR) == "*4*420*99#");
    TextCache cache;
    CHECK(cache.visual("*4*420*99#", BaseDir::LTR) == "*4*420*99#");
}
