#version 300 es
// Dear ImGui's triangles: the vertex colour times the atlas texel (white where there is no glyph).
precision mediump float;

uniform sampler2D u_texture;

in vec2 v_uv;
in vec4 v_color;

out vec4 out_color;

void main() {
    out_color = v_color * texture(u_texture, v_uv);
}
