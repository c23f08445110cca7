#include <doctest/doctest.h>

#include <string>

#include "service/crypto.h"
#include "service/sha256.h"

using namespace bk;

TEST_CASE("sha256: FIPS 180-4 example vectors") {
    CHECK(to_hex(sha256("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(to_hex(sha256("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(to_hex(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")) ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(to_hex(sha256(std::string(1000000, 'a'))) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256: incremental updates equal one-shot") {
    const std::string msg = "The quick brown fox jumps over the lazy dog, sixty-four bytes and then some more";
    for (size_t split = 0; split <= msg.size(); ++split) {
        Sha256 s;
        s.update(std::string_view(msg).substr(0, split));
        s.update(std::string_view(msg).substr(split));
        CHECK(s.finish() == sha256(msg));
    }
}

TEST_CASE("hmac-sha256: RFC 4231 test cases") {
    // 1
    CHECK(to_hex(hmac_sha256_portable(std::string(20, '\x0b'), "Hi There")) ==
          "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    // 2
    CHECK(to_hex(hmac_sha256_portable("Jefe", "what do ya want for nothing?")) ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    // 3
    CHECK(to_hex(hmac_sha256_portable(std::string(20, '\xaa'), std::string(50, '\xdd'))) ==
          "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
    // 6: a key longer than the block size
    CHECK(to_hex(hmac_sha256_portable(std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First")) ==
          "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    // 7
    CHECK(to_hex(hmac_sha256_portable(std::string(131, '\xaa'),
                                      "This is a test using a larger than block-size key and a larger than block-size data. "
                                      "The key needs to be hashed before being used by the HMAC algorithm.")) ==
          "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

TEST_CASE("crypto: the platform implementation agrees with the portable HMAC and draws uniformly") {
    auto c = make_system_crypto();
    CHECK(c->hmac_sha256("Jefe", "what do ya want for nothing?") == hmac_sha256_portable("Jefe", "what do ya want for nothing?"));
    uint8_t a[32] = {0}, b[32] = {0};
    c->random_bytes(a, sizeof a);
    c->random_bytes(b, sizeof b);
    CHECK(std::string(reinterpret_cast<char*>(a), 32) != std::string(reinterpret_cast<char*>(b), 32));
    int counts[10] = {0};
    for (int i = 0; i < 10000; ++i) counts[c->uniform(10)]++;
    for (int n : counts) CHECK((n > 800 && n < 1200));
    CHECK(c->uniform(1) == 0);
}
