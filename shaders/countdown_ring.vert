#version 300 es
// The countdown ring: one quad covering the widget's rectangle, drawn inside ImGui's draw list
// through a callback. Positions come in pixels (top-left origin) and go out in clip space.
precision highp float;

uniform vec2 u_viewport;  // framebuffer size in pixels
uniform vec4 u_rect;      // x, y, width, height in pixels

out vec2 v_local;         // -1..1 across the rectangle

void main() {
    vec2 corner = vec2(float(gl_VertexID & 1), float(gl_VertexID >> 1)); // triangle strip: 0,1,2,3
    vec2 p = u_rect.xy + corner * u_rect.zw;
    v_local = corner * 2.0 - 1.0;
    gl_Position = vec4(p.x / u_viewport.x * 2.0 - 1.0, 1.0 - p.y / u_viewport.y * 2.0, 0.0, 1.0);
}
