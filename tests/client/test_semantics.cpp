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
    SemNode field{.id = "nationalId", .role = Role::Textbox, .name = "کد ملی", .value = "", .input = InputKind::NationalId, .required = true};
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
    CHECK(p["o"][""] == json::array({"delete", "nationalId"}));
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

// A history row that grows (its details opened) used to move every node below it in the patch:
// ~55 KB a frame with 100 rows. Items flow in their list, and their contents are placed inside
// them, so only the row that changed (and the list's height) is sent.
TEST_CASE("semantics: a list item that grows sends itself and its list, not the rows below it") {
    Semantics s;
    auto rows = [&s](float first_height) {
        s.begin_frame();
        s.begin_group(SemNode{.id = "history", .role = Role::List, .name = "سوابق استعلام"});
        float y = 100;
        for (int i = 0; i < 50; ++i) {
            const float h = i == 0 ? first_height : 150;
            const std::string id = "row" + std::to_string(i);
            s.begin_group(SemNode{.id = id, .role = Role::ListItem, .name = id});
            s.add(SemNode{.id = id + "_id", .role = Role::Text, .name = "کد ملی", .rect = {10, y + 10, 680, 40}});
            s.add(SemNode{.id = id + "_about", .role = Role::Button, .name = "درباره کد ملی", .rect = {560, y + h - 50, 130, 44}});
            s.end_group();
            y += h + 8; // the gap between rows
        }
        s.end_group();
        const std::string patch = s.end_frame();
        return patch.empty() ? json() : json::parse(patch);
    };
    json first = rows(150);
    REQUIRE(first["n"].size() == 151);
    CHECK(first["n"][0]["y"] == 110);  // the list: where its first item starts, in the document
    CHECK(first["n"][1]["y"] == 0);    // the first row: no gap above it
    CHECK(first["n"][2]["y"] == 0);    // its text, at the top of the row
    CHECK(first["n"][3]["y"] == 90);   // its button, inside it (the row is the union of its contents: 110…244)
    CHECK(first["n"][4]["y"] == 24);   // the second row: the gap above it (244 → 268)
    CHECK(first["n"][5]["y"] == 0);    // its text, inside it (not at 268)
    json grown = rows(300);
    REQUIRE(grown["n"].size() == 3);   // the list (taller), the first row (taller), its button (lower)
    CHECK(grown["n"][0]["i"] == "history");
    CHECK(grown["n"][1]["i"] == "row0");
    CHECK(grown["n"][2]["i"] == "row0_about");
    // The test hook still gives document rectangles: the row below has moved down.
    bool moved = false;
    for (const SemNode& n : s.nodes())
        if (n.id == "row1_about") moved = n.rect.y == 100 + 300 + 8 + 150 - 50;
    CHECK(moved);
}
