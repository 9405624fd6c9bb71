// Private to the Pooling layer: the SIMD road for its most common shape, 2×2 windows with
// stride 2 and no padding (pooling_2x2.cpp).
#pragma once
#include <cstdint>

namespace cnn {

// Max pooling of `planes` planes of H×W floats at x into OH×OW outputs each (OH = H/2, OW = W/2),
// with argmax[i] = the flat index into x of output i's maximum (the first in window order).
//   x is (planes, H, W), out and argmax are (planes, OH, OW)
void max_pool_2x2(const float* x, int planes, int H, int W, int OH, int OW, float* out, int32_t* argmax);

}  // namespace cnn
