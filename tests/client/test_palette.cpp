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

