// Convolution layer: im2col + one matrix product per image.
//   x is (N, C, H, W), W is (FN, C, FH, FW), b is (FN,), out is (N, FN, OH, OW)
//   colT_n = im2col(x_n)ᵀ          (C*FH*FW, OH*OW)   (im2col_transposed)
//   out_n  = W · colT_n + b        (FN, OH*OW)  — written straight into NCHW
// Backward:
//   db     = Σ dout                (FN,)
//   dW    += dout_n · colT_nᵀ      (FN, C*FH*FW)
//   dcolT_n = Wᵀ · dout_n          (C*FH*FW, OH*OW), then col2im adds the windows back into dx_n
// Working one image at a time keeps colT_n (57.6 KB for SimpleConvNet) in cache; backward
// rebuilds it from x_n, which is cheaper than keeping the whole batch's col in memory.
#include <algorithm>
#include <cstring>

#include "cnn/gemm.h"
#include "cnn/im2col.h"
#include "cnn/layers.h"
#include "cnn/parallel.h"

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
  return {in[0], filters_, window_output_size(who(), in, "H", filter_h_, pad_, stride_),
          window_output_size(who(), in, "W", filter_w_, pad_, stride_)};
}

void Convolution::forward(const Tensor& x, Tensor& out) {
  const Shape os = output_shape(x.shape());
  x_shape_ = x.shape();
  x_ = &x;
  const int N = os[0], P = os[2] * os[3], K = channels_ * filter_h_ * filter_w_;
  const size_t image = static_cast<size_t>(x_shape_[1]) * x_shape_[2] * x_shape_[3];
  out.resize(os);
  scratch_.resize(static_cast<size_t>(std::max(1, parallel_chunks(N))));
  parallel_for(N, [&](int begin, int end, int chunk) {
    Scratch& s = scratch_[static_cast<size_t>(chunk)];
    s.col.resize({K, P});
    for (int n = begin; n < end; ++n) {
      im2col_transposed(x.data() + n * image, x_shape_[1], x_shape_[2], x_shape_[3], filter_h_, filter_w_, stride_,
                        pad_, s.col.data());
      float* o = out.data() + static_cast<size_t>(n) * filters_ * P;
      for (int f = 0; f < filters_; ++f)
        std::fill(o + static_cast<size_t>(f) * P, o + static_cast<size_t>(f + 1) * P, b[f]);
      gemm(Trans::No, Trans::No, filters_, P, K, 1.0f, W.data(), K, s.col.data(), P, 1.0f, o, P);
    }
  });
}

void Convolution::backward(const Tensor& dout, Tensor& dx, bool need_dx) {
  if (!x_) throw std::logic_error(who() + ": backward called before forward");
  const Shape os = output_shape(x_shape_);
  check_shape(who(), "gradient", dout.shape(), os);
  const int N = os[0], P = os[2] * os[3], K = channels_ * filter_h_ * filter_w_;
  const size_t image = static_cast<size_t>(x_shape_[1]) * x_shape_[2] * x_shape_[3];
  if (need_dx) dx.resize(x_shape_);
  const int chunks = std::max(1, parallel_chunks(N));
  scratch_.resize(static_cast<size_t>(chunks));
  parallel_for(N, [&](int begin, int end, int chunk) {
    Scratch& s = scratch_[static_cast<size_t>(chunk)];
    s.dW.resize(W.shape());
    s.db.resize(b.shape());
    s.col.resize({K, P});
    s.dcol.resize({K, P});
    s.db.fill(0.0f);
    for (int n = begin; n < end; ++n) {
      const float* d = dout.data() + static_cast<size_t>(n) * filters_ * P;
      for (int f = 0; f < filters_; ++f) {
        float sum = 0;
        for (int p = 0; p < P; ++p) sum += d[static_cast<size_t>(f) * P + p];
        s.db[f] += sum;
      }
      const int C = x_shape_[1], H = x_shape_[2], Wd = x_shape_[3];
      im2col_transposed(x_->data() + n * image, C, H, Wd, filter_h_, filter_w_, stride_, pad_, s.col.data());
      gemm(Trans::No, Trans::Yes, filters_, K, P, 1.0f, d, P, s.col.data(), P, n == begin ? 0.0f : 1.0f, s.dW.data(), K);
      if (need_dx) {
        gemm(Trans::Yes, Trans::No, K, P, filters_, 1.0f, W.data(), K, d, P, 0.0f, s.dcol.data(), P);
        col2im_transposed(s.dcol.data(), C, H, Wd, filter_h_, filter_w_, stride_, pad_, dx.data() + n * image);
      }
    }
  });
  // Sum the per-thread partial gradients (in a fixed order: the result only depends on the thread count).
  dW.fill(0.0f);
  db.fill(0.0f);
  for (int c = 0; c < chunks && c < N; ++c) {
    const Scratch& s = scratch_[static_cast<size_t>(c)];
    for (size_t i = 0; i < dW.size(); ++i) dW[i] += s.dW[i];
    for (size_t i = 0; i < db.size(); ++i) db[i] += s.db[i];
  }
  if (!need_dx) dx.resize({0});
}

std::vector<Param> Convolution::params() { return {{name() + ".W", &W, &dW}, {name() + ".b", &b, &db}}; }

}  // namespace cnn
