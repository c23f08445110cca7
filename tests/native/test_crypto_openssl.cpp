// Native only: the portable SHA-256/HMAC used by the WASM build, cross-checked against OpenSSL
// over many random keys and messages.
#include <doctest/doctest.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <random>
#include <string>

#include "service/sha256.h"

using namespace bk;

TEST_CASE("sha256/hmac: portable equals OpenSSL on random inputs") {
    std::mt19937_64 rng(7);
    for (int i = 0; i < 500; ++i) {
        std::string key(rng() % 200, '\0'), msg(rng() % 300, '\0');
        for (char& c : key) c = char(rng());
        for (char& c : msg) c = char(rng());
        Digest expect{};
        SHA256(reinterpret_cast<const unsigned char*>(msg.data()), msg.size(), expect.data());
        CHECK(sha256(msg) == expect);
        unsigned int n = 0;
        HMAC(EVP_sha256(), key.data(), int(key.size()), reinterpret_cast<const unsigned char*>(msg.data()), msg.size(),
             expect.data(), &n);
        CHECK(hmac_sha256_portable(key, msg) == expect);
    }
}
