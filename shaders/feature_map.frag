#version 300 es
// Fragment shader for feature maps: reads one float per texel from a GL_R32F texture with
// texelFetch (nearest-neighbour upscaling by construction: every screen pixel shows the value
// of the one cell it lies in), maps it through a colormap, and optionally draws thin grid
// lines between the cells once a cell is big enough on screen to tell them apart.
precision highp float;
uniform highp sampler2D u_values;  // GL_R32F, one activation per texel
uniform vec2 u_texels;             // texture size in texels
uniform int u_colormap;            // 0: grey (images), 1: diverging (signed), 2: sequential (>= 0)
uniform float u_scale;             // |value| that maps to the strongest colour
uniform float u_grid;              // 0: no grid lines, 1: grid lines
in vec2 Frag_UV;
in vec4 Frag_Color;
out vec4 Out_Color;

// Sequential "magma-like" map: black → purple → orange → pale yellow.
vec3 sequential(float t) {
  t = clamp(t, 0.0, 1.0);
  vec3 c0 = vec3(0.02, 0.02, 0.06), c1 = vec3(0.37, 0.09, 0.50), c2 = vec3(0.90, 0.35, 0.25), c3 = vec3(0.99, 0.93, 0.60);
  if (t < 0.33) return mix(c0, c1, t / 0.33);
  if (t < 0.66) return mix(c1, c2, (t - 0.33) / 0.33);
  return mix(c2, c3, (t - 0.66) / 0.34);
}

// Diverging map for signed values: blue (negative) → dark grey (zero) → orange-red (positive).
// The dark centre makes zero look like "nothing", as in the ReLU and pooling views.
vec3 diverging(float t) {
  t = clamp(t, -1.0, 1.0);
  vec3 zero = vec3(0.10, 0.10, 0.12);
  vec3 neg_mid = vec3(0.15, 0.40, 0.80), neg_end = vec3(0.65, 0.85, 1.00);
  vec3 pos_mid = vec3(0.85, 0.30, 0.15), pos_end = vec3(1.00, 0.85, 0.55);
  float a = abs(t);
  vec3 mid = t < 0.0 ? neg_mid : pos_mid, end = t < 0.0 ? neg_end : pos_end;
  return a < 0.6 ? mix(zero, mid, a / 0.6) : mix(mid, end, (a - 0.6) / 0.4);
}

void main() {
  vec2 p = Frag_UV * u_texels;
  ivec2 texel = clamp(ivec2(floor(p)), ivec2(0), ivec2(u_texels) - 1);
  float v = texelFetch(u_values, texel, 0).r;
  float t = v / max(u_scale, 1e-12);
  vec3 c = u_colormap == 1 ? diverging(t) : u_colormap == 2 ? sequential(t) : vec3(clamp(t, 0.0, 1.0));
  if (u_grid > 0.0) {
    vec2 w = fwidth(p);                        // texels per screen pixel
    vec2 f = fract(p);
    vec2 d = min(f, 1.0 - f) / max(w, vec2(1e-6));  // distance to the nearest cell edge, in pixels
    float line = 1.0 - clamp(min(d.x, d.y) - 0.25, 0.0, 1.0);
    float visible = step(7.5, 1.0 / max(w.x, w.y));  // only when a cell is at least 7.5 px wide
    c = mix(c, vec3(0.30, 0.32, 0.37), line * visible * 0.6);
  }
  Out_Color = vec4(c, 1.0) * Frag_Color;
}
