// Occlusion ("why this digit", issue 15): cover a patch of the input, watch the probability of
// a class drop. The map is computed without running every covered image through the whole
// network: a patch changes only the units whose receptive field meets it (the rest keep the
// uncovered image's values), so each layer before the first Affine recomputes only that
// rectangle of its output, and the first Affine adds only W·Δx for the inputs that changed.
#pragma once
#include <vector>

#include "cnn/network.h"
#include "cnn/receptive_field.h"

namespace cnn {

// The input with a patch×patch square set to 0 (the background) at every position (stride 1):
// (H−patch+1)·(W−patch+1) covered images. Returns H·W values: for each pixel, the mean drop of
// class `label`'s probability over the patches that cover it (positive: covering it hurts the
// class). A patch that covers only background changes nothing, so its drop is 0 without a
// pass. Leaves `net`'s stored outputs as they were.
std::vector<float> occlusion_map(Network& net, const float* image, int label, int patch);

// The same map computed a few images at a time, so that a caller can spread it over several
// frames: step() computes up to `max_images` more covered images with `net` (the network of the
// constructor, or one with the same architecture and weights); occlusion_map() is Occlusion +
// step(kOcclusionBatch) until done.
// How an image is computed: the layers before the first Affine (Convolution, ReLU, Pooling in
// any order) run on buffers of their own, channels last, holding the uncovered image's values;
// the covered patch is carried from layer to layer as the rectangle of units that read it
// (cnn::outputs_reading), and only that rectangle is recomputed: a convolution adds W·Δx for
// the inputs that changed (its weights kept as (C, FH, FW, FN), so the sum runs over filters
// in SIMD lanes), ReLU and pooling take their windows over the rectangle. The first Affine adds
// W·Δx for the changed inputs to the uncovered image's output; the layers after it run on the
// step's images as one batch. The same sums as a full forward pass, up to float rounding. The
// rectangles are restored to the uncovered values after each image.
constexpr int kOcclusionBatch = 64;  // images per step of occlusion_map (one batch after the first Affine)
class Occlusion {
 public:
  Occlusion(const Network& net, const float* image, int label, int patch);  // throws as occlusion_map
  bool step(Network& net, int max_images = kOcclusionBatch);  // true when every position is done
  bool done() const { return next_ >= static_cast<int>(todo_.size()) && have_base_; }
  int positions() const { return PY_ * PX_; }       // patch positions in all
  int forward_images() const { return static_cast<int>(todo_.size()); }  // those that need a pass
  std::vector<float> map() const;                   // H·W values once done()

 private:
  // One map of the layers before the first Affine (the input is map 0), (H, W, C) channels last.
  struct Map {
    int C = 0, H = 0, W = 0;
    std::vector<float> base;  // the uncovered image's values
    std::vector<float> cur;   // the covered image's: base outside `changed`
    InputRect changed;        // what the current patch changes
  };
  // Layer l reads map l and writes map l + 1.
  struct Stage {
    enum class Kind { Convolution, Relu, Pooling } kind;
    LayerWindow window;
    int filters = 0, padded_filters = 0;  // FN, and FN rounded up to whole SIMD vectors
    std::vector<float> w_by_tap;  // Convolution: W as (C, FH, FW, FN padded with zeros)
    std::vector<float> bias;
  };
  void compute_base(Network& net);
  void cover(int position);     // fills every map's `changed` rectangle of `cur` for the patch
  void uncover();               // restores them from `base`
  void convolution_rect(const Stage& s, const Map& in, const float* x, const float* ref, const InputRect& in_rect,
                        float* out_values, int out_w, const InputRect& out_rect);
  void affine_row(const Network& net, float* row);  // the first Affine's output for `cur`
  const Tensor& finish_batch(Network& net);  // the layers after the first Affine, on batch_

  std::vector<float> image_;
  int H_, W_, label_, patch_, PY_, PX_, classes_;
  std::vector<int> todo_;     // positions whose patch covers some ink, in order
  std::vector<float> drop_;   // per position (0 for the ones not in todo_)
  int next_ = 0;
  bool have_base_ = false;
  float base_ = 0;
  std::vector<Stage> stages_;        // the layers before the first Affine
  std::vector<Map> maps_;            // stages_.size() + 1
  std::size_t first_affine_ = 0;     // its index in the network (net.size(): none)
  // Scratch of the kernels: the nonzero Δx of a rectangle (start per pixel, the offset of its
  // channel in w_by_tap, value), the window taps on it, one output pixel's filters; for the
  // Affine the terms of its sum (Δx and the weight row it multiplies).
  std::vector<int> delta_start_, delta_offset_, tap_pixel_;
  std::vector<const float*> tap_weights_;
  std::vector<float> delta_value_, acc_, coeffs_;
  std::vector<const float*> rows_;
  std::vector<float> affine_out_;    // the first Affine's output for the uncovered image
  std::vector<int> affine_index_;    // the Affine's input index of each element of the last map
  Tensor batch_;                     // the step's first-Affine outputs (n, out)
  std::vector<Tensor> outs_;         // the outputs of the layers after it
};

}  // namespace cnn
