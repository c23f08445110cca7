// Every text colour the client draws, on every background it is drawn on, meets WCAG AA.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <vector>

#include "client/font_metrics.h"
#include "client/palette.h"

using namespace bk::client;

TEST_CASE("palette: WCAG contrast is computed as the standard defines it") {
    CHECK(palette::contrast({0, 0, 0}, {0xFF, 0xFF, 0xFF}) == doctest::Approx(21.0));
    CHECK(palette::contrast({0x77, 0x77, 0x77}, {0xFF, 0xFF, 0xFF}) == doctest::Approx(4.48).epsilon(0.01));
}

TEST_CASE("palette: every text on its background is at least 4.5:1") {
    for (const palette::Pair& p : palette::kTextPairs) {
        INFO(p.where);
        CHECK(palette::contrast(p.text, p.background) >= 4.5);
    }
}

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
