#include "core/messages.h"

namespace bk {

// Codes: "ui.*" for screen text, bare snake_case for API error codes (the same string the API
// puts in error.code), "reason.*" for not-eligible reasons, "insurance.*", "relation.*", "outcome.*".
static const Message kMessages[] = {
    // ---- screen 1: landing (verbatim from the guide) ----
    {"ui.org_name", "سازمان تامین اجتماعی", "Social Security Organization", true},
    {"ui.app_title", "سامانه استعلام برخورداری از حمایت های درمانی سازمان تامین اجتماعی",
     "Social Security Organization medical coverage eligibility inquiry", true},
    {"ui.open_notice",
     "توجه : در روزهای آغازین طرح به جهت جلوگیری از پیچیدگی های اجرایی، امکان استعلام به شکل نامحدود برقرار گردیده است. این سرویس در آینده نزدیک به نسخه کاملتر ارتقا پیدا خواهد کرد.",
     "Note: in the first days of the scheme inquiries are unlimited, to avoid operational complexity. The service will soon be upgraded to a fuller version.", true},
    {"ui.upgrade_service", "ارتقای سرویس", "Upgrade service", true},
    {"ui.upgrade_help", "راهنمای ارتقای سرویس", "Upgrade guide", true},
    {"ui.usage_title", "راهنمای استفاده", "How to use", true},
    // The guide's own words for the one delete button (its inquiry page; the landing page's
    // first version named it «حذف سوابق استعلام»): one name on every screen.
    {"ui.usage_history",
     "کدهای ملی استعلام شده، به ترتیب درخواست، تا زمان کلیک بر روی دکمه \"حذف سابقه استعلامات\" بر روی صفحه باقی خواهد ماند.",
     "Inquired national IDs stay on the page, in request order, until \"delete inquiry history\" is clicked.", true},
    {"ui.usage_outpatient", "این استعلام صرفا خدمات <غیر بستری> سازمان تامین اجتماعی را شامل می شود.",
     "This inquiry covers only the organization's <outpatient> services.", true},
    {"ui.national_id", "کد ملی *", "National ID *", true},
    {"ui.national_id_plain", "کد ملی", "National ID", true},
    {"ui.inquire", "استعلام", "Inquire", true},

    // ---- screen 2: credit code request ----
    {"ui.need_code", "قبل از انجام استعلام نیاز است یک کد اعتباری دریافت نمایید.",
     "You need a credit code before making an inquiry.", true},
    {"ui.method_sms",
     "روش اول: شماره همراه خود را وارد کرده و روی دکمه «دریافت کد اعتباری» کلیک کنید. کد اعتباری پیامک می شود؛ آن را در قسمت «کد اعتباری» وارد کنید.",
     "Method 1: type your mobile number and click \"Get credit code\". The code arrives by SMS; type it in the \"Credit code\" field.", true},
    {"ui.method_ussd",
     "روش دوم: کد {ussd} را با گوشی همراه شماره گیری کنید تا کد اعتباری نمایش داده شود. سپس همان شماره همراه را اینجا وارد کرده، روی دکمه «دارای کد اعتباری می باشم» کلیک کنید و کد را وارد نمایید.",
     "Method 2: dial {ussd} on your phone to see a credit code. Then type the same mobile number here, click \"I already have a credit code\" and type the code.", true},
    {"ui.ussd_code", "کد دستوری", "USSD code", true},
    {"ui.still_valid",
     "در صورتی که کد اعتباری قبلی شما هنوز معتبر است، روی دکمه «دارای کد اعتباری می باشم» کلیک کنید (وارد کردن شماره همراه الزامی است).",
     "If an earlier code is still valid, click \"I already have a credit code\" (the mobile number is required).", true},
    {"ui.mobile", "شماره همراه *", "Mobile number *", true},
    {"ui.get_code", "دریافت کد اعتباری", "Get credit code", true},
    {"ui.have_code", "دارای کد اعتباری می باشم", "I already have a credit code", true},
    {"ui.no_sms_restart", "در صورتی که در مدت زمان باقیمانده پیامکی دریافت نکردید فرایند را از ابتدا شروع کنید.",
     "If no SMS arrives within the remaining time, start the process over.", true},

    // ---- screen 3: code entry ----
    {"ui.code", "کد اعتباری", "Credit code", true},
    {"ui.validate", "اعتبار سنجی و تایید", "Validate and confirm", true},
    {"ui.sms_validity", "توجه داشته باشید زمان اعتبار پیامک دریافتی، ۳ دقیقه میباشد.",
     "Note that the SMS code is valid for 3 minutes.", true},
    {"ui.time_left", "زمان باقیمانده", "Time left", true},
    {"ui.resend_in", "ارسال مجدد پس از", "Resend available in", true},
    {"ui.start_over", "شروع مجدد", "Start over", true},
    {"ui.code_timed_out", "زمان اعتبار کد به پایان رسید. فرایند را از ابتدا شروع کنید.",
     "The code's time ran out. Start the process over.", true},

    // ---- screen 4: inquiry ----
    {"ui.mobile_plain", "شماره همراه", "Mobile", true},
    {"ui.credit_left", "میزان اعتبار", "Remaining credit", true},
    {"ui.get_code_again", "دریافت مجدد کد اعتباری", "Get a credit code again", true},
    {"ui.session_live", "کد اعتباری فعلی شما هنوز معتبر است و می توانید استعلام را ادامه دهید.", "Your current credit code is still valid: you can go on with inquiries.", true},
    {"ui.resume", "ادامه استعلام", "Go on with inquiries", true},
    {"ui.delete_history", "حذف سابقه استعلامات", "Delete inquiry history", true},
    {"ui.about_id", "درباره کد ملی", "About this national ID", true},
    {"ui.history", "سوابق استعلام", "Inquiry history", true},
    {"ui.copy", "کپی", "Copy", true},
    {"ui.copied", "کد پیگیری کپی شد.", "The tracking code was copied.", true},
    {"ui.copied_short", "کپی شد", "Copied", true},
    {"ui.copied_of", "کد پیگیری کد ملی {id} کپی شد", "The tracking code for national ID {id} was copied", true},
    {"ui.copy_of", "کپی کد پیگیری کد ملی {id}", "Copy the tracking code for national ID {id}", true},
    {"ui.print_of", "چاپ رسید کد ملی {id}", "Print the receipt for national ID {id}", true},
    {"ui.about_of", "درباره کد ملی {id}", "About national ID {id}", true},
    {"ui.retry_of", "تلاش مجدد برای کد ملی {id}", "Retry national ID {id}", true},
    {"ui.correct", "اصلاح", "Correct", true},
    {"ui.correct_of", "اصلاح کد ملی {id}", "Correct national ID {id}", true},
    {"ui.confirm_delete", "همه سوابق استعلام این صفحه حذف شود؟", "Delete every inquiry record on this page?", true},
    {"ui.confirm_delete_yes", "بله، حذف شود", "Yes, delete", true},
    {"ui.cancel", "انصراف", "Cancel", true},
    {"ui.history_deleted", "سابقه استعلامات حذف شد.", "The inquiry history was deleted.", true},
    {"ui.code_expiring", "۳۰ ثانیه تا پایان اعتبار کد باقی مانده است.", "30 seconds are left before the code expires.", true},
    {"ui.print", "چاپ", "Print", true},
    {"ui.print_history", "چاپ سوابق", "Print the history", true},
    {"ui.receipt", "رسید", "receipt", true},
    {"ui.receipt_title", "رسید استعلام برخورداری از حمایت های درمانی", "Receipt of a medical-coverage eligibility inquiry", true},
    {"ui.receipt_loading", "در حال دریافت رسید…", "Fetching the receipt…", true},
    {"receipt_not_found", "رسیدی با این کد پیگیری یافت نشد.", "No receipt has this tracking code.", true},
    {"ui.back", "بازگشت", "Back", true},
    {"ui.checked_time", "ساعت استعلام", "Time of the check", true},
    {"ui.rejected", "نامعتبر؛ استعلام نشد", "Invalid; not inquired", true},
    {"ui.attempts_left", "{n} بار دیگر می توانید کد را وارد کنید.", "{n} more tries before the lock.", true},
    {"ui.retrying_in", "تلاش دوباره تا {time}", "Trying again in {time}", true},
    {"ui.wait_left", "زمان باقی مانده: {time}", "Time left: {time}", true},
    {"service_unreachable", "ارتباط با سامانه برقرار نشد.", "Could not reach the service.", true},
    {"answer_lost", "پاسخ این استعلام دریافت نشد؛ دوباره تلاش کنید.", "The answer did not arrive; try again.", true},
    {"ui.tracking_code", "کد پیگیری", "Tracking code", true},
    {"ui.checked_at", "تاریخ استعلام", "Checked on", true},
    {"ui.valid_until", "اعتبار تا تاریخ", "Valid until", true},
    {"ui.insurance_type", "نوع بیمه", "Insurance type", true},
    {"ui.relation", "نسبت با بیمه شده اصلی", "Relation to the main insured", true},
    {"ui.reason", "علت", "Reason", true},
    {"ui.outcome", "وضعیت برخورداری", "Entitlement", true},
    {"ui.coverage", "نوع خدمات", "Services", true},
    {"ui.phone_title", "گوشی همراه (نمایشی)", "Phone (demo)", true},
    {"ui.phone_empty", "هنوز پیامکی نرسیده است.", "No SMS yet.", true},
    {"ui.phone_dial", "شماره گیری {ussd}", "Dial {ussd}", true},
    {"ui.samples_title", "کدهای ملی نمونه برای آزمایش", "Sample national IDs to try", true},
    {"ui.sample_eligible", "بیمه شده اصلی دارای برخورداری", "Entitled main insured", true},
    {"ui.sample_dependant", "فرزند تحت تکفل", "Dependent child", true},
    {"ui.sample_pensioner", "مستمری بگیر", "Pensioner", true},
    {"ui.sample_lapsed", "بیمه منقضی", "Lapsed policy", true},
    {"ui.sample_revoked", "برخورداری لغو شده", "Revoked", true},
    {"ui.use_sample", "درج", "Use", true},
    {"ui.coverage_outpatient", "خدمات غیر بستری", "Outpatient services", true},
    {"ui.unlimited", "نامحدود", "Unlimited", true},
    {"ui.retry", "تلاش مجدد", "Retry", true},
    {"ui.busy", "در حال ارسال درخواست…", "Sending…", true},
    {"ui.pending", "در انتظار پاسخ", "Waiting for the answer", true},
    {"ui.entitled_sentence", "در تاریخ {date} مجوز برخورداری از حمایت های درمانی تأمین اجتماعی را دارا می باشید",
     "On {date} you are entitled to the Social Security Organization's medical support", true},
    {"ui.not_entitled_sentence", "در تاریخ {date} مجوز برخورداری از حمایت های درمانی تأمین اجتماعی را دارا نمی باشید",
     "On {date} you are not entitled to the Social Security Organization's medical support", true},
    {"ui.demo_banner", "نسخه نمایشی: اطلاعات این صفحه ساختگی است و به هیچ سروری ارسال نمی شود.",
     "Demo: the data on this page is synthetic and nothing is sent to any server.", true},
    {"ui.code_sent", "کد اعتباری به شماره همراه شما پیامک شد.", "The credit code was sent to your mobile by SMS.", true},

    // ---- outcomes, insurance types, relations ----
    {"outcome.eligible", "دارای برخورداری", "Entitled", true},
    {"outcome.not_eligible", "فاقد برخورداری", "Not entitled", true},
    {"outcome.undetermined", "نامشخص", "Undetermined", true},
    {"insurance.employee", "کارگری (اجباری)", "Employee (mandatory)", true},
    {"insurance.self_employed", "صاحبان حرف و مشاغل آزاد", "Self-employed", true},
    {"insurance.optional", "اختیاری", "Optional", true},
    {"insurance.pensioner", "مستمری بگیر", "Pensioner", true},
    {"relation.main", "بیمه شده اصلی", "Main insured", true},
    {"relation.spouse", "همسر", "Spouse", true},
    {"relation.daughter", "فرزند (دختر)", "Daughter", true},
    {"relation.son", "فرزند (پسر)", "Son", true},
    {"relation.father", "پدر", "Father", true},
    {"relation.mother", "مادر", "Mother", true},

    // ---- not-eligible reasons ----
    // What every not-covered answer says (the others only decode receipts recorded before).
    {"reason.not_covered", "پوشش بیمه ای فعال نیست.", "No active insurance coverage.", true},
    {"reason.no_coverage", "برای این کد ملی در تاریخ استعلام پوشش درمانی معتبری ثبت نشده است.",
     "No valid medical coverage is recorded for this national ID on the inquiry date.", true},
    {"reason.revoked", "برخورداری این بیمه شده لغو شده است.", "This insured person's entitlement has been revoked.", true},
    {"reason.main_not_eligible", "بیمه شده اصلی در تاریخ استعلام فاقد برخورداری است.",
     "The main insured is not entitled on the inquiry date.", true},
    {"reason.son_age", "فرزند پسر پس از ۱۹ سالگی (یا ۲۵ سالگی در صورت تحصیل) تحت پوشش نیست.",
     "A son is covered until 19 (25 while studying, without limit if disabled).", true},
    {"reason.daughter_status", "فرزند دختر در صورت ازدواج یا اشتغال تحت پوشش نیست.",
     "A daughter is covered while unmarried and not employed.", true},
    {"reason.father_age", "پدر بیمه شده از ۶۰ سالگی تحت پوشش قرار می گیرد.", "A father is covered from 60.", true},
    {"reason.mother_age", "مادر بیمه شده از ۵۵ سالگی تحت پوشش قرار می گیرد.", "A mother is covered from 55.", true},

    // ---- validation errors (422) ----
    {"national_id_required", "کد ملی را وارد کنید.", "Enter the national ID.", true},
    {"national_id_not_digits", "کد ملی فقط باید شامل رقم باشد.", "The national ID may contain digits only.", true},
    {"national_id_too_short", "کد ملی باید ۱۰ رقم باشد.", "The national ID must have 10 digits.", true},
    {"national_id_too_long", "کد ملی بیش از ۱۰ رقم است.", "The national ID has more than 10 digits.", true},
    {"national_id_repeated", "کد ملی نامعتبر است: همه ارقام یکسان است.", "Invalid national ID: all digits are the same.", true},
    {"national_id_zero_middle", "کد ملی نامعتبر است.", "Invalid national ID.", true},
    {"national_id_checksum", "کد ملی نامعتبر است: رقم کنترل درست نیست.", "Invalid national ID: the check digit is wrong.", true},
    {"mobile_required", "شماره همراه را وارد کنید.", "Enter the mobile number.", true},
    {"mobile_not_digits", "شماره همراه فقط باید شامل رقم باشد.", "The mobile number may contain digits only.", true},
    {"mobile_bad_length", "شماره همراه باید ۱۱ رقم باشد و با ۰۹ شروع شود.", "The mobile number must have 11 digits and start with 09.", true},
    {"mobile_not_mobile", "این شماره، شماره همراه ایران نیست.", "This is not an Iranian mobile number.", true},
    {"mobile_unknown_prefix", "پیش شماره همراه متعلق به هیچ اپراتوری نیست.", "The mobile prefix belongs to no operator.", true},
    {"code_required", "کد اعتباری را وارد کنید.", "Enter the credit code.", true},
    {"code_format", "کد اعتباری باید ۶ رقم باشد.", "The credit code must have 6 digits.", true},

    // ---- API errors ----
    {"invalid_national_id", "کد ملی نامعتبر است.", "Invalid national ID.", true},
    {"invalid_mobile", "شماره همراه نامعتبر است.", "Invalid mobile number.", true},
    {"service_unavailable", "سرویس موقتاً در دسترس نیست. کمی بعد دوباره تلاش کنید.", "The service is temporarily unavailable. Try again shortly.", true},
    {"invalid_code", "کد اعتباری نادرست است.", "The credit code is not correct.", true},
    {"code_expired", "زمان اعتبار کد به پایان رسیده است. فرایند را از ابتدا شروع کنید.",
     "The code has expired. Start the process over.", true},
    {"code_locked", "به دلیل ورود مکرر کد نادرست، این شماره همراه موقتاً مسدود شده است.",
     "Too many wrong codes: this mobile number is locked for a while.", true},
    {"credit_exhausted", "اعتبار کد شما به پایان رسیده است. کد اعتباری جدید دریافت کنید.",
     "Your credit is used up. Get a new credit code.", true},
    {"session_required", "ابتدا کد اعتباری دریافت کنید.", "Get a credit code first.", true},
    {"session_expired", "نشست شما منقضی شده است. دوباره کد اعتباری دریافت کنید.", "Your session has expired. Get a credit code again.", true},
    {"resend_cooldown", "برای دریافت کد جدید کمی صبر کنید.", "Wait a little before asking for another code.", true},
    {"mobile_hourly_cap", "سقف دریافت کد برای این شماره در این ساعت پر شده است.", "This number has reached its hourly code limit.", true},
    {"mobile_daily_cap", "سقف دریافت کد برای این شماره در امروز پر شده است.", "This number has reached its daily code limit.", true},
    {"ip_cap", "تعداد درخواست ها از این نشانی بیش از حد مجاز است.", "Too many requests from this address.", true},
    {"rate_limited", "تعداد درخواست ها بیش از حد مجاز است. کمی بعد تلاش کنید.", "Too many requests. Try again later.", true},
    {"sms_budget", "ارسال پیامک در حال حاضر ممکن نیست. کمی بعد دوباره تلاش کنید یا از روش کد دستوری استفاده کنید.",
     "SMS cannot be sent right now. Try again later, or use the USSD code.", true},
    {"internal_error", "خطای داخلی سرور. دوباره تلاش کنید.", "Internal server error. Try again.", true},
    {"registry_unavailable", "پاسخ استعلام در حال حاضر مشخص نیست؛ اعتباری کسر نشد. دوباره تلاش کنید.",
     "The answer cannot be determined right now; no credit was spent. Try again.", true},
    {"sms_failed", "ارسال پیامک انجام نشد. کمی بعد دوباره تلاش کنید.", "The SMS could not be sent. Try again later.", true},
    {"network_error", "ارتباط با سرور برقرار نشد.", "Could not reach the server.", true},
    {"server_error", "خطای سرور؛ پاسخ مشخص نیست.", "Server error; the answer is undetermined.", true},
    {"bad_json", "درخواست نامعتبر است.", "The request is not valid JSON.", true},
    {"bad_request", "درخواست نامعتبر است.", "Bad request.", true},
    {"missing_field", "یک فیلد لازم ارسال نشده است.", "A required field is missing.", true},
    {"wrong_type", "نوع یک فیلد نادرست است.", "A field has the wrong type.", true},
    {"unknown_field", "فیلد ناشناخته در درخواست.", "Unknown field in the request.", true},
    {"field_too_long", "مقدار یک فیلد بیش از حد طولانی است.", "A field is too long.", true},
    {"body_too_large", "حجم درخواست بیش از حد مجاز است.", "The request body is too large.", true},
    {"unsupported_media_type", "نوع محتوای درخواست باید JSON باشد.", "The request body must be JSON.", true},
    {"not_found", "یافت نشد.", "Not found.", true},
    {"method_not_allowed", "این روش درخواست پشتیبانی نمی شود.", "Method not allowed.", true},
    {"unauthorized", "دسترسی مجاز نیست.", "Unauthorized.", true},
};

static const Message kUnknown = {"request_failed", "درخواست انجام نشد.", "The request failed.", false};

const Message& message(std::string_view code) {
    for (const Message& m : kMessages)
        if (code == m.code) return m;
    return kUnknown;
}

std::string substitute(std::string text, std::string_view key, std::string_view value) {
    const std::string token = "{" + std::string(key) + "}";
    for (size_t pos = text.find(token); pos != std::string::npos; pos = text.find(token, pos + value.size()))
        text.replace(pos, token.size(), value);
    return text;
}

size_t message_count() { return sizeof(kMessages) / sizeof(kMessages[0]); }
const Message& message_at(size_t i) { return kMessages[i]; }

} // namespace bk
