// What a channel looks for: over a set of input images, the places where one channel of a
// spatial layer responds most strongly, each with the receptive field (cnn/receptive_field.h)
// of that unit, i.e. the crop of the input that made the response. The lecture's point made
// visible: a first-layer channel's strongest crops are short strokes of one direction; a
// channel after pooling and a second convolution sees a larger part (curves, loops, corners).
// Selection rule: each image contributes its one strongest unit of the channel (the first in
// row-major order on ties), and the images are ranked by that value, largest first; equal values
// keep the lower image index first. So the k crops come from k different images.
#pragma once
#include <vector>

#include "cnn/network.h"
#include "cnn/receptive_field.h"

namespace cnn {

// One image's strongest unit of one channel.
struct ChannelPeak {
  float value = 0;
  int y = 0, x = 0;
};

// The strongest unit of every channel of one layer, for each of a set of images.
struct ActivationPeaks {
  int channels = 0;
  std::vector<ChannelPeak> peaks;  // image by image, `channels` each
  int images() const { return channels ? static_cast<int>(peaks.size()) / channels : 0; }
  const ChannelPeak& at(int image, int channel) const { return peaks[static_cast<std::size_t>(image) * channels + channel]; }
  // Appends every sample of a layer's output `out` (N, C, H, W).
  void add(const Tensor& out);
};

// Runs `count` images (each input_shape's element count of floats, one after the other) through
// the layers 0..layer of `net`, `batch` at a time, on buffers of its own (the network's stored
// outputs are left as they are), and records the peaks of layer `layer`'s output (C, H, W).
// Throws std::out_of_range for a layer that is not a spatial map.
ActivationPeaks activation_peaks(Network& net, int layer, const float* images, int count, int batch = 32);

struct TopActivation {
  int image = 0;     // index into the set of images
  int y = 0, x = 0;  // the unit in layer `layer`'s map
  float value = 0;
  InputRect rect;    // the input pixels that unit sees, clipped to the image
};

// The k strongest (one per image, ranked as above) of channel `channel`; fewer when there are
// fewer images. Throws std::out_of_range naming the valid range for a bad layer or channel.
std::vector<TopActivation> top_activations(const Network& net, int layer, const ActivationPeaks& peaks, int channel,
                                           int k);

// The layers whose channels top_activations can rank: those with a (C, H, W) output.
bool is_spatial_layer(const Network& net, int layer);

}  // namespace cnn
