// PipelineView: the network's insides, left to right — the 28×28 input, then every layer's
// output of the last forward pass with its shape (every channel of each feature-map stage as a
// grid, vectors as tiles), then the softmax; laid out by layout_pipeline (pipeline_layout.h) on
// one row or wrapped onto several, whatever the model. Hovering (or tapping) a unit of a map
// highlights on the input the rectangle it sees (cnn::receptive_rect) and states its size;
// clicking a channel selects it, and the detail panel shows it enlarged next to the filter that
// produced it (for a deeper convolution: one 5×5 slice per input channel, and the input maps it
// reads), with values on hover. Textures are refreshed only when the model has run again.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "app/app_state.h"
#include "app/demo/feature_map_renderer.h"
#include "app/demo/model.h"
#include "app/demo/pipeline_layout.h"
#include "cnn/receptive_field.h"

namespace app {

// The receptive field shown on the input: unit (y, x) of layer `layer`'s output sees `rect`
// of the input; layer -1: none.
struct FieldHighlight {
  int layer = -1, y = 0, x = 0;
  cnn::InputRect rect;
};

class PipelineView {
 public:
  // Call after every Model::run(): re-uploads the textures and colour scales.
  void refresh(FeatureMapRenderer& renderer, const Model& model);
  // The 28×28 image the network sees, size×size pixels, values on hover, with the highlighted
  // receptive field and (with_text) under it a line naming its size, in field_text_height(size).
  void show_input(FeatureMapRenderer& renderer, const Model& model, const UiState& ui, float size,
                  bool with_text = true);
  // That line: the highlighted unit's receptive field (is_field), or the hint to hover.
  std::string field_text(const Model& model, bool* is_field = nullptr) const;
  static float field_text_height(float size);
  static float legend_width();  // show_legend's width
  // The strip, within the width available, about `height` pixels tall (taller when it wraps).
  void show(FeatureMapRenderer& renderer, const Model& model, UiState& ui, bool empty, float height);
  // A small key to the two colormaps (signed values; values >= 0), on one line.
  void show_legend(FeatureMapRenderer& renderer);
  // The selected channel enlarged (size×size), with its filter (or a hint when nothing is
  // selected), within `width` pixels.
  void show_detail(FeatureMapRenderer& renderer, const Model& model, UiState& ui, float size, float width);

  // Where the strip's stages go for `width` × `height` pixels (what show() draws; the Demo tab
  // plans its layout with it), and the sizes they are laid out with.
  PipelineLayout layout(const cnn::Network& net, float width, float height) const;
  PipelineMetrics metrics() const;

  // Read-outs for the page's API and tests (src/web/model_exports.cpp), from the last frame.
  const FieldHighlight& highlight() const { return highlight_; }
  ScreenRect map_rect(int layer, int channel) const;
  // Every stage as laid out in the last frame, Input … Softmax: rect (header included) on screen.
  const std::vector<StageBox>& stage_boxes() const { return stage_boxes_; }
  const ScreenRect& input_rect() const { return input_rect_; }

 private:
  struct Stage {
    MapTexture texture;
    MapStyle style;
    std::vector<int> shape;  // one sample's shape, e.g. {30, 24, 24}
  };
  // Where a map stage's grid was drawn (for hover, the API, the tests).
  struct Grid {
    float x = 0, y = 0, cell = 0;
    int columns = 0, count = 0;
  };
  std::vector<StageSpec> stage_specs(const cnn::Network& net) const;
  void show_maps(FeatureMapRenderer& renderer, const Model& model, UiState& ui, int layer, const StageBox& box);
  void show_vector(FeatureMapRenderer& renderer, const Model& model, UiState& ui, int layer, const StageBox& box);
  void show_softmax(const Model& model, UiState& ui, bool empty, const StageBox& box);
  void show_conv_filter(FeatureMapRenderer& renderer, const cnn::Network& net, int conv, int c, float size,
                        float width);  // the caption wraps at width
  void draw_field(ImDrawList* dl, const FieldHighlight& h, ImU32 colour) const;

  MapTexture input_texture_;
  MapTexture legend_texture_;  // row 0: -1..1 (diverging key), row 1: 0..1 (sequential key)
  std::vector<Stage> stages_;       // one per layer (never shrinks: a smaller model leaves spares)
  std::vector<MapTexture> filters_; // per layer: the conv filters stacked, for Convolution layers
  std::vector<float> scratch_;
  std::vector<Grid> grids_;         // per layer, this frame's map grid (count 0: none)
  std::vector<StageBox> stage_boxes_;  // this frame's stages, Input … Softmax (rect on screen)
  ScreenRect input_rect_;           // where show_input drew the image this frame
  FieldHighlight highlight_;        // hovered (this frame) or selected unit's field
  FieldHighlight hovered_;
};

}  // namespace app
