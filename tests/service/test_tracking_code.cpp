#include <doctest/doctest.h>

#include <set>
#include <string>

#include "service/crypto.h"
#include "service/tracking_code.h"

using namespace bk;

TEST_CASE("tracking code: 16 Crockford characters (80 bits), grouped for reading") {
    auto c = make_system_crypto();
    const std::string code = new_tracking_code(*c);
    CHECK(code.size() == 16);
    CHECK(code.find_first_not_of("0123456789ABCDEFGHJKMNPQRSTVWXYZ") == std::string::npos);
    const std::string shown = format_tracking_code(code);
    CHECK(shown.size() == 19);
    CHECK(shown[4] == '-');
    CHECK(shown[9] == '-');
    CHECK(shown[14] == '-');
    CHECK(parse_tracking_code(shown) == code);
}

TEST_CASE("tracking code: typing is forgiving") {
    CHECK(parse_tracking_code("7k3m-9qxr-a2f0-hz5t") == std::string("7K3M9QXRA2F0HZ5T"));
    CHECK(parse_tracking_code("7K3M 9QXR A2FO HZ5T") == std::string("7K3M9QXRA2F0HZ5T")); // O → 0
    CHECK(parse_tracking_code("IL00-0000-0000-0000") == std::string("1100000000000000"));
    CHECK(parse_tracking_code("۷K3M-9QXR-A2F0-HZ5T") == std::string("7K3M9QXRA2F0HZ5T"));
    CHECK_FALSE(parse_tracking_code("7K3M-9QXR-A2F0"));
    CHECK_FALSE(parse_tracking_code("7K3M-9QXR-A2F0-HZ5U")); // U is not in the alphabet
    CHECK_FALSE(parse_tracking_code("../../etc/passwd"));
}

TEST_CASE("tracking code: unique over 100,000 draws") {
    auto c = make_system_crypto();
    std::set<std::string> seen;
    for (int i = 0; i < 100000; ++i) seen.insert(new_tracking_code(*c));
    CHECK(seen.size() == 100000);
}
