#version 300 es
// Vertex shader for feature maps: the same inputs as Dear ImGui's own shader (its vertex
// layout: position, uv, colour at locations 0, 1, 2), so ImGui's vertex buffers can be drawn
// with it between two ImDrawList callbacks.
precision highp float;
layout (location = 0) in vec2 Position;
layout (location = 1) in vec2 UV;
layout (location = 2) in vec4 Color;
uniform mat4 ProjMtx;
out vec2 Frag_UV;
out vec4 Frag_Color;
void main() {
  Frag_UV = UV;
  Frag_Color = Color;
  gl_Position = ProjMtx * vec4(Position.xy, 0.0, 1.0);
}
