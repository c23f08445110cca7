// digits.h — digit normalisation for user input and Persian digits for display.
#pragma once
#include <string>
#include <string_view>

namespace bk {

// Persian (U+06F0–06F9) and Arabic-Indic (U+0660–0669) digits → ASCII; drops spaces (incl.
// NBSP), dashes (ASCII, en/em dash, minus sign), ZWNJ/ZWJ, bidi marks and embeddings, BOM.
// Every other character is kept as it is, so validators can still reject it.
std::string normalize_digits(std::string_view input);

// ASCII digits → Persian digits; everything else unchanged.
std::string to_persian_digits(std::string_view ascii);

// True when every byte is an ASCII digit (and there is at least one).
bool all_ascii_digits(std::string_view s);

// Decodes one UTF-8 code point at s[i], advancing i. Invalid bytes — a stray or truncated
// sequence, an overlong form, a surrogate, past U+10FFFF — decode as U+FFFD, one byte at a time.
char32_t next_code_point(std::string_view s, size_t& i);
void append_utf8(std::string& out, char32_t cp);

} // namespace bk
