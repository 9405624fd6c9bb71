// "What each channel looks for" (issue 14): for a channel of a convolution stage, the six places
// among the 100 shipped real MNIST digits and the student's drawing where its output after ReLU
// is strongest, as receptive-field crops (cnn/top_activations.h; one per image, strongest first).
// The samples' peaks are computed once per network and weights (every channel of the stage in
// one pass), the drawing's once per change of the drawing; picking a channel then only ranks.
// Pure logic (no ImGui), natively tested in tests/test_app_channel_crops.cpp; crops_view.* draws
// them, CNNDemo.topCrops reads them, Lesson 7 shows a few.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "app/demo/samples.h"
#include "cnn/network.h"
#include "cnn/top_activations.h"

namespace app {

struct CropSet {
  int stage = -1, channel = 0;
  int layer = -1;                 // the layer whose output is ranked (the ReLU after the convolution)
  int field_h = 0, field_w = 0;   // the receptive field's size (a crop at the border is clipped)
  cnn::ReceptiveField field;      // of `layer`: a crop's unclipped top-left is start + (y, x) · jump
  std::vector<cnn::TopActivation> crops;  // image < samples: a sample digit; == samples: the drawing
  int samples = 0;                // how many sample digits were candidates
  int pad_image = -1;             // the crop image that is in the pad (the drawing, or the loaded sample), -1: none
  double ms = 0;                  // how long the last computation took (peaks and ranking)
};

class ChannelCrops {
 public:
  static constexpr int kCount = 6;
  // "" when `stage` is a Convolution stage or the ReLU right after one and `channel` one of its
  // channels; else the English message naming the valid ones (the API's Error).
  static std::string check(const cnn::Network& net, int stage, int channel);
  // The layer ranked for `stage`: the ReLU after a Convolution, or the stage itself.
  static int activation_layer(const cnn::Network& net, int stage);

  // The weights changed: the samples' peaks are computed again on the next get(). With
  // `throttled` (a training step: the weights change every frame) at most once a second.
  void weights_changed(bool throttled = false);

  // The crops of (stage, channel) of `net` (checked with check() first), among `samples` and,
  // unless `drawing` is null, the 28×28 drawing; `pad_sample` >= 0 says the pad holds that sample
  // (then there is no drawing to add). Computed when something changed since the last call.
  const CropSet& get(cnn::Network& net, int stage, int channel, const std::vector<SampleDigit>& samples,
                     const float* drawing, int pad_sample = -1);
  int computations() const { return computations_; }  // how often the samples' peaks were computed

 private:
  const cnn::Network* net_ = nullptr;
  bool stale_ = true, throttled_ = false;
  double last_compute_ = -1e9;
  std::vector<float> sample_pixels_;             // the samples, one after the other
  std::map<int, cnn::ActivationPeaks> sample_peaks_;  // per ranked layer
  std::map<int, cnn::ActivationPeaks> drawing_peaks_;
  std::array<float, kInputSize> drawing_{};
  bool have_drawing_ = false;
  CropSet last_;
  bool last_valid_ = false;
  int computations_ = 0;
};

}  // namespace app
