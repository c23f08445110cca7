// server/static_files.h: which coding a request's Accept-Encoding gets.
#include <doctest/doctest.h>

#include "server/static_files.h"

using namespace bk::server;
using C = ContentCoding;

TEST_CASE("content coding: brotli when accepted, gzip otherwise, identity when neither") {
    CHECK(choose_coding("gzip, deflate, br", true, true) == C::Brotli);     // what browsers send
    CHECK(choose_coding("gzip, deflate", true, true) == C::Gzip);
    CHECK(choose_coding("deflate", true, true) == C::Identity);
    CHECK(choose_coding("", true, true) == C::Identity);
    CHECK(choose_coding("identity", true, true) == C::Identity);
}

TEST_CASE("content coding: only what the file has") {
    CHECK(choose_coding("br, gzip", false, true) == C::Gzip);
    CHECK(choose_coding("br", false, true) == C::Identity);
    CHECK(choose_coding("br, gzip", false, false) == C::Identity);
}

TEST_CASE("content coding: weights decide; q=0 refuses; a tie goes to brotli") {
    CHECK(choose_coding("br;q=0, gzip", true, true) == C::Gzip);
    CHECK(choose_coding("br;q=0.5, gzip;q=0.8", true, true) == C::Gzip);
    CHECK(choose_coding("gzip;q=0.5, br;q=0.5", true, true) == C::Brotli);
    CHECK(choose_coding("gzip;q=0, br;q=0", true, true) == C::Identity);
    CHECK(choose_coding("GZIP ; Q=1", true, true) == C::Gzip);                // names and q are case-insensitive
    CHECK(choose_coding("x-gzip", true, true) == C::Gzip);
}

TEST_CASE("content coding: * stands for every coding not named") {
    CHECK(choose_coding("*", true, true) == C::Brotli);
    CHECK(choose_coding("*;q=0, gzip", true, true) == C::Gzip);
    CHECK(choose_coding("br;q=0, *", true, true) == C::Gzip);
}

TEST_CASE("content coding: a malformed weight makes its coding unacceptable, never the request") {
    CHECK(choose_coding("br;q=2, gzip", true, true) == C::Gzip);
    CHECK(choose_coding("br;q=abc, gzip", true, true) == C::Gzip);
    CHECK(choose_coding("br;q=0.12345, gzip", true, true) == C::Gzip);
    CHECK(choose_coding(",,;, br", true, true) == C::Brotli);
}
