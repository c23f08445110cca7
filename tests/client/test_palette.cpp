// Every text colour the client draws, on every background it is drawn on, meets WCAG AA.
#include <doctest/doctest.h>

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


TEST_CASE("palette: buttons keep 4.5:1 hovered and pressed, and so does a hovered disclosure") {
    for (const palette::Rgb c : palette::kButtonColors) {
        CAPTURE(int(c.r)); CAPTURE(int(c.g)); CAPTURE(int(c.b));
        CHECK(palette::contrast(palette::kWhite, c) >= 4.5);
        CHECK(palette::contrast(palette::kWhite, palette::shade(c, palette::kHoverShade)) >= 4.5);
        CHECK(palette::contrast(palette::kWhite, palette::shade(c, palette::kPressShade)) >= 4.5);
    }
    for (const palette::Rgb bg : palette::kDisclosureBackgrounds) {
        const palette::Rgb tint = palette::over(palette::kBlue, palette::kHoverTintAlpha, bg);
        CHECK(palette::contrast(palette::kDisclosureHover, tint) >= 4.5);
        CHECK(palette::contrast(palette::kBlue, bg) >= 4.5);
    }
    // Lighter for near-black, darker otherwise.
    CHECK(palette::shade(palette::kGreen, 0.5f).g < palette::kGreen.g);
    CHECK(palette::shade(palette::kBlack, 0.5f).r > palette::kBlack.r);
}
