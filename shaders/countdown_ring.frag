#version 300 es
// An anti-aliased ring: the arc of time left (from 12 o'clock, clockwise) in one colour, the
// time spent in the track colour.
precision highp float;

in vec2 v_local;

uniform float u_fraction;   // time left, 1 → 0
uniform float u_thickness;  // ring width as a fraction of the radius
uniform float u_pixel;      // one pixel in local units, for the edge smoothing
uniform vec4 u_color_left;
uniform vec4 u_color_track;

out vec4 o_color;

void main() {
    float r = length(v_local);
    float outer = 1.0 - u_pixel;
    float inner = outer - u_thickness;
    float coverage = smoothstep(outer + u_pixel, outer - u_pixel, r) * smoothstep(inner - u_pixel, inner + u_pixel, r);
    if (coverage <= 0.0) discard;
    float angle = atan(v_local.x, -v_local.y);              // 0 at 12 o'clock, growing clockwise
    float t = (angle < 0.0 ? angle + 6.2831853 : angle) / 6.2831853;
    vec4 color = t <= u_fraction ? u_color_left : u_color_track;
    o_color = vec4(color.rgb, color.a * coverage);
}
