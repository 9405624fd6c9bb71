// Convolution layer: im2col + one matrix product per image.
//   x is (N, C, H, W), W is (FN, C, FH, FW), b is (FN,), out is (N, FN, OH, OW)
//   col_n = im2col(x_n)            (OH*OW, C*FH*FW)
//   out_n = W · col_nᵀ + b         (FN, OH*OW)  — written straight into NCHW
// Backward:
//   db    = Σ dout                 (FN,)
//   dW   += dout_n · col_n         (FN, C*FH*FW)
//   dcol_n = dout_nᵀ · W           (OH*OW, C*FH*FW), then col2im adds the windows back into dx
#include <algorithm>

#include "cnn/gemm.h"
#include "cnn/im2col.h"
#include "cnn/layers.h"

namespace cnn {

Convolution::Convolution(std::string name, int filters, int channels, int filter_h, int filter_w, int stride, int pad)
    : Layer(std::move(name)),
      filters_(filters), channels_(channels), filter_h_(filter_h), filter_w_(filter_w), stride_(stride), pad_(pad) {
  if (filters <= 0 || channels <= 0 || filter_h <= 0 || filter_w <= 0 || stride <= 0 || pad < 0)
    throw std::invalid_argument(who() + ": filters, channels, filter size and stride must be positive, pad >= 0");
  W = Tensor({filters, channels, filter_h, filter_w});
  b = Tensor({filters});
  dW = Tensor(W.shape());
  db = Tensor(b.shape());
}

Shape Convolution::output_shape(const Shape& in) const {
  check_shape(who(), "input", in, {-1, channels_, -1, -1});
  auto size = [&](int n, int f, const char* axis) {
    const std::string err = conv_output_size_error(n, f, pad_, stride_);
    if (!err.empty()) throw ShapeError(who() + ": input " + shape_str(in) + " does not fit along " + axis + ": " + err);
    return (n + 2 * pad_ - f) / stride_ + 1;
  };
  return {in[0], filters_, size(in[2], filter_h_, "H"), size(in[3], filter_w_, "W")};
}

void Convolution::forward(const Tensor& x, Tensor& out) {
  const Shape os = output_shape(x.shape());
  x_shape_ = x.shape();
  const int N = os[0], P = os[2] * os[3], K = channels_ * filter_h_ * filter_w_;
  im2col(x, filter_h_, filter_w_, stride_, pad_, col_);
  out.resize(os);
  for (int n = 0; n < N; ++n) {
    float* o = out.data() + static_cast<size_t>(n) * filters_ * P;
    for (int f = 0; f < filters_; ++f) std::fill(o + static_cast<size_t>(f) * P, o + static_cast<size_t>(f + 1) * P, b[f]);
    gemm(Trans::No, Trans::Yes, filters_, P, K, 1.0f, W.data(), K, col_.data() + static_cast<size_t>(n) * P * K, K,
         1.0f, o, P);
  }
}

void Convolution::backward(const Tensor& dout, Tensor& dx, bool need_dx) {
  const Shape os = output_shape(x_shape_);
  check_shape(who(), "gradient", dout.shape(), os);
  const int N = os[0], P = os[2] * os[3], K = channels_ * filter_h_ * filter_w_;
  db.fill(0.0f);
  for (int n = 0; n < N; ++n)
    for (int f = 0; f < filters_; ++f) {
      const float* d = dout.data() + (static_cast<size_t>(n) * filters_ + f) * P;
      float s = 0;
      for (int p = 0; p < P; ++p) s += d[p];
      db[f] += s;
    }
  for (int n = 0; n < N; ++n)
    gemm(Trans::No, Trans::No, filters_, K, P, 1.0f, dout.data() + static_cast<size_t>(n) * filters_ * P, P,
         col_.data() + static_cast<size_t>(n) * P * K, K, n == 0 ? 0.0f : 1.0f, dW.data(), K);
  if (!need_dx) {
    dx.resize({0});
    return;
  }
  dcol_.resize({N * P, K});
  for (int n = 0; n < N; ++n)
    gemm(Trans::Yes, Trans::No, P, K, filters_, 1.0f, dout.data() + static_cast<size_t>(n) * filters_ * P, P, W.data(),
         K, 0.0f, dcol_.data() + static_cast<size_t>(n) * P * K, K);
  col2im(dcol_, x_shape_, filter_h_, filter_w_, stride_, pad_, dx);
}

std::vector<Param> Convolution::params() { return {{name() + ".W", &W, &dW}, {name() + ".b", &b, &db}}; }

}  // namespace cnn
