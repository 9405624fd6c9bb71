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
//
// Sparse inputs: about 80 % of an MNIST digit's pixels are 0, and a 0 adds nothing to any
// window. For such an image forward_sparse walks the nonzero pixels instead and adds
//   out[f, y−fy, x−fx] += x[c, y, x] · W[f, c, fy, fx]      for every filter f at once,
// which is the same multiply-accumulate seen from the input's side (about 4× fewer products
// for a digit). Each output still receives its terms in im2col's order (c, fy, fx) and the
// bias last, as gemm's packed road does, so both roads give the same floats (a test checks).
#include <algorithm>
#include <cstring>

#include "cnn/gemm.h"
#include "cnn/im2col.h"
#include "cnn/layers.h"
#include "cnn/parallel.h"
#include "cnn/simd.h"

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
  // Which road: measured per image of SimpleConvNet's conv1, the sparse road takes 15 / 21 /
  // 28 / 33 / 40 µs at 10 / 20 / 30 / 40 / 50 % nonzero pixels in WASM SIMD128, against
  // 38–41 µs for im2col + gemm; with AVX-512's 16 lanes gemm takes 10 µs at every density and
  // the sparse road never wins. So Auto takes it with 4-lane vectors below one nonzero input
  // per two outputs (an MNIST digit has about 18 % nonzero pixels).
  // An image with fewer nonzero inputs than sparse_limit takes the sparse road (stride 1 only).
  size_t sparse_limit = 0;
  if (stride_ == 1 && road_ == Road::Sparse) sparse_limit = image + 1;
  if (stride_ == 1 && road_ == Road::Auto && simd::VW <= 4) sparse_limit = static_cast<size_t>(P) * channels_ / 2;
  if (sparse_limit > 0) {
    const int FP = padded_filters();
    w_by_tap_.assign(static_cast<size_t>(K) * FP, 0.0f);
    for (int f = 0; f < filters_; ++f)
      for (int k = 0; k < K; ++k) w_by_tap_[static_cast<size_t>(k) * FP + f] = W[static_cast<size_t>(f) * K + k];
  }
  parallel_for(N, [&](int begin, int end, int chunk) {
    Scratch& s = scratch_[static_cast<size_t>(chunk)];
    s.col.resize({K, P});
    for (int n = begin; n < end; ++n) {
      if (sparse_limit > 0) {
        const float* xn = x.data() + n * image;
        size_t nonzero = 0;
        for (size_t i = 0; i < image; ++i) nonzero += xn[i] != 0.0f;
        if (nonzero < sparse_limit) {
          forward_sparse(xn, x_shape_[2], x_shape_[3], os[2], os[3], s,
                         out.data() + static_cast<size_t>(n) * filters_ * P);
          continue;
        }
      }
      im2col_transposed(x.data() + n * image, x_shape_[1], x_shape_[2], x_shape_[3], filter_h_, filter_w_, stride_,
                        pad_, s.col.data());
      float* o = out.data() + static_cast<size_t>(n) * filters_ * P;
      for (int f = 0; f < filters_; ++f)
        std::fill(o + static_cast<size_t>(f) * P, o + static_cast<size_t>(f + 1) * P, b[f]);
      gemm(Trans::No, Trans::No, filters_, P, K, 1.0f, W.data(), K, s.col.data(), P, 1.0f, o, P);
    }
  });
}

int Convolution::padded_filters() const { return (filters_ + simd::VW - 1) / simd::VW * simd::VW; }

void Convolution::forward_sparse(const float* x, int H, int W, int OH, int OW, Scratch& s, float* out) const {
  using simd::vfloat;
  const int FP = padded_filters(), P = OH * OW;
  s.acc.assign(static_cast<size_t>(P) * FP, 0.0f);
  float* acc = s.acc.data();
  for (int c = 0; c < channels_; ++c)
    for (int y = 0; y < H; ++y) {
      // Filter rows fy whose output row y + pad − fy exists.
      const int fy0 = std::max(0, y + pad_ - OH + 1), fy1 = std::min(filter_h_ - 1, y + pad_);
      for (int x0 = 0; x0 < W; ++x0) {
        const float v = x[(static_cast<size_t>(c) * H + y) * W + x0];
        if (v == 0.0f) continue;
        const vfloat vv = v - vfloat{};  // v in every lane
        const int fx0 = std::max(0, x0 + pad_ - OW + 1), fx1 = std::min(filter_w_ - 1, x0 + pad_);
        for (int fy = fy0; fy <= fy1; ++fy)
          for (int fx = fx0; fx <= fx1; ++fx) {
            float* a = acc + (static_cast<size_t>(y + pad_ - fy) * OW + (x0 + pad_ - fx)) * FP;
            const float* w = w_by_tap_.data() + ((static_cast<size_t>(c) * filter_h_ + fy) * filter_w_ + fx) * FP;
            if (FP == 32) {  // SimpleConvNet's 30 filters: a fixed trip count the compiler unrolls
#pragma GCC unroll 8
              for (int q = 0; q < 32; q += simd::VW)
                simd::store(a + q, simd::load<vfloat>(a + q) + vv * simd::load<vfloat>(w + q));
            } else {
              for (int q = 0; q < FP; q += simd::VW)
                simd::store(a + q, simd::load<vfloat>(a + q) + vv * simd::load<vfloat>(w + q));
            }
          }
      }
    }
  // out[f, p] = b[f] + acc[p, f]: transpose in 4×4 blocks.
  using simd::v4f;
  int p = 0;
  for (; p + 4 <= P; p += 4)
    for (int f = 0; f < filters_; f += 4) {
      const float* a = acc + static_cast<size_t>(p) * FP + f;
      v4f r0 = simd::load<v4f>(a), r1 = simd::load<v4f>(a + FP), r2 = simd::load<v4f>(a + 2 * FP),
          r3 = simd::load<v4f>(a + 3 * FP);
      simd::transpose4(r0, r1, r2, r3);
      const v4f cols[4] = {r0, r1, r2, r3};
      for (int j = 0; j < 4 && f + j < filters_; ++j)
        simd::store(out + static_cast<size_t>(f + j) * P + p, b[f + j] + cols[j]);
    }
  for (; p < P; ++p)
    for (int f = 0; f < filters_; ++f) out[static_cast<size_t>(f) * P + p] = b[f] + acc[static_cast<size_t>(p) * FP + f];
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
