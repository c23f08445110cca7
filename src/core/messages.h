// messages.h — helpers for the catalog's texts (their lookup is core/locale.h).
#pragma once
#include <string>
#include <string_view>

namespace bk {

// Replaces every "{key}" in text with value ("{ussd}" → "*4*420*99#").
std::string substitute(std::string text, std::string_view key, std::string_view value);

// Wraps text in a left-to-right isolate (LRI … PDI): a USSD code like *4*420*99# keeps its
// order inside a Persian sentence.
inline std::string ltr_isolate(std::string_view s) { return "\u2066" + std::string(s) + "\u2069"; }

} // namespace bk
