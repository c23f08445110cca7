// countdown_ring.h — the code-entry countdown drawn as a ring by the shaders in shaders/
// (countdown_ring.vert/.frag, embedded at build time), inside ImGui's draw list.
#pragma once
#include <imgui.h>

namespace bk::client {

class CountdownRing {
public:
    bool init();      // compiles the program; false (and the ring falls back to a bar) if it fails
    // Reserves a square of `size` pixels at the cursor and draws the ring there this frame.
    void draw(float size, float fraction_left, ImU32 left_color, ImU32 track_color);

private:
    static void callback(const ImDrawList* list, const ImDrawCmd* cmd);

    struct DrawData {
        CountdownRing* self;
        float x, y, w, h;
        float fraction;
        ImVec4 left, track;
    };
    unsigned program_ = 0;
    unsigned vao_ = 0;
    int u_viewport_ = -1, u_rect_ = -1, u_fraction_ = -1, u_thickness_ = -1, u_pixel_ = -1, u_left_ = -1, u_track_ = -1;
    DrawData data_{};
};

} // namespace bk::client
