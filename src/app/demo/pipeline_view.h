// PipelineView: the network's insides, left to right — the 28×28 input, then every layer's
// output of the last forward pass with its shape (all 30 channels of each feature-map
// stage as a grid, vectors as tiles), then the softmax. Clicking a channel selects it; the
// detail panel shows it enlarged next to the 5×5 filter that produced it, with values on
// hover. Textures are refreshed only when the model has run again.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "app/app_state.h"
#include "app/demo/feature_map_renderer.h"
#include "app/demo/model.h"

namespace app {

class PipelineView {
 public:
  // Call after every Model::run(): re-uploads the textures and colour scales.
  void refresh(FeatureMapRenderer& renderer, const Model& model);
  // The 28×28 image the network sees, size×size pixels, values on hover.
  void show_input(FeatureMapRenderer& renderer, const Model& model, const UiState& ui, float size);
  // The left-to-right strip, `height` pixels tall.
  void show(FeatureMapRenderer& renderer, const Model& model, UiState& ui, bool empty, float height);
  // A small key to the two colormaps (signed values; values >= 0), on one line.
  void show_legend(FeatureMapRenderer& renderer);
  // The selected channel enlarged (size×size), with its filter (or a hint when nothing is
  // selected), within `width` pixels.
  void show_detail(FeatureMapRenderer& renderer, const Model& model, UiState& ui, float size, float width);

 private:
  struct Stage {
    MapTexture texture;
    MapStyle style;
    std::vector<int> shape;  // one sample's shape, e.g. {30, 24, 24}
  };
  MapTexture input_texture_;
  MapTexture legend_texture_;  // row 0: -1..1 (diverging key), row 1: 0..1 (sequential key)
  std::vector<Stage> stages_;       // one per layer
  std::vector<MapTexture> filters_; // per layer: the conv filters stacked, for Convolution layers
  std::vector<float> scratch_;
};

}  // namespace app
