// The client's semantic description and the patch the DOM mirror gets from it: only what
// changed, in reading order, with focus, announcements and the content height.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "client/semantics.h"

using namespace bk::client;
using nlohmann::json;

namespace {

SemNode button(const char* id, const char* name, Rect r = {10, 20, 100, 44}) {
    return SemNode{.id = id, .role = Role::Button, .name = name, .rect = r};
}

json frame(Semantics& s, const std::vector<SemNode>& nodes) {
    s.begin_frame();
    for (const SemNode& n : nodes) s.add(n);
    const std::string patch = s.end_frame();
    return patch.empty() ? json() : json::parse(patch);
}

} // namespace

TEST_CASE("semantics: the first frame sends every node in reading order; an unchanged frame sends nothing") {
    Semantics s;
    s.set_content_height(900);
    json p = frame(s, {button("upgrade", "ارتقای سرویس"), button("help", "راهنمای ارتقای سرویس")});
    REQUIRE(p["n"].size() == 2);
    CHECK(p["n"][0]["i"] == "upgrade");
    CHECK(p["n"][0]["r"] == "button");
    CHECK(p["n"][0]["n"] == "ارتقای سرویس");
    CHECK(p["n"][0]["y"] == 20);
    CHECK(p["o"][""] == json::array({"upgrade", "help"}));
    CHECK(p["h"] == 900);

    CHECK(frame(s, {button("upgrade", "ارتقای سرویس"), button("help", "راهنمای ارتقای سرویس")}).is_null());
}

TEST_CASE("semantics: a changed value, a removed node and a new order are all that is sent") {
    Semantics s;
    SemNode field{.id = "national_id", .role = Role::Textbox, .name = "کد ملی", .value = "", .input = InputKind::NationalId, .required = true};
    frame(s, {field, button("inquire", "استعلام"), button("delete", "حذف سابقه استعلامات")});

    field.value = "0499";
    json p = frame(s, {field, button("inquire", "استعلام"), button("delete", "حذف سابقه استعلامات")});
    REQUIRE(p["n"].size() == 1);
    CHECK(p["n"][0]["v"] == "0499");
    CHECK(p["n"][0]["k"] == "nationalId");
    CHECK(p["n"][0]["q"] == true);
    CHECK_FALSE(p.contains("d"));
    CHECK_FALSE(p.contains("o"));

    p = frame(s, {button("delete", "حذف سابقه استعلامات"), field});
    CHECK(p["d"] == json::array({"inquire"}));
    CHECK(p["o"][""] == json::array({"delete", "national_id"}));
    CHECK_FALSE(p.contains("n"));
}

TEST_CASE("semantics: groups nest their children and cover them") {
    Semantics s;
    s.begin_frame();
    s.begin_group(SemNode{.id = "history", .role = Role::List, .name = "سوابق"});
    s.begin_group(SemNode{.id = "row0", .role = Role::ListItem});
    s.add(SemNode{.id = "row0_id", .role = Role::Text, .name = "کد ملی", .value = "0499370899", .rect = {20, 300, 700, 30}});
    s.add(SemNode{.id = "row0_about", .role = Role::Button, .name = "درباره کد ملی", .rect = {600, 340, 120, 44}, .expanded = 0});
    s.end_group();
    s.end_group();
    s.add(button("after", "بعدی", {10, 400, 50, 44}));
    const json p = json::parse(s.end_frame());
    CHECK(p["o"][""] == json::array({"history", "after"}));
    CHECK(p["o"]["history"] == json::array({"row0"}));
    CHECK(p["o"]["row0"] == json::array({"row0_id", "row0_about"}));
    CHECK(p["n"][3]["x2"] == false);
    const SemNode* row = s.find("row0");
    REQUIRE(row);
    CHECK(row->rect == Rect{20, 300, 700, 84});
    CHECK(s.find("row0_about")->parent == "row0");
}

TEST_CASE("semantics: a repeated id gets a suffix instead of breaking the page") {
    Semantics s;
    json p = frame(s, {button("x", "a"), button("x", "b")});
    CHECK(p["o"][""] == json::array({"x", "x~2"}));
}

TEST_CASE("semantics: focus, announcements and scroll go out once") {
    Semantics s;
    s.begin_frame();
    s.add(SemNode{.id = "mobile", .role = Role::Textbox, .name = "شماره همراه"});
    s.focus("mobile");
    s.announce("کد اعتباری به شماره همراه شما پیامک شد.");
    s.scroll_to(420);
    json p = json::parse(s.end_frame());
    CHECK(p["f"]["i"] == "mobile");
    CHECK(p["f"]["strong"] == true);
    CHECK(p["a"] == json::array({"کد اعتباری به شماره همراه شما پیامک شد."}));
    CHECK(p["s"] == 420);
    s.begin_frame();
    s.add(SemNode{.id = "mobile", .role = Role::Textbox, .name = "شماره همراه"});
    CHECK(s.end_frame().empty());
}

TEST_CASE("semantics: activations are taken once, by the widget drawn in the next frame; the rest are dropped") {
    Semantics s;
    s.activate("inquire");
    s.activate("gone");
    s.begin_frame();
    CHECK(s.take_activation("inquire"));
    CHECK_FALSE(s.take_activation("inquire"));
    s.end_frame();
    s.begin_frame();
    CHECK_FALSE(s.take_activation("gone"));
    s.end_frame();
}

TEST_CASE("semantics: after reset_page the whole tree is sent again") {
    Semantics s;
    frame(s, {button("a", "الف")});
    s.reset_page();
    json p = frame(s, {button("a", "الف")});
    REQUIRE(p.contains("n"));
    CHECK(p["n"].size() == 1);
}

TEST_CASE("semantics: the patch is valid JSON whatever the text holds") {
    Semantics s;
    s.begin_frame();
    s.add(SemNode{.id = "q", .role = Role::Text, .name = "«\"quoted\"» \\ back\nslash\t\x01 ۰۱"});
    s.announce("line\nbreak \"x\"");
    const json p = json::parse(s.end_frame());
    CHECK(p["n"][0]["n"] == "«\"quoted\"» \\ back\nslash\t\x01 ۰۱");
    CHECK(p["a"][0] == "line\nbreak \"x\"");
}
