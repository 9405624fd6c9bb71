// Max pooling: each output is the largest value of its window (lecture: "최대 풀링").
//   x is (N, C, H, W), out is (N, C, OH, OW), OH = (H + 2P − PH)/S + 1
// No parameters to learn; the channel count is unchanged. Padding cells are ignored
// (they never win the max). Backward: the whole gradient of an output goes to the input
// element that was its maximum (the arg-max remembered by forward).
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "cnn/im2col.h"
#include "cnn/layers.h"
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
  int ox = 0;
  for (; ox + 4 <= OW; ox += 4) {
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
  }
  for (; ox < OW; ++ox) {
    const float a = r0[2 * ox], b = r0[2 * ox + 1], c = r1[2 * ox], d = r1[2 * ox + 1];
    const bool right_top = b > a, right_bottom = d > c;
    const float top = right_top ? b : a, bottom = right_bottom ? d : c;
    const bool lower = bottom > top;
    out[ox] = lower ? bottom : top;
    arg[ox] = row + 2 * ox + (lower ? W + right_bottom : static_cast<int32_t>(right_top));
  }
}

}  // namespace

Pooling::Pooling(std::string name, int pool_h, int pool_w, int stride, int pad)
    : Layer(std::move(name)), pool_h_(pool_h), pool_w_(pool_w), stride_(stride), pad_(pad) {
  if (pool_h <= 0 || pool_w <= 0 || stride <= 0 || pad < 0)
    throw std::invalid_argument(who() + ": window and stride must be positive, pad >= 0");
  if (pad >= pool_h || pad >= pool_w) throw std::invalid_argument(who() + ": padding must be smaller than the window");
}

Shape Pooling::output_shape(const Shape& in) const {
  check_shape(who(), "input", in, {-1, -1, -1, -1});
  return {in[0], in[1], window_output_size(who(), in, "H", pool_h_, pad_, stride_),
          window_output_size(who(), in, "W", pool_w_, pad_, stride_)};
}

void Pooling::forward(const Tensor& x, Tensor& out) {
  const Shape os = output_shape(x.shape());
  x_shape_ = x.shape();
  const int H = x.dim(2), W = x.dim(3), OH = os[2], OW = os[3];
  const int planes = os[0] * os[1];
  out.resize(os);
  argmax_.resize(out.size());
  if (pool_h_ == 2 && pool_w_ == 2 && stride_ == 2 && pad_ == 0) {  // the common case, without bounds checks
    parallel_for(planes, [&](int p0, int p1, int) {
    for (int p = p0; p < p1; ++p) {
      const size_t base = static_cast<size_t>(p) * H * W;
      const float* in = x.data() + base;
      float* o = out.data() + static_cast<size_t>(p) * OH * OW;
      int32_t* am = argmax_.data() + static_cast<size_t>(p) * OH * OW;
      for (int oy = 0; oy < OH; ++oy)
        pool_row_2x2(in + 2 * oy * W, W, static_cast<int32_t>(base) + 2 * oy * W, OW, o + oy * OW, am + oy * OW);
    }
    }, /*grain=*/std::max(1, 65536 / (H * W)));  // at least ~64k inputs per thread
    return;
  }
  for (int p = 0; p < planes; ++p) {
    const float* in = x.data() + static_cast<size_t>(p) * H * W;
    float* o = out.data() + static_cast<size_t>(p) * OH * OW;
    int32_t* am = argmax_.data() + static_cast<size_t>(p) * OH * OW;
    for (int oy = 0; oy < OH; ++oy)
      for (int ox = 0; ox < OW; ++ox) {
        float best = -std::numeric_limits<float>::infinity();
        int32_t arg = -1;
        for (int fy = 0; fy < pool_h_; ++fy) {
          const int y = oy * stride_ - pad_ + fy;
          if (y < 0 || y >= H) continue;
          for (int fx = 0; fx < pool_w_; ++fx) {
            const int xx = ox * stride_ - pad_ + fx;
            if (xx < 0 || xx >= W) continue;
            const float v = in[y * W + xx];
            if (v > best || arg < 0) {  // first maximum wins on ties
              best = v;
              arg = static_cast<int32_t>(static_cast<size_t>(p) * H * W + y * W + xx);
            }
          }
        }
        o[oy * OW + ox] = arg < 0 ? 0.0f : best;
        am[oy * OW + ox] = arg;
      }
  }
}

void Pooling::backward(const Tensor& dout, Tensor& dx, bool need_dx) {
  check_shape(who(), "gradient", dout.shape(), output_shape(x_shape_));
  if (!need_dx) {
    dx.resize({0});
    return;
  }
  dx.resize(x_shape_);
  dx.fill(0.0f);
  // Each output's gradient goes to its window's maximum; overlapping windows add up.
  for (size_t i = 0; i < dout.size(); ++i)
    if (argmax_[i] >= 0) dx[static_cast<size_t>(argmax_[i])] += dout[i];
}

}  // namespace cnn
