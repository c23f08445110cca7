#include "client/countdown_ring.h"

#include <GLES3/gl3.h>
#include <cstdio>

#include "shaders_embedded.h" // generated from shaders/*.vert|frag by CMake

namespace bk::client {

namespace {

GLuint compile(GLenum type, const char* src) {
    const GLuint s = glCreateShader(type);
    glShaderSource(s, 1, &src, nullptr);
    glCompileShader(s);
    GLint ok = 0;
    glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        char log[512];
        glGetShaderInfoLog(s, sizeof log, nullptr, log);
        std::fprintf(stderr, "countdown ring shader: %s\n", log);
        glDeleteShader(s);
        return 0;
    }
    return s;
}

} // namespace

bool CountdownRing::init() {
    const GLuint vs = compile(GL_VERTEX_SHADER, shaders::kCountdownRingVert);
    const GLuint fs = compile(GL_FRAGMENT_SHADER, shaders::kCountdownRingFrag);
    if (!vs || !fs) return false;
    program_ = glCreateProgram();
    glAttachShader(program_, vs);
    glAttachShader(program_, fs);
    glLinkProgram(program_);
    glDeleteShader(vs);
    glDeleteShader(fs);
    GLint ok = 0;
    glGetProgramiv(program_, GL_LINK_STATUS, &ok);
    if (!ok) { glDeleteProgram(program_); program_ = 0; return false; }
    u_viewport_ = glGetUniformLocation(program_, "u_viewport");
    u_rect_ = glGetUniformLocation(program_, "u_rect");
    u_fraction_ = glGetUniformLocation(program_, "u_fraction");
    u_thickness_ = glGetUniformLocation(program_, "u_thickness");
    u_pixel_ = glGetUniformLocation(program_, "u_pixel");
    u_left_ = glGetUniformLocation(program_, "u_color_left");
    u_track_ = glGetUniformLocation(program_, "u_color_track");
    glGenVertexArrays(1, &vao_);
    return true;
}

void CountdownRing::callback(const ImDrawList*, const ImDrawCmd* cmd) {
    const DrawData& d = *static_cast<const DrawData*>(cmd->UserCallbackData);
    const CountdownRing& r = *d.self;
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    glUseProgram(r.program_);
    glBindVertexArray(r.vao_);
    glUniform2f(r.u_viewport_, display.x, display.y);
    glUniform4f(r.u_rect_, d.x, d.y, d.w, d.h);
    glUniform1f(r.u_fraction_, d.fraction);
    glUniform1f(r.u_thickness_, 0.16f);
    glUniform1f(r.u_pixel_, 2.0f / d.w);
    glUniform4f(r.u_left_, d.left.x, d.left.y, d.left.z, d.left.w);
    glUniform4f(r.u_track_, d.track.x, d.track.y, d.track.z, d.track.w);
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
}

void CountdownRing::draw(float size, float fraction_left, ImU32 left_color, ImU32 track_color) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(size, size));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (!program_) { // no shader: a plain bar
        dl->AddRectFilled(p, ImVec2(p.x + size, p.y + size * 0.12f), track_color, size * 0.06f);
        dl->AddRectFilled(p, ImVec2(p.x + size * fraction_left, p.y + size * 0.12f), left_color, size * 0.06f);
        return;
    }
    data_ = DrawData{this, p.x, p.y, size, size, fraction_left, ImGui::ColorConvertU32ToFloat4(left_color),
                     ImGui::ColorConvertU32ToFloat4(track_color)};
    dl->AddCallback(&CountdownRing::callback, &data_);
    dl->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
}

} // namespace bk::client
