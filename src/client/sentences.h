// sentences.h — the client's sentences about answers and errors, in the language given: what a
// row, a receipt and a screen reader say. Each is one catalog template with named placeholders
// ("say.answered": "National ID {id}: {outcome}. Tracking code: {tracking}"), so a translator
// orders the words of the whole sentence, and nothing here glues words of one language.
// Pure (no ImGui, no browser): tests/client/test_sentences.cpp checks them in every language.
#pragma once
#include <string>

#include "core/answer_words.h"
#include "core/flow.h"
#include "core/locale.h"

namespace bk::client {

// ---- shown ----
// A row's state in words: «دارای برخورداری», «در انتظار پاسخ», «نامعتبر؛ استعلام نشد», …
// (An answer's own outcome and sentence: core/answer_words.h.)
std::string outcome_text(const Locale& loc, const InquiryEntry& e);

// ---- read out (the live region) ----
// A field's error as it appears: "{field}: {error}", with the tries left after a wrong code
// (attempts_left ≥ 0).
std::string say_field_error(const Locale& loc, const char* field_name_code, const std::string& error_code, int attempts_left);
// A row that has just settled (answered, undetermined or rejected); "" for a pending one.
std::string say_row(const Locale& loc, const InquiryEntry& e);
// A receipt shown again, once it is known: its answer, or why there is none; "" while loading.
std::string say_receipt(const Locale& loc, const ReceiptView& r);

} // namespace bk::client
