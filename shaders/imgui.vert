#version 300 es
// Dear ImGui's triangles: positions in framebuffer pixels (top-left origin), a texture
// coordinate into the font atlas, and a colour per vertex.
precision highp float;

uniform vec2 u_viewport;  // framebuffer size in pixels

layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec2 a_uv;
layout(location = 2) in vec4 a_color;

out vec2 v_uv;
out vec4 v_color;

void main() {
    v_uv = a_uv;
    v_color = a_color;
    gl_Position = vec4(a_pos.x / u_viewport.x * 2.0 - 1.0, 1.0 - a_pos.y / u_viewport.y * 2.0, 0.0, 1.0);
}
