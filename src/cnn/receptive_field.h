// Receptive fields: the part of the input image a unit of a feature map sees.
// After a Convolution or Pooling layer with window K, stride S and padding P, a unit at (y, x)
// reads the previous map's rows y*S - P .. y*S - P + K - 1. Composed layer by layer:
//   size_l  = size_{l-1} + (K_l - 1) * jump_{l-1}     (how many input pixels it spans)
//   jump_l  = jump_{l-1} * S_l                        (input pixels between neighbouring units)
//   start_l = start_{l-1} - P_l * jump_{l-1}          (input coordinate of unit 0's first pixel)
// starting from the input (size 1, jump 1, start 0); ReLU keeps all three. With the two-stage
// model's layers (5×5 pad 2, pool 2, 5×5 pad 2, pool 2) the sizes are 5, 6, 14, 16: after
// pooling, the next convolution covers a larger part of the image (the lecture's point).
#pragma once
#include <vector>

#include "cnn/network.h"

namespace cnn {

struct ReceptiveField {
  int size_h = 1, size_w = 1;    // input pixels spanned (before clipping to the image)
  int jump_h = 1, jump_w = 1;    // input pixels between neighbouring units
  int start_h = 0, start_w = 0;  // input coordinate of unit (0, 0)'s first row / column (may be < 0)
};

// One entry per layer (the field of a unit of that layer's output), for the spatial layers at
// the front of the network; from the first layer whose output is not a (C, H, W) map (Affine)
// on, the entries repeat the whole image (every unit sees everything).
std::vector<ReceptiveField> receptive_fields(const Network& net);

// The rectangle of the input a unit at (y, x) of layer `layer`'s output sees, clipped to the
// image: rows [y0, y1), columns [x0, x1).
struct InputRect {
  int y0 = 0, x0 = 0, y1 = 0, x1 = 0;
};
InputRect receptive_rect(const Network& net, int layer, int y, int x);

// The window a layer slides over its input: a Convolution's filter or a Pooling window with
// their stride and padding; any other layer (ReLU) reads one element per output, 1×1.
struct LayerWindow {
  int kh = 1, kw = 1, stride = 1, pad = 0;
};
LayerWindow layer_window(const Layer& layer);

// The other way round: the units of a layer's output (out_h × out_w) whose window reads some
// element of the rectangle `in` of its input, i.e. those a change inside `in` can change. Unit
// oy reads rows oy·S − P .. oy·S − P + K − 1, so it meets rows [y0, y1) when
//   ceil((y0 + P − K + 1) / S) ≤ oy ≤ floor((y1 − 1 + P) / S)        (clipped to the map)
// (occlusion propagates the covered patch through the layers with it). Empty in, empty out.
InputRect outputs_reading(const LayerWindow& window, const InputRect& in, int out_h, int out_w);

}  // namespace cnn
