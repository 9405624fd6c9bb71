// Answers Dear ImGui's OpenGL3 backend's GL state queries without asking WebGL.
// build_wasm.sh force-includes this header into imgui_impl_opengl3.cpp only (-include).
//
// Why: the backend saves ~14 pieces of GL state before drawing and restores them after,
// to be polite to other GL code. In WebGL each glGetIntegerv / glIsEnabled that Chromium
// does not cache is a synchronous round trip that waits for the GPU process to finish the
// previous frame: measured in headless Chromium (SwiftShader) 200 ms per frame in
// getParameter(GL_SCISSOR_BOX) alone, 5 fps instead of 50. This app is the only GL user
// and sets everything it needs itself each frame, so the saved values can be the known
// defaults below; all other queries still go to WebGL.
#pragma once
#include <GLES3/gl3.h>

#ifdef __cplusplus
extern "C" {
#endif
void cnn_imgui_glGetIntegerv(GLenum pname, GLint* data);
GLboolean cnn_imgui_glIsEnabled(GLenum cap);
#ifdef __cplusplus
}
#endif

#define glGetIntegerv cnn_imgui_glGetIntegerv
#define glIsEnabled cnn_imgui_glIsEnabled
