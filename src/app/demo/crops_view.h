// "What this channel looks for" on screen (issue 14): under the detail panel, for a selected
// channel of a convolution stage (or its ReLU), the six receptive-field crops where it responds
// most among the 100 real MNIST digits and the drawing (demo/channel_crops.h), with a caption;
// the drawing's crop is outlined in orange. draw_crops() also serves Lesson 7.
#pragma once
#include <vector>

#include "app/app_state.h"
#include "app/demo/channel_crops.h"
#include "app/demo/model.h"
#include "app/demo/samples.h"

namespace app {

// The crops of `set` in a row (wrapped within `width`), each `box` pixels: the part of the
// image the unit sees (clipped at the border: the rest drawn as padding), its value and whose
// image it is below. `drawing` is the 28×28 drawing (used when a crop is the drawing's).
void draw_crops(const CropSet& set, const std::vector<SampleDigit>& samples, const float* drawing, float box, float width);

class CropsView {
 public:
  // For the channel selected in `ui` (nothing for other stages); `drawing` null when the pad is empty.
  void show(Model& model, const UiState& ui, const std::vector<SampleDigit>& samples, const float* drawing, float width);
  ChannelCrops& crops() { return crops_; }

 private:
  ChannelCrops crops_;
};

}  // namespace app
