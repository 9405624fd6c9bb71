// Explaining the numbers a network computes, in the lecture's terms, from the values of the
// last forward pass (the demo's trace mode and "why this digit", issue 15):
//   a convolution output  = Σ over channels and window of w·x  + bias   (every product listed)
//   a pooled value        = the maximum of its window
//   an Affine output      = Σ w·x + b  (the largest |w·x| listed, the rest summed)
//   a probability         = exp(z_k) / Σ_j exp(z_j)
// and two maps of what the input contributes to a class: occlusion (cover a patch, watch the
// probability drop) and gradient × input. The core knows nothing of the screen: these return
// numbers; the app words them.
#pragma once
#include <vector>

#include "cnn/network.h"

namespace cnn {

// One product w·x of a convolution's sum. (iy, ix) is the input position, which lies in the zero
// padding when `padding` is set (x is then 0).
struct ConvTerm {
  int channel, ky, kx, iy, ix;
  bool padding;
  float w, x;
};
struct ConvExplanation {
  std::vector<ConvTerm> terms;      // channel by channel, then window row, then column: C·FH·FW
  std::vector<float> channel_sums;  // Σ w·x per input channel (Lesson 4's partial sums)
  float bias = 0;
  float total = 0;                  // Σ channel_sums + bias (the map's value, up to float rounding)
  int y0 = 0, x0 = 0;               // the window's top-left in the input (negative inside padding)
};
// Output (filter, y, x) of `conv` for one input image `x` of shape (C, H, W).
ConvExplanation explain_convolution(const Convolution& conv, const float* x, const Shape& x_shape, int filter, int y,
                                    int x_pos);

struct PoolExplanation {
  std::vector<float> window;  // rows × cols values, row by row: the window clipped to the map
  int rows = 0, cols = 0;     // (padding holds no values a maximum could take)
  int y0 = 0, x0 = 0;         // the clipped window's top-left in the input map
  int argmax = -1;            // index into window of the maximum (the first one on ties)
  float value = 0;
};
// Output (channel, y, x) of `pool` for one input of shape (C, H, W).
PoolExplanation explain_pooling(const Pooling& pool, const float* x, const Shape& x_shape, int channel, int y, int x_pos);

struct AffineTerm {
  int index;  // input element
  float w, x;
};
struct AffineExplanation {
  std::vector<AffineTerm> top;  // the `top_k` largest |w·x|, largest first
  float rest = 0;               // Σ w·x of every other input
  int rest_count = 0;
  float bias = 0, total = 0;    // Σ w·x + b
};
AffineExplanation explain_affine(const Affine& affine, const float* x, int unit, int top_k = 10);

struct SoftmaxExplanation {
  std::vector<float> logits;  // z_j
  std::vector<float> exps;    // exp(z_j - max z): the same ratio, without overflow
  float sum = 0;              // Σ exps
  float max_logit = 0;
  float prob = 0;             // exps[k] / sum
};
SoftmaxExplanation explain_softmax(const float* logits, int classes, int k);

// Occlusion: the input with a patch×patch square set to 0 (the background) at every position
// (stride 1), the (H−patch+1)·(W−patch+1) covered images run as batches through the network.
// Returns H·W values: for each pixel, the mean drop of class `label`'s probability over the
// patches that cover it (positive: covering it hurts the class). A patch that covers only
// background changes nothing, so its drop is 0 without a forward pass. Leaves `net`'s stored
// outputs as they were.
std::vector<float> occlusion_map(Network& net, const float* image, int label, int patch);

// The same map computed a batch at a time, so that a caller can spread it over several frames:
// step() runs up to `max_images` more covered images through `net` (the network of the
// constructor, or one with the same architecture and weights) in one batched forward pass.
// occlusion_map() is Occlusion + step(kOcclusionBatch) until done. The pass runs the layers
// one by one on buffers of its own (the network's stored outputs are left as they are); the
// first Affine layer starts from the uncovered image's output and adds only W·Δx for the inputs
// the patch changed (a patch changes a small part of the maps: SimpleConvNet's affine1 then
// does a sixth of its multiplications), the same sum up to float rounding.
constexpr int kOcclusionBatch = 64;  // 64 images of SimpleConvNet's conv output: 4.4 MB
class Occlusion {
 public:
  Occlusion(const Network& net, const float* image, int label, int patch);  // throws as occlusion_map
  bool step(Network& net, int max_images = kOcclusionBatch);  // true when every position is done
  bool done() const { return next_ >= static_cast<int>(todo_.size()) && have_base_; }
  int positions() const { return PY_ * PX_; }       // patch positions in all
  int forward_images() const { return static_cast<int>(todo_.size()); }  // those that need a pass
  std::vector<float> map() const;                   // H·W values once done()

 private:
  const Tensor& forward_batch(Network& net);
  std::vector<float> image_;
  int H_, W_, label_, patch_, PY_, PX_, classes_;
  std::vector<int> todo_;     // positions whose patch covers some ink, in order
  std::vector<float> drop_;   // per position (0 for the ones not in todo_)
  int next_ = 0;
  bool have_base_ = false;
  float base_ = 0;
  Tensor batch_;
  std::vector<Tensor> outs_;                 // each layer's output for the batch
  std::vector<float> affine_x_, affine_out_; // the first Affine's input and output for the image
};

// A network of the same architecture with the same weights (for explanations that must not
// disturb the stored outputs of the one on screen), and copying weights between two such.
std::unique_ptr<Network> copy_network(Network& net);
void copy_weights(Network& from, Network& to);  // same architecture (throws ShapeError otherwise)

// Gradient × input: ∂z_label/∂x ⊙ x for the logit z_label (H·W values for a one-channel input),
// from the core's backward pass. Leaves `net`'s stored outputs those of `image`.
std::vector<float> gradient_times_input(Network& net, const float* image, int label);

}  // namespace cnn
