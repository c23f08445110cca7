// Secrets (server/config.h): placeholders are refused, every random key of 16+ characters passes.
#include <doctest/doctest.h>

#include <random>
#include <string>

#include "server/config.h"

using namespace bk::server;

namespace {

std::string random_key(std::mt19937_64& rng, const std::string& alphabet, size_t n) {
    std::string out;
    for (size_t i = 0; i < n; ++i) out += alphabet[rng() % alphabet.size()];
    return out;
}

} // namespace

TEST_CASE("secrets: placeholders and patterns are refused, with the reason and without the secret") {
    for (const char* weak : {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "abababababababababababababababab",
                             "0123456789abcdef0123456789abcdef", "1234567812345678", "passwordpassword"}) {
        auto r = check_secret(weak, 16, "KEY");
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().detail.rfind("KEY: the secret is not random enough", 0) == 0);
        CHECK(r.error().detail.find(weak) == std::string::npos);
    }
    auto short_one = check_secret("changeme", 16, "BK_SMS_API_KEY");
    REQUIRE_FALSE(short_one.ok());
    CHECK(short_one.error().detail == "BK_SMS_API_KEY: the secret must have at least 16 characters");
    CHECK(check_secret("f3a9c1e07b2d4f6a8c0e1b3d5f7a9c2e\n", 32, "k").value() == "f3a9c1e07b2d4f6a8c0e1b3d5f7a9c2e");
}

TEST_CASE("secrets: 10,000 random keys of each common kind all pass") {
    std::mt19937_64 rng(1405);
    const std::string hex = "0123456789abcdef";
    const std::string alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    const std::string b64 = alnum + "-_";
    struct Kind { const std::string* alphabet; size_t length, min; };
    for (const Kind k : {Kind{&hex, 64, 32}, Kind{&hex, 20, 16}, Kind{&alnum, 16, 16}, Kind{&alnum, 24, 16}, Kind{&b64, 22, 16}}) {
        int refused = 0;
        for (int i = 0; i < 10000; ++i) refused += !check_secret(random_key(rng, *k.alphabet, k.length), k.min, "k").ok();
        CHECK_MESSAGE(refused == 0, k.length << " characters of a " << k.alphabet->size() << "-letter alphabet");
    }
}
