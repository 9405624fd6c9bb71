// Convolution layer: im2col + one matrix product per image.
//   x is (N, C, H, W), W is (FN, C, FH, FW), b is (FN,), out is (N, FN, OH, OW)
//   colT_n = im2col(x_n)ᵀ          (C*FH*FW, OH*OW)   (im2col_transposed; forward writes it
//                                   straight in gemm's packed panels, im2col_packed)
//   out_n  = W · colT_n + b        (FN, OH*OW)  — written straight into NCHW
// Backward:
//   db     = Σ dout                (FN,)
//   dW    += dout_n · colT_nᵀ      (FN, C*FH*FW)
//   dcolT_n = Wᵀ · dout_n          (C*FH*FW, OH*OW), then col2im adds the windows back into dx_n
// (or, for a mostly-zero dout, the gradient's sparse road).
// Working one image at a time keeps colT_n (57.6 KB for SimpleConvNet) in cache; backward
// rebuilds it from x_n, which is cheaper than keeping the whole batch's col in memory.
//
// A mostly-zero image (a drawn digit), or a mostly-zero gradient (after pooling), may take a
// shorter road to the same sums, the sparse roads in convolution_sparse.cpp; the road choice
// at the end of this file is the one place that chooses (takes_sparse_road,
// takes_gradient_road).
#include <algorithm>
#include <limits>

#include "cnn/convolution_sparse.h"
#include "cnn/gemm.h"
#include "cnn/im2col.h"
#include "cnn/layers.h"
#include "cnn/parallel.h"
#include "cnn/simd.h"

namespace cnn {

using conv_detail::count_nonzero;
using conv_detail::sum;

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
  const int N = os[0], C = x_shape_[1], H = x_shape_[2], Wd = x_shape_[3];
  const int P = os[2] * os[3], K = C * filter_h_ * filter_w_;
  const size_t image = static_cast<size_t>(C) * H * Wd;
  out.resize(os);
  scratch_.resize(static_cast<size_t>(std::max(1, parallel_chunks(N))));
  const size_t limit = sparse_limit(P, Pass::Forward);
  if (limit > 0) lay_out_w_by_tap();
  const int panel = gemm_panel_width();
  const size_t packed_size = im2col_packed_size(C, H, Wd, filter_h_, filter_w_, stride_, pad_, panel);
  parallel_for(N, [&](int begin, int end, int chunk) {
    Scratch& s = scratch_[static_cast<size_t>(chunk)];
    s.packed_col.resize(packed_size);
    for (int n = begin; n < end; ++n) {
      const float* xn = x.data() + n * image;
      float* o = out.data() + static_cast<size_t>(n) * filters_ * P;
      if (takes_sparse_road(xn, limit)) {
        forward_sparse(xn, H, Wd, os[2], os[3], s, o);
        continue;
      }
      im2col_packed(xn, C, H, Wd, filter_h_, filter_w_, stride_, pad_, panel, s.packed_col.data());
      for (int f = 0; f < filters_; ++f)
        std::fill(o + static_cast<size_t>(f) * P, o + static_cast<size_t>(f + 1) * P, b[f]);
      gemm_packed_b(Trans::No, filters_, P, K, 1.0f, W.data(), K, s.packed_col.data(), 1.0f, o, P);
    }
  });
}

void Convolution::backward(const Tensor& dout, Tensor& dx, bool need_dx) {
  if (!x_) throw std::logic_error(who() + ": backward called before forward");
  const Shape os = output_shape(x_shape_);
  check_shape(who(), "gradient", dout.shape(), os);
  const int N = os[0], C = x_shape_[1], H = x_shape_[2], Wd = x_shape_[3];
  const int P = os[2] * os[3], K = C * filter_h_ * filter_w_;
  const size_t image = static_cast<size_t>(C) * H * Wd;
  if (need_dx) dx.resize(x_shape_);
  const size_t limit = sparse_limit(P, Pass::Backward), glimit = gradient_limit(P, need_dx);
  if (glimit > 0 && need_dx) lay_out_w_by_window();  // the weights dx scatters
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
    if (limit > 0) start_sparse_dW(s);
    if (glimit > 0) start_gradient_road(s);
    for (int n = begin; n < end; ++n) {
      const float* d = dout.data() + static_cast<size_t>(n) * filters_ * P;
      for (int f = 0; f < filters_; ++f) s.db[f] += sum(d + static_cast<size_t>(f) * P, P);
      const float* xn = x_->data() + n * image;
      if (takes_gradient_road(d, static_cast<size_t>(filters_) * P, glimit)) {
        backward_sparse_gradient(xn, d, H, Wd, os[2], os[3], s, need_dx ? dx.data() + n * image : nullptr);
        continue;
      }
      if (takes_sparse_road(xn, limit)) {
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
    if (limit > 0) finish_sparse_dW(s);
    if (glimit > 0) finish_gradient_road(s);
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

// The road choice, the one place that decides: forward and backward ask takes_sparse_road for
// every image. The sparse road (convolution_sparse.cpp) skips the image's zeros on the way to
// the same sums (the same floats for one input channel, see there); it is taken where it is
// faster. limit = sparse_limit(OH*OW, pass) is worked out once per pass; 0 means no image can
// take it.
size_t Convolution::sparse_limit(int P, Pass pass) const {
  // Which road, measured per image in WASM SIMD128 (Node, quiet 2-core machine):
  // - one input channel (every first layer; the road walks the nonzero pixels): SimpleConvNet's
  //   conv1 takes 13 / 18 / 23 / 27 / 31 / 36 µs at 10 / 20 / 30 / 35 / 40 / 50 % nonzero
  //   pixels, against 28–29 µs for im2col + gemm (with gemm's 3-row WASM tile); so it is taken
  //   below one nonzero input per two outputs (37 % of the pixels here; a digit has about 19 %);
  // - several channels (the two-stage network's conv2, 16 → 32 filters on 14×14; the road
  //   gathers each output pair's window): 79 / 98 / 118 / 132 / 145 / 157 / 166 / 177 µs at
  //   20 / 30 / 40 / 50 / 60 / 70 / 80 / 100 % nonzero inputs, against 247 µs for im2col +
  //   gemm at every density; so forward always takes it (up to 64 channels, the gather's
  //   masks). Backward's dW (from the input's side, as for one channel) keeps the one-channel
  //   rule: this change measured only the forward.
  // Natively (Release, quiet 2-core AMD EPYC, AVX2): one channel stays with gemm (conv1, 16
  // filters: 12 / 24 / 39 µs at 20 / 50 / 100 % against 16 µs at every density), several
  // channels take the gather (conv2: 37 / 65 / 89 µs at 20 / 50 / 100 % against 98 µs). With
  // AVX-512's 16 lanes gemm stays for every layer (32 filters are only two vectors there; not
  // measured).
  if (stride_ != 1 || road_ == Road::Im2col) return 0;
  if (road_ == Road::Sparse) return std::numeric_limits<size_t>::max();
  if (channels_ == 1 || pass == Pass::Backward || channels_ > 64)
    return simd::VW <= 4 ? static_cast<size_t>(P) * channels_ / 2 : 0;
  return simd::VW <= 8 ? std::numeric_limits<size_t>::max() : 0;
}

// The gradient's sparse road (backward from dout's nonzeros; dW, and dx for 2 or more input
// channels): a convolution followed by ReLU and 2×2 max pooling gets at most one nonzero
// gradient per 2×2 block of each channel (≥ 75 % zeros), and ReLU zeroes more. Measured per
// image on a quiet 2-core AMD EPYC, at 10 / 25 / 50 / 75 / 100 % nonzero gradients:
// - several channels, the two-stage network's conv2 (16 → 32 filters on 14×14): natively
//   (AVX2) 44 / 85 / 154 / 213 / 270 µs against 210–214 µs for im2col + gemm, so taken below
//   one in two; WASM SIMD128 (Node) 77 / 146 / 262 / 376 / 482 µs against 497–501 µs, so always
//   taken. In training about 10 % of conv2's gradients are nonzero: a batch's conv2 backward
//   went from 21.0 to 5.0 ms natively;
// - one channel, dW only (first layers: 16 filters pad 2 and 30 filters pad 0 on 28×28):
//   natively 15 / 18 / 22 / – / 32 µs and 21 / 25 / 32 / – / 45 µs against 27 µs for im2col +
//   gemm, so taken below one in four; WASM 24 / 28 / 36 / – / 53 µs and 31 / 38 / 49 / – / 73 µs,
//   where the input's road (sparse_limit) takes 24 and 30 µs on a digit at any gradient: so
//   WASM keeps the input's road (and, for a smaller file, carries only a few of the
//   gradient road's kernels: 4, 2 or 1 channel vectors by all or one tap, which cost conv2's
//   WASM backward the 3–5 % between these figures and 74 / 142 / 254 / 359 / 460 µs).
size_t Convolution::gradient_limit(int P, bool need_dx) const {
  if (!gradient_road_fits(need_dx) || road_ == Road::Im2col) return 0;
  if (road_ == Road::Sparse) return std::numeric_limits<size_t>::max();
  const size_t outputs = static_cast<size_t>(P) * filters_;
  if (channels_ == 1) return simd::VW <= 4 ? 0 : outputs / 4;
  return simd::VW <= 4 ? std::numeric_limits<size_t>::max() : outputs / 2;
}

bool Convolution::takes_gradient_road(const float* d, size_t n, size_t limit) const {
  if (limit == std::numeric_limits<size_t>::max()) return true;
  return limit > 0 && count_nonzero(d, n) < limit;
}

bool Convolution::takes_sparse_road(const float* xn, size_t limit) const {
  if (limit == std::numeric_limits<size_t>::max()) return true;  // every image: no need to count
  return limit > 0 && count_nonzero(xn, static_cast<size_t>(x_shape_[1]) * x_shape_[2] * x_shape_[3]) < limit;
}

}  // namespace cnn
