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
#include "cnn/occlusion.h"  // the occlusion map

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

// A network of the same architecture with the same weights (for explanations that must not
// disturb the stored outputs of the one on screen), and copying weights between two such.
std::unique_ptr<Network> copy_network(Network& net);
void copy_weights(Network& from, Network& to);  // same architecture (throws ShapeError otherwise)

// Gradient × input: ∂z_label/∂x ⊙ x for the logit z_label (H·W values for a one-channel input),
// from the core's backward pass. Leaves `net`'s stored outputs those of `image`.
std::vector<float> gradient_times_input(Network& net, const float* image, int label);

}  // namespace cnn
