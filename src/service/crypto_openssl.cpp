// The native build's platform crypto: OpenSSL's RAND_bytes and HMAC.
#include <cstdlib>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "service/crypto.h"

namespace bk {

namespace {

class OpenSslCrypto final : public Crypto {
public:
    void random_bytes(uint8_t* out, size_t len) override {
        if (RAND_bytes(out, static_cast<int>(len)) != 1) std::abort();
    }
    Digest hmac_sha256(std::string_view key, std::string_view message) override {
        Digest d{};
        unsigned int n = 0;
        HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
             reinterpret_cast<const unsigned char*>(message.data()), message.size(), d.data(), &n);
        return d;
    }
};

} // namespace

std::unique_ptr<Crypto> make_system_crypto() { return std::make_unique<OpenSslCrypto>(); }

} // namespace bk
