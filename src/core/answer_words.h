// answer_words.h — an answer in a language's words, the same for the page, its printed
// receipts and the FHIR interface: the outcome («دارای برخورداری» / "Eligible") and the
// organisation's sentence ("On {date} you are (not) eligible …", the date as the language
// shows dates).
#pragma once
#include <string>

#include "core/api.h"
#include "core/locale.h"

namespace bk {

std::string outcome_text(const Locale& loc, api::Outcome o);
std::string answer_sentence(const Locale& loc, const api::InquiryAnswer& a);

} // namespace bk
