// See gl_state_shim.h: the state the ImGui backend "restores" after drawing.
#include <GLES3/gl3.h>

extern "C" void cnn_imgui_glGetIntegerv(GLenum pname, GLint* data) {
  switch (pname) {
    case GL_ACTIVE_TEXTURE: *data = GL_TEXTURE0; return;
    case GL_CURRENT_PROGRAM:
    case GL_TEXTURE_BINDING_2D:
    case GL_ARRAY_BUFFER_BINDING:
    case GL_ELEMENT_ARRAY_BUFFER_BINDING:
    case GL_VERTEX_ARRAY_BINDING: *data = 0; return;
    case GL_VIEWPORT:
    case GL_SCISSOR_BOX:  // main_loop() sets the viewport before every frame
      data[0] = data[1] = data[2] = data[3] = 0;
      return;
    case GL_BLEND_SRC_RGB: *data = GL_SRC_ALPHA; return;
    case GL_BLEND_DST_RGB: *data = GL_ONE_MINUS_SRC_ALPHA; return;
    case GL_BLEND_SRC_ALPHA: *data = GL_ONE; return;
    case GL_BLEND_DST_ALPHA: *data = GL_ONE_MINUS_SRC_ALPHA; return;
    case GL_BLEND_EQUATION_RGB:
    case GL_BLEND_EQUATION_ALPHA: *data = GL_FUNC_ADD; return;
    default: glGetIntegerv(pname, data);  // version queries at start-up etc.
  }
}

extern "C" GLboolean cnn_imgui_glIsEnabled(GLenum cap) {
  switch (cap) {
    case GL_BLEND:
    case GL_CULL_FACE:
    case GL_DEPTH_TEST:
    case GL_STENCIL_TEST:
    case GL_SCISSOR_TEST:
    case GL_PRIMITIVE_RESTART_FIXED_INDEX: return GL_FALSE;
    default: return glIsEnabled(cap);
  }
}
