// Max pooling's fast path for 2×2 windows with stride 2 and no padding (every pooling layer of
// the shipped networks): four outputs at a time with even/odd shuffles and selects, without bounds checks.
// It gives the same outputs and arg-maxes as the plain loops of pooling.cpp, which decides
// when it is taken.
//   x is (planes, H, W), out and argmax are (planes, H/2, W/2)
#include "cnn/pooling_2x2.h"

#include <algorithm>
#include <cstring>

#include "cnn/parallel.h"
#include "cnn/simd.h"

namespace cnn {

namespace {

using simd::v4f;
using simd::v4i;

// One output row of 2×2, stride-2 pooling: r0 is the top input row, the bottom one follows at
// +W; `row` is r0's flat index in x. Ties go to the first maximum in window order (top-left,
// top-right, bottom-left, bottom-right). Selects instead of branches: feature values make
// comparisons unpredictable.
void pool_row_2x2(const float* r0, int W, int32_t row, int OW, float* out, int32_t* arg) {
  const float* r1 = r0 + W;
  if (OW >= 4) {
    for (int ox = 0;; ox += 4) {
      // A last group of fewer than four (7 outputs: the two-stage network's pool2) is done as
      // the row's last four, writing the outputs it overlaps again with the same values.
      if (ox + 4 > OW) ox = OW - 4;
      v4f a, b, c, d;
      simd::deinterleave(r0 + 2 * ox, a, b);
      simd::deinterleave(r1 + 2 * ox, c, d);
      const v4i right_top = b > a, right_bottom = d > c;  // lanes are -1 (true) or 0
      const v4f top = simd::select(right_top, b, a), bottom = simd::select(right_bottom, d, c);
      const v4i lower = bottom > top;
      const v4f best = simd::select(lower, bottom, top);
      std::memcpy(out + ox, &best, sizeof best);
      const v4i first = row + 2 * ox + v4i{0, 2, 4, 6};
      const v4i idx = first + simd::select(lower, W - right_bottom, -right_top);
      std::memcpy(arg + ox, &idx, sizeof idx);
      if (ox + 4 == OW) return;
    }
  }
  for (int ox = 0; ox < OW; ++ox) {  // rows of fewer than four outputs
    const float a = r0[2 * ox], b = r0[2 * ox + 1], c = r1[2 * ox], d = r1[2 * ox + 1];
    const bool right_top = b > a, right_bottom = d > c;
    const float top = right_top ? b : a, bottom = right_bottom ? d : c;
    const bool lower = bottom > top;
    out[ox] = lower ? bottom : top;
    arg[ox] = row + 2 * ox + (lower ? W + right_bottom : static_cast<int32_t>(right_top));
  }
}

}  // namespace

void max_pool_2x2(const float* x, int planes, int H, int W, int OH, int OW, float* out, int32_t* argmax) {
  parallel_for(planes, [&](int p0, int p1, int) {
    for (int p = p0; p < p1; ++p) {
      const size_t base = static_cast<size_t>(p) * H * W;
      const float* in = x + base;
      float* o = out + static_cast<size_t>(p) * OH * OW;
      int32_t* am = argmax + static_cast<size_t>(p) * OH * OW;
      for (int oy = 0; oy < OH; ++oy)
        pool_row_2x2(in + 2 * oy * W, W, static_cast<int32_t>(base) + 2 * oy * W, OW, o + oy * OW, am + oy * OW);
    }
  }, /*grain=*/std::max(1, 65536 / (H * W)));  // at least ~64k inputs per thread
}

}  // namespace cnn
