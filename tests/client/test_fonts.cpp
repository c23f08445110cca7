// The font the client rasterises: sized by its em, with every glyph the UI's text needs.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <vector>

#include "client/font_metrics.h"
#include "client/glyph_ranges.h"
#include "core/digits.h"
#include "core/messages.h"
#include "text/bidi.h"

using namespace bk::client;

TEST_CASE("font metrics: Vazirmatn's line is 1.5625 em, so a 16 px em needs a 25 px ImGui size") {
    std::ifstream in(BK_FONT_PATH, std::ios::binary);
    REQUIRE(in);
    const std::vector<uint8_t> font((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(ttf_line_per_em(font.data(), font.size()) == doctest::Approx(1.5625));
    // Not a font, or cut short: 0, never a read past the end.
    CHECK(ttf_line_per_em(font.data(), 40) == 0);
    const uint8_t junk[] = {1, 2, 3};
    CHECK(ttf_line_per_em(junk, sizeof junk) == 0);
    CHECK(ttf_line_per_em(nullptr, 0) == 0);
}

TEST_CASE("glyph ranges: every UI string, shaped and reordered, needs only glyphs the client rasterises") {
    for (size_t i = 0; i < bk::message_count(); ++i) {
        const bk::Message& m = bk::message_at(i);
        const std::string visual = bk::text::to_visual(m.fa, bk::text::BaseDir::RTL);
        size_t at = 0;
        while (at < visual.size()) {
            const char32_t c = bk::next_code_point(visual, at);
            INFO(m.code << " U+" << std::hex << static_cast<uint32_t>(c));
            CHECK(has_glyph(c));
        }
    }
    // Digits shown in fields and answers, and the disclosure's marker is drawn, not a glyph.
    for (char32_t c : {U'۰', U'۹', U'/', U':', U'-', U'*', U'#'}) CHECK(has_glyph(c));
}
