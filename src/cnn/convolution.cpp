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
//   out[f, y+P−fy, x+P−fx] += x[c, y, x] · W[f, c, fy, fx]      for every filter f at once,
// which is the same multiply-accumulate seen from the input's side (about 4× fewer products
// for a digit). Each output still receives its terms in im2col's order (c, fy, fx) and the
// bias last, as gemm's packed road does, so both roads give the same floats (a test checks).
// backward_sparse_dW gathers dW from the same nonzero pixels:
//   dW[f, c, fy, fx] += x[c, y, x] · dout[f, y+P−fy, x+P−fx]
// (equal to the gemm road's dW within float rounding: gemm sums the pixels in slices).
#include <algorithm>
#include <cstring>
#include <limits>

#include "cnn/gemm.h"
#include "cnn/im2col.h"
#include "cnn/layers.h"
#include "cnn/parallel.h"
#include "cnn/simd.h"

namespace cnn {


namespace {

// The sparse road's loop: for every nonzero input value v = x[c, y, x] and every filter tap
// (c, fy, fx) whose window position exists, calls fn(v, p, k) with p = the output pixel
// (y + pad − fy) * OW + (x + pad − fx) and k = the tap's im2col row (c * FH + fy) * FW + fx.
// Stride 1. For one output pixel the taps come in im2col's order (c, fy, fx).
template <class F>
void for_each_nonzero_tap(const float* x, int C, int H, int W, int FH, int FW, int pad, int OH, int OW, F&& fn) {
  for (int c = 0; c < C; ++c)
    for (int y = 0; y < H; ++y) {
      const int fy0 = std::max(0, y + pad - OH + 1), fy1 = std::min(FH - 1, y + pad);
      for (int x0 = 0; x0 < W; ++x0) {
        const float v = x[(static_cast<size_t>(c) * H + y) * W + x0];
        if (v == 0.0f) continue;
        const int fx0 = std::max(0, x0 + pad - OW + 1), fx1 = std::min(FW - 1, x0 + pad);
        for (int fy = fy0; fy <= fy1; ++fy)
          for (int fx = fx0; fx <= fx1; ++fx) fn(v, (y + pad - fy) * OW + (x0 + pad - fx), (c * FH + fy) * FW + fx);
      }
    }
}

// y[0..n) += v · a[0..n), n a multiple of the vector width.
inline void axpy(int n, float v, const float* a, float* y) {
  using simd::vfloat;
  const vfloat vv = v - vfloat{};  // v in every lane
  if (n == 32) {  // SimpleConvNet's 30 filters, padded: a fixed trip count the compiler unrolls
#pragma GCC unroll 8
    for (int q = 0; q < 32; q += simd::VW) simd::store(y + q, simd::load<vfloat>(y + q) + vv * simd::load<vfloat>(a + q));
  } else {
    for (int q = 0; q < n; q += simd::VW) simd::store(y + q, simd::load<vfloat>(y + q) + vv * simd::load<vfloat>(a + q));
  }
}

// dst[j * ldd + i] = src[i * lds + j] (+ add[j] if add) for i < rows, j < cols; 4×4 blocks.
void transpose(const float* src, int rows, int cols, int lds, float* dst, int ldd, const float* add) {
  using simd::v4f;
  const int rows4 = rows / 4 * 4, cols4 = cols / 4 * 4;
  for (int i = 0; i < rows4; i += 4) {
    for (int j = 0; j < cols4; j += 4) {
      const float* a = src + static_cast<size_t>(i) * lds + j;
      v4f r[4] = {simd::load<v4f>(a), simd::load<v4f>(a + lds), simd::load<v4f>(a + 2 * lds),
                  simd::load<v4f>(a + 3 * lds)};
      simd::transpose4(r[0], r[1], r[2], r[3]);
      for (int t = 0; t < 4; ++t) simd::store(dst + static_cast<size_t>(j + t) * ldd + i, add ? add[j + t] + r[t] : r[t]);
    }
    for (int j = cols4; j < cols; ++j)
      for (int t = i; t < i + 4; ++t)
        dst[static_cast<size_t>(j) * ldd + t] = src[static_cast<size_t>(t) * lds + j] + (add ? add[j] : 0.0f);
  }
  for (int i = rows4; i < rows; ++i)
    for (int j = 0; j < cols; ++j)
      dst[static_cast<size_t>(j) * ldd + i] = src[static_cast<size_t>(i) * lds + j] + (add ? add[j] : 0.0f);
}

// x[0] + … + x[n−1], four lanes at a time (a fixed order: the same on every target).
float sum(const float* x, int n) {
  simd::v4f acc{};
  int i = 0;
  for (; i + 4 <= n; i += 4) acc += simd::load<simd::v4f>(x + i);
  float s = (acc[0] + acc[1]) + (acc[2] + acc[3]);
  for (; i < n; ++i) s += x[i];
  return s;
}

size_t count_nonzero(const float* x, size_t n) {
  size_t k = 0;
  for (size_t i = 0; i < n; ++i) k += x[i] != 0.0f;
  return k;
}

}  // namespace

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
  const size_t limit = sparse_limit(P);
  if (limit > 0) {
    const int FP = padded_filters();
    w_by_tap_.assign(static_cast<size_t>(K) * FP, 0.0f);
    for (int f = 0; f < filters_; ++f)
      for (int k = 0; k < K; ++k) w_by_tap_[static_cast<size_t>(k) * FP + f] = W[static_cast<size_t>(f) * K + k];
  }
  parallel_for(N, [&](int begin, int end, int chunk) {
    Scratch& s = scratch_[static_cast<size_t>(chunk)];
    s.col.resize({K, P});
    for (int n = begin; n < end; ++n) {
      const float* xn = x.data() + n * image;
      if (limit > 0 && count_nonzero(xn, image) < limit) {
        forward_sparse(xn, x_shape_[2], x_shape_[3], os[2], os[3], s, out.data() + static_cast<size_t>(n) * filters_ * P);
        continue;
      }
      im2col_transposed(xn, x_shape_[1], x_shape_[2], x_shape_[3], filter_h_, filter_w_, stride_, pad_, s.col.data());
      float* o = out.data() + static_cast<size_t>(n) * filters_ * P;
      for (int f = 0; f < filters_; ++f)
        std::fill(o + static_cast<size_t>(f) * P, o + static_cast<size_t>(f + 1) * P, b[f]);
      gemm(Trans::No, Trans::No, filters_, P, K, 1.0f, W.data(), K, s.col.data(), P, 1.0f, o, P);
    }
  });
}

int Convolution::padded_filters() const { return (filters_ + simd::VW - 1) / simd::VW * simd::VW; }

size_t Convolution::sparse_limit(int P) const {
  // Which road: measured per image of SimpleConvNet's conv1 in WASM SIMD128 (Node), the
  // sparse road takes 13 / 18 / 23 / 27 / 31 / 36 µs at 10 / 20 / 30 / 35 / 40 / 50 % nonzero
  // pixels, against 28–29 µs for im2col + gemm (with gemm's 3-row WASM tile); with AVX-512's
  // 16 lanes gemm takes 10 µs at every density and the sparse road never wins. So Auto takes
  // it with 4-lane vectors below one nonzero input per two outputs (37 % of the pixels here;
  // an MNIST digit has about 19 %).
  if (stride_ != 1 || road_ == Road::Im2col) return 0;
  if (road_ == Road::Sparse) return std::numeric_limits<size_t>::max();
  return simd::VW <= 4 ? static_cast<size_t>(P) * channels_ / 2 : 0;
}

void Convolution::forward_sparse(const float* x, int H, int W, int OH, int OW, Scratch& s, float* out) const {
  // acc[p, f] = Σ over the taps of p: x · W[f, tap], all filters at once; then out[f, p] = b[f] + acc[p, f].
  const int FP = padded_filters(), P = OH * OW;
  s.acc.assign(static_cast<size_t>(P) * FP, 0.0f);
  float* acc = s.acc.data();
  const float* w = w_by_tap_.data();
  for_each_nonzero_tap(x, channels_, H, W, filter_h_, filter_w_, pad_, OH, OW, [&](float v, int p, int k) {
    axpy(FP, v, w + static_cast<size_t>(k) * FP, acc + static_cast<size_t>(p) * FP);
  });
  transpose(acc, P, filters_, FP, out, P, b.data());
}

void Convolution::backward_sparse_dW(const float* x, const float* d, int H, int W, int OH, int OW, Scratch& s) const {
  // dW[f, tap] += Σ over the nonzero inputs x of the tap: x · dout[f, p], all filters at once,
  // into s.dw_by_tap (K, FP); dout is first laid out pixel-major (P, FP) in s.acc.
  const int FP = padded_filters(), P = OH * OW;
  s.acc.resize(static_cast<size_t>(P) * FP);
  float* dT = s.acc.data();
  transpose(d, filters_, P, P, dT, FP, nullptr);
  for (int p = 0; p < P; ++p) std::fill(dT + static_cast<size_t>(p) * FP + filters_, dT + static_cast<size_t>(p + 1) * FP, 0.0f);
  float* g = s.dw_by_tap.data();
  for_each_nonzero_tap(x, channels_, H, W, filter_h_, filter_w_, pad_, OH, OW, [&](float v, int p, int k) {
    axpy(FP, v, dT + static_cast<size_t>(p) * FP, g + static_cast<size_t>(k) * FP);
  });
}

void Convolution::backward(const Tensor& dout, Tensor& dx, bool need_dx) {
  if (!x_) throw std::logic_error(who() + ": backward called before forward");
  const Shape os = output_shape(x_shape_);
  check_shape(who(), "gradient", dout.shape(), os);
  const int N = os[0], P = os[2] * os[3], K = channels_ * filter_h_ * filter_w_;
  const size_t image = static_cast<size_t>(x_shape_[1]) * x_shape_[2] * x_shape_[3];
  if (need_dx) dx.resize(x_shape_);
  const size_t limit = sparse_limit(P);
  const int FP = padded_filters();
  const int chunks = std::max(1, parallel_chunks(N));
  scratch_.resize(static_cast<size_t>(chunks));
  parallel_for(N, [&](int begin, int end, int chunk) {
    Scratch& s = scratch_[static_cast<size_t>(chunk)];
    s.dW.resize(W.shape());
    s.db.resize(b.shape());
    s.col.resize({K, P});
    s.dcol.resize({K, P});
    s.dW.fill(0.0f);
    s.db.fill(0.0f);
    if (limit > 0) s.dw_by_tap.assign(static_cast<size_t>(K) * FP, 0.0f);
    for (int n = begin; n < end; ++n) {
      const float* d = dout.data() + static_cast<size_t>(n) * filters_ * P;
      for (int f = 0; f < filters_; ++f) s.db[f] += sum(d + static_cast<size_t>(f) * P, P);
      const int C = x_shape_[1], H = x_shape_[2], Wd = x_shape_[3];
      const float* xn = x_->data() + n * image;
      if (limit > 0 && count_nonzero(xn, image) < limit) {
        backward_sparse_dW(xn, d, H, Wd, os[2], os[3], s);
      } else {
        im2col_transposed(xn, C, H, Wd, filter_h_, filter_w_, stride_, pad_, s.col.data());
        gemm(Trans::No, Trans::Yes, filters_, K, P, 1.0f, d, P, s.col.data(), P, 1.0f, s.dW.data(), K);
      }
      if (need_dx) {
        gemm(Trans::Yes, Trans::No, K, P, filters_, 1.0f, W.data(), K, d, P, 0.0f, s.dcol.data(), P);
        col2im_transposed(s.dcol.data(), C, H, Wd, filter_h_, filter_w_, stride_, pad_, dx.data() + n * image);
      }
    }
    if (limit > 0)  // the sparse road's sums, tap-major, into dW's (filters, taps) layout
      for (int f = 0; f < filters_; ++f)
        for (int k = 0; k < K; ++k) s.dW[static_cast<size_t>(f) * K + k] += s.dw_by_tap[static_cast<size_t>(k) * FP + f];
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
