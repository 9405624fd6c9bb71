// FeatureMapRenderer: draws float arrays (feature maps, the pad, the 28×28 input) as
// coloured images. Each array lives in a GL_R32F texture (one activation per texel, uploaded
// as is — a (C, H, W) tensor is simply an H·C-tall texture with the channels stacked); the
// GLSL in shaders/feature_map.{vert,frag} does the colormap, nearest-neighbour upscaling and
// grid lines. Drawing goes through ImGui's draw list: a callback switches to our shader,
// ImGui's own vertex data is drawn with it, and ImDrawCallback_ResetRenderState switches back.
#pragma once
#include <cstdint>
#include <deque>
#include <vector>

#include "imgui.h"

namespace app {

enum class Colormap { Grey = 0, Diverging = 1, Sequential = 2 };

struct MapTexture {
  unsigned int id = 0;
  int width = 0, height = 0;
};

struct MapStyle {
  Colormap colormap = Colormap::Grey;
  float scale = 1.0f;  // |value| drawn at full colour
  bool grid = false;
};

class FeatureMapRenderer {
 public:
  // Compiles the shaders; false (and error()) when WebGL2 refuses them.
  bool init();
  const char* error() const { return error_; }
  void new_frame() { styles_.clear(); }

  // (Re)uploads width×height floats into `tex` (creating it on first use).
  void upload(MapTexture& tex, const float* values, int width, int height);
  // Re-uploads only the rectangle [x0, x1) × [y0, y1) of a width×height array already in `tex`.
  void upload_region(MapTexture& tex, const float* values, int width, int x0, int y0, int x1, int y1);

  // Draws rows [row0, row0 + rows) of `tex` into the rectangle p0–p1 of the draw list.
  void draw(ImDrawList* dl, const MapTexture& tex, const MapStyle& style, ImVec2 p0, ImVec2 p1, int row0 = 0,
            int rows = -1);
  // Draws `count` equal blocks of `block_rows` rows each (e.g. the 30 channels of a (30, 24, 24)
  // tensor) in a grid with `columns` columns, cell size `cell`, gap `gap`, starting at `origin`.
  void draw_grid(ImDrawList* dl, const MapTexture& tex, const MapStyle& style, ImVec2 origin, int count,
                 int block_rows, int columns, ImVec2 cell, float gap);

 private:
  struct DrawState {
    const FeatureMapRenderer* self;
    MapStyle style;
    float texels[2];
  };
  static void set_state(const ImDrawList* dl, const ImDrawCmd* cmd);
  const DrawState* push_state(const MapTexture& tex, const MapStyle& style);

  unsigned int program_ = 0;
  int loc_proj_ = -1, loc_values_ = -1, loc_texels_ = -1, loc_colormap_ = -1, loc_scale_ = -1, loc_grid_ = -1;
  std::deque<DrawState> styles_;  // one per draw call this frame; a deque keeps pointers stable
  const char* error_ = "";
};

}  // namespace app
