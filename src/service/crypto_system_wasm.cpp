// The WASM build's platform crypto: the portable implementation.
#include "service/crypto.h"

namespace bk {

std::unique_ptr<Crypto> make_system_crypto() { return std::make_unique<PortableCrypto>(); }

} // namespace bk
