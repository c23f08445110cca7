#include <doctest/doctest.h>

#include "client/sentences.h"

using namespace bk;
using namespace bk::client;

namespace {

const Locale& fa() { return Locale::get("fa"); }
const Locale& en() { return Locale::get("en"); }

InquiryEntry answered(api::Outcome o, const char* reason, int remaining) {
    InquiryEntry e;
    e.nationalId = "0499370899";
    e.state = EntryState::Answered;
    e.answer.nationalId = e.nationalId;
    e.answer.outcome = o;
    e.answer.reasonCode = reason;
    e.answer.trackingCode = "K7Q2-M9XD-4HPT";
    e.answer.checkedAtJalali = "1405/09/13";
    e.answer.remaining = remaining;
    return e;
}

} // namespace

TEST_CASE("sentences: an answered row, read out in each language") {
    const InquiryEntry yes = answered(api::Outcome::Eligible, "", 19);
    CHECK(say_row(fa(), yes) == "کد ملی ۰۴۹۹۳۷۰۸۹۹: دارای برخورداری. کد پیگیری: K7Q2-M9XD-4HPT. میزان اعتبار: ۱۹");
    CHECK(say_row(en(), yes) == "National ID 0499370899: Eligible. Tracking code: K7Q2-M9XD-4HPT. Remaining credit: 19");
    // Open inquiry: no credit to speak of.
    const InquiryEntry open = answered(api::Outcome::Eligible, "", -1);
    CHECK(say_row(en(), open) == "National ID 0499370899: Eligible. Tracking code: K7Q2-M9XD-4HPT");
    // Not eligible: the reason, without its own full stop, inside the sentence.
    const InquiryEntry no = answered(api::Outcome::NotEligible, "reason.not_covered", -1);
    CHECK(say_row(fa(), no) == "کد ملی ۰۴۹۹۳۷۰۸۹۹: فاقد برخورداری. علت: پوشش بیمه ای فعال نیست. کد پیگیری: K7Q2-M9XD-4HPT");
    CHECK(say_row(en(), no) == "National ID 0499370899: Not eligible. Reason: No active insurance coverage. Tracking code: K7Q2-M9XD-4HPT");
    const InquiryEntry no_credit = answered(api::Outcome::NotEligible, "reason.not_covered", 3);
    CHECK(say_row(en(), no_credit) ==
          "National ID 0499370899: Not eligible. Reason: No active insurance coverage. Tracking code: K7Q2-M9XD-4HPT. Remaining credit: 3");
}

TEST_CASE("sentences: rejected, undetermined and pending rows") {
    InquiryEntry e;
    e.nationalId = "0499370898";
    e.state = EntryState::Rejected;
    e.errorCode = "national_id_checksum";
    CHECK(say_row(fa(), e) == "کد ملی ۰۴۹۹۳۷۰۸۹۸: نامعتبر؛ استعلام نشد. کد ملی نامعتبر است: رقم کنترل درست نیست.");
    CHECK(say_row(en(), e) == "National ID 0499370898: invalid; not inquired. Invalid national ID: the check digit is wrong.");
    e.state = EntryState::Undetermined;
    e.errorCode = "network_error";
    CHECK(say_row(en(), e) == "National ID 0499370898: undetermined. Could not reach the server.");
    e.state = EntryState::Pending;
    CHECK(say_row(en(), e).empty());
    CHECK(outcome_text(en(), e) == "Waiting for the answer");
    CHECK(outcome_text(fa(), e) == "در انتظار پاسخ");
}

TEST_CASE("sentences: field errors, with the tries left after a wrong code") {
    CHECK(say_field_error(fa(), "ui.mobile_plain", "mobile_unknown_prefix", -1) == "شماره همراه: پیش شماره همراه متعلق به هیچ اپراتوری نیست.");
    CHECK(say_field_error(en(), "ui.mobile_plain", "mobile_unknown_prefix", -1) == "Mobile number: The mobile prefix belongs to no operator.");
    CHECK(say_field_error(fa(), "ui.code", "invalid_code", 2) == "کد اعتباری: کد اعتباری نادرست است. ۲ بار دیگر می توانید کد را وارد کنید.");
    CHECK(say_field_error(en(), "ui.code", "invalid_code", 2) == "Credit code: The credit code is not correct. Tries left before the lock: 2.");
}

TEST_CASE("sentences: the organisation's sentence carries the date as each language shows it") {
    const InquiryEntry yes = answered(api::Outcome::Eligible, "", 19);
    CHECK(answer_sentence(fa(), yes.answer) == "در تاریخ ۱۴۰۵/۰۹/۱۳ مجوز برخورداری از حمایت های درمانی تأمین اجتماعی را دارا می باشید");
    CHECK(answer_sentence(en(), yes.answer) ==
          "On 4 December 2026 (13 Azar 1405) you are eligible for the Social Security Organization's medical support");
}

TEST_CASE("sentences: a receipt shown again") {
    ReceiptView r;
    r.loading = true;
    CHECK(say_receipt(en(), r).empty());
    r.loading = false;
    r.errorCode = "receipt_not_found";
    CHECK(say_receipt(en(), r) == "No receipt has this tracking code.");
    r.found = true;
    r.answer = answered(api::Outcome::Eligible, "", -1).answer;
    CHECK(say_receipt(fa(), r) == "کد ملی ۰۴۹۹۳۷۰۸۹۹: دارای برخورداری. کد پیگیری: K7Q2-M9XD-4HPT");
    CHECK(say_receipt(en(), r) == "National ID 0499370899: Eligible. Tracking code: K7Q2-M9XD-4HPT");
}
