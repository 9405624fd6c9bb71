// Max pooling: each output is the largest value of its window (lecture: "최대 풀링").
//   x is (N, C, H, W), out is (N, C, OH, OW), OH = (H + 2P − PH)/S + 1
// No parameters to learn; the channel count is unchanged. Padding cells are ignored
// (they never win the max). Backward: the whole gradient of an output goes to the input
// element that was its maximum (the arg-max remembered by forward).
// These are the plain loops for any window; 2×2 windows with stride 2 take a SIMD road of
// their own (pooling_2x2.cpp), chosen at the top of forward.
#include <cstdint>
#include <limits>

#include "cnn/im2col.h"
#include "cnn/layers.h"
#include "cnn/pooling_2x2.h"

namespace cnn {

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
  // Which road: 2×2 windows with stride 2 and no padding (SimpleConvNet's pool1) take the
  // SIMD road in pooling_2x2.cpp, the common case without bounds checks; it gives the same
  // outputs and arg-maxes as the loops below, ties included (a test checks).
  if (pool_h_ == 2 && pool_w_ == 2 && stride_ == 2 && pad_ == 0) {
    max_pool_2x2(x.data(), planes, H, W, OH, OW, out.data(), argmax_.data());
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
