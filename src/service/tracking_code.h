// tracking_code.h — «کد پیگیری»: 80 random bits as 16 Crockford base32 characters, shown in
// groups of four (7K3M-9QXR-A2F0-HZ5T). No I, L, O or U, so it reads aloud and types cleanly;
// parsing forgives case, dashes, spaces, Persian digits and the look-alikes I/L→1, O→0.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "service/crypto.h"

namespace bk {

constexpr int kTrackingCodeChars = 16; // 16 × 5 bits = 80 bits of entropy

std::string new_tracking_code(Crypto& crypto);                          // canonical: 16 chars, no dashes
std::string format_tracking_code(std::string_view canonical);           // XXXX-XXXX-XXXX-XXXX
std::optional<std::string> parse_tracking_code(std::string_view typed); // canonical, or nothing

} // namespace bk
