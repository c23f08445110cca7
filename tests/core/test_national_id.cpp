#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/national_id.h"

using namespace bk;

TEST_CASE("national ID: known-good IDs are valid") {
    for (const char* id : {"0499370899", "0790419904", "1583250689", "0684159414", "4400276201", "2540201288", "7400076205"}) {
        CAPTURE(id);
        const NationalIdCheck c = check_national_id(id);
        CHECK(c.valid);
        CHECK(c.normalized == id);
        CHECK(c.reason == NationalIdReason::Ok);
    }
}

TEST_CASE("national ID: 7400076205 is valid (no city-prefix whitelist)") {
    CHECK(check_national_id("7400076205").valid);
}

TEST_CASE("national ID: invalid IDs are rejected with the right reason") {
    CHECK(check_national_id("0000000000").reason == NationalIdReason::Repeated);
    CHECK(check_national_id("9999999999").reason == NationalIdReason::Repeated);
    CHECK(check_national_id("1234567890").reason == NationalIdReason::Checksum);
    CHECK(check_national_id("0684159415").reason == NationalIdReason::Checksum);
    CHECK(check_national_id("0010000000").reason == NationalIdReason::ZeroMiddle);
    CHECK(check_national_id("12345").reason == NationalIdReason::TooShort);
    CHECK(check_national_id("12345678901").reason == NationalIdReason::TooLong);
    CHECK(check_national_id("").reason == NationalIdReason::Empty);
    CHECK(check_national_id("   ").reason == NationalIdReason::Empty);
    CHECK(check_national_id("04993708a9").reason == NationalIdReason::NotDigits);
    for (const char* bad : {"0000000000", "9999999999", "1234567890", "0684159415", "0010000000", "12345", "12345678901"})
        CHECK_FALSE(check_national_id(bad).valid);
}

TEST_CASE("national ID: more than 10 digits is an error, never truncated") {
    const NationalIdCheck c = check_national_id("04993708990");
    CHECK_FALSE(c.valid);
    CHECK(c.reason == NationalIdReason::TooLong);
    CHECK(c.normalized == "04993708990");
}

TEST_CASE("national ID: 8 and 9 digits are left-padded with zeros") {
    const NationalIdCheck nine = check_national_id("499370899");
    CHECK(nine.valid);
    CHECK(nine.normalized == "0499370899");
    // 0079... style IDs written without leading zeros
    const NationalIdCheck eight = check_national_id("90419904");
    CHECK(eight.normalized == "0090419904");
    CHECK(eight.valid == (national_id_check_digit("009041990") == 4));
    CHECK(check_national_id("1234567").reason == NationalIdReason::TooShort);
}

TEST_CASE("national ID: Persian and Arabic-Indic digits, spaces and dashes are accepted") {
    CHECK(check_national_id("۰۴۹۹۳۷۰۸۹۹").normalized == "0499370899");
    CHECK(check_national_id("۰۴۹۹۳۷۰۸۹۹").valid);
    CHECK(check_national_id("٠٧٩٠٤١٩٩٠٤").valid);
    CHECK(check_national_id("049-937089-9").valid);
    CHECK(check_national_id(" 0499 370 899 ").valid);
}

TEST_CASE("national ID: the check digit formula") {
    // 049937089: s = 0·10+4·9+9·8+9·7+3·6+7·5+0·4+8·3+9·2 = 266, 266 mod 11 = 2 → 11−2 = 9
    CHECK(national_id_check_digit("049937089") == 9);
    // r < 2 keeps r: 740007620 → s = 7·10+4·9+0+0+0+7·5+6·4+2·3+0 = 171, 171 mod 11 = 6 → 5
    CHECK(national_id_check_digit("740007620") == 5);
    int r0 = 0, r1 = 0;
    for (int n = 100000000; n < 100000200; ++n) {
        const std::string nine = std::to_string(n);
        int s = 0;
        for (int i = 0; i < 9; ++i) s += (nine[i] - '0') * (10 - i);
        if (s % 11 == 0) { ++r0; CHECK(national_id_check_digit(nine) == 0); }
        if (s % 11 == 1) { ++r1; CHECK(national_id_check_digit(nine) == 1); }
    }
    CHECK(r0 > 0);
    CHECK(r1 > 0);
}

TEST_CASE("national ID: every rejection has a reason code") {
    CHECK(std::string(national_id_reason_code(NationalIdReason::Checksum)) == "national_id_checksum");
    CHECK(std::string(national_id_reason_code(NationalIdReason::TooLong)) == "national_id_too_long");
    CHECK(mask_national_id("0499370899") == "049*****99");
}

TEST_CASE("national id: pasted text splits into the IDs it holds") {
    using V = std::vector<std::string>;
    CHECK(split_national_ids("0499370899\n0790419904\r\n1345829841") == V{"0499370899", "0790419904", "1345829841"});
    CHECK(split_national_ids("0499370899, 0790419904;1345829841\t9094239620") == V{"0499370899", "0790419904", "1345829841", "9094239620"});
    CHECK(split_national_ids("۰۴۹۹۳۷۰۸۹۹،۰۷۹۰۴۱۹۹۰۴؛ 1345829841") == V{"۰۴۹۹۳۷۰۸۹۹", "۰۷۹۰۴۱۹۹۰۴", "1345829841"});
    CHECK(split_national_ids("0499370899 0790419904  1345829841") == V{"0499370899", "0790419904", "1345829841"});
    // spaces inside one ID are grouping, not a separator
    CHECK(split_national_ids("049 937 0899") == V{"049 937 0899"});
    CHECK(split_national_ids("049-937-0899\n079 041 9904") == V{"049-937-0899", "079 041 9904"});
    // nothing but separators, and an invalid piece kept as written (it is reported, not dropped)
    CHECK(split_national_ids(" \n ,, ;\n").empty());
    CHECK(split_national_ids("12345\nabc") == V{"12345", "abc"});
    CHECK(split_national_ids("0499370899") == V{"0499370899"});
}

// The allocation-free path (the node module's bulk validation) decides exactly as the full one.
TEST_CASE("national ID: the fast check agrees with the full check") {
    std::vector<std::string> inputs = {"0499370899", "499370899", "49937089", "4993708", "04993708990", "0000000000",
                                       "1111111111", "0010000000", "1234567890", "۰۴۹۹۳۷۰۸۹۹", "049-937-0899", " 0499370899",
                                       "04993708a9", "", "7400076205", "0684159415"};
    uint32_t x = 12345;
    for (int i = 0; i < 20000; ++i) { // random digit strings of 6–11 digits, some valid
        x = x * 1103515245u + 12345u;
        const int len = 6 + static_cast<int>((x >> 16) % 6);
        std::string s;
        for (int k = 0; k < len; ++k) {
            x = x * 1103515245u + 12345u;
            s += static_cast<char>('0' + (x >> 16) % 10);
        }
        if (len == 9) s += static_cast<char>('0' + national_id_check_digit(s));
        inputs.push_back(s);
    }
    for (const std::string& in : inputs) {
        const NationalIdCheck full = check_national_id(in);
        char ten[10];
        const NationalIdReason fast = check_national_id_fast(in, ten);
        CHECK_MESSAGE(fast == full.reason, in);
        if (full.normalized.size() == 10) CHECK(std::string(ten, 10) == full.normalized);
    }
}
