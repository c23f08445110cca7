// messages.h — every UI and API string, Persian and English, in one table keyed by a stable
// code. Persian texts are verbatim from the organization's guide where it has one.
#pragma once
#include <string>
#include <string_view>

namespace bk {

struct Message {
    const char* code;
    const char* fa;
    const char* en;
    bool known; // false for the fallback returned for an unknown code
};

// The entry for `code`; an unknown code gives a generic "request failed" entry with known=false.
const Message& message(std::string_view code);
inline const char* fa(std::string_view code) { return message(code).fa; }
inline const char* en(std::string_view code) { return message(code).en; }

// Replaces every "{key}" in text with value ("{ussd}" → "*4*420*99#").
std::string substitute(std::string text, std::string_view key, std::string_view value);

// Wraps text in a left-to-right isolate (LRI … PDI): a USSD code like *4*420*99# keeps its
// order inside a Persian sentence.
inline std::string ltr_isolate(std::string_view s) { return "\u2066" + std::string(s) + "\u2069"; }

// Number of entries (tests walk the table).
size_t message_count();
const Message& message_at(size_t i);

} // namespace bk
