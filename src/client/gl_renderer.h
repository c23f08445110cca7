// gl_renderer.h — draws Dear ImGui's draw data into the page's WebGL2 context with the shaders in
// shaders/imgui.* (embedded at build time). ImGui's own OpenGL3 backend saves and restores about
// 25 pieces of GL state every frame, and in a browser each query is a synchronous round trip to
// the GPU process (milliseconds a frame). The client owns the whole context, so this renderer
// sets the state it needs and queries nothing. Draw callbacks (the countdown ring) are called in
// place; ImDrawCallback_ResetRenderState sets the state again after one.
#pragma once
#include <imgui.h>

namespace bk::client {

class GlRenderer {
public:
    bool init();                    // compiles the program and makes the buffers; false on failure
    void create_font_texture();     // uploads ImGui's font atlas (after the fonts change)
    void destroy_font_texture();
    void render(ImDrawData* data, int framebuffer_w, int framebuffer_h);

private:
    void set_state(int w, int h);

    unsigned program_ = 0, vao_ = 0, vbo_ = 0, ibo_ = 0, font_ = 0;
    int u_viewport_ = -1, u_texture_ = -1;
};

} // namespace bk::client
