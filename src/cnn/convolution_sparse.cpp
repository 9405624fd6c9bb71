// Convolution's sparse road: the same sums as im2col + gemm (convolution.cpp) for an image
// that is mostly zeros, skipping the zeros. convolution.cpp decides which road an image takes
// (Convolution::takes_sparse_road); this file only computes.
//   x is (N, C, H, W), W is (FN, C, FH, FW), b is (FN,), out is (N, FN, OH, OW); stride 1
//
// Sparse inputs: about 80 % of an MNIST digit's pixels are 0, and a 0 adds nothing to any
// window. forward_sparse computes
//   out[f, oy, ox] = b[f] + Σ over the nonzero x[c, y, x] in the window: x · W[f, c, fy, fx]
// for every filter f at once, in one of two ways:
// - one input channel (a first layer), or more than 64: from the input's side, each nonzero pixel adds its share
//   to the windows that cover it (about 4× fewer products for a digit). Each output receives
//   its terms in im2col's order (c, fy, fx) and the bias last, as gemm's packed road does, so
//   both roads give the same floats (a test checks; while C*FH*FW fits in one of gemm's KC = 256
//   deep slices, as for every first layer);
// - several channels (the two-stage network's conv2): from the output's side, two neighbouring
//   output pixels at a time keep their sums in registers and walk their windows' taps, and at
//   each tap the channels nonzero under either pixel (a bit mask per pixel), so that every
//   weight vector loaded serves both. The terms come in the order (fy, fx, c): equal to the
//   gemm road within float rounding.
// backward_sparse_dW gathers dW from the nonzero pixels, from the input's side:
//   dW[f, c, fy, fx] += x[c, y, x] · dout[f, y+P−fy, x+P−fx]
// (equal to the gemm road's dW within float rounding: gemm sums the pixels in slices).
// All filters are handled at once as vectors: W is laid out tap-major, (C*FH*FW, FN padded
// to the vector width), and the sums are kept pixel-major, (OH*OW, FN padded).
#include <algorithm>
#include <cstring>
#include <cstdint>
#include <vector>

#include "cnn/convolution_sparse.h"
#include "cnn/layers.h"
#include "cnn/simd.h"

namespace cnn {

namespace conv_detail {

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

}  // namespace conv_detail

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

// The gather's view of the image: its values pixel-major, hwc[q·C + c] = x[c, q], and for
// every pixel q a mask of its nonzero channels (bit c set when x[c, q] ≠ 0; C ≤ 64).
void gather_view(const float* x, int C, int HW, std::vector<float>& hwc, std::vector<uint64_t>& mask) {
  hwc.resize(static_cast<size_t>(C) * HW);
  mask.resize(static_cast<size_t>(HW));
  for (int q = 0; q < HW; ++q) {
    uint64_t m = 0;
    float* h = hwc.data() + static_cast<size_t>(q) * C;
    for (int c = 0; c < C; ++c) {
      const float v = x[static_cast<size_t>(c) * HW + q];
      h[c] = v;
      m |= static_cast<uint64_t>(v != 0.0f) << c;
    }
    mask[q] = m;
  }
}

struct Window { int C, H, W, OH, OW, FH, FW, pad; };

// Output pixels ox .. ox+PX−1 of row oy (PX = 1 or 2, all with the same window columns
// fx0..fx1): acc[p, 0 .. NV·VW) = Σ over the taps (fy, fx) and the channels c nonzero under
// any of the PX pixels: x[c, y, x] · w[(c, fy, fx), 0 .. NV·VW). w is tap-major with row length
// FP, acc pixel-major with row length FP. The PX·NV sums stay in registers, and each weight
// vector loaded serves all PX pixels. The terms come in the order (fy, fx, c).
template <int NV, int PX>
void sum_windows(const Window& g, const float* hwc, const uint64_t* mask, int oy, int ox, int fx0, int fx1,
                 const float* w, int FP, float* acc) {
  using simd::vfloat;
  const int fy0 = std::max(0, g.pad - oy), fy1 = std::min(g.FH - 1, g.H - 1 + g.pad - oy);
  const size_t channel_stride = static_cast<size_t>(g.FH) * g.FW * FP;
  vfloat a[PX][NV] = {};
  for (int fy = fy0; fy <= fy1; ++fy) {
    const int row = (oy + fy - g.pad) * g.W + ox - g.pad;
    for (int fx = fx0; fx <= fx1; ++fx) {
      const int q = row + fx;
      uint64_t m = mask[q];
      for (int i = 1; i < PX; ++i) m |= mask[q + i];
      const float* wt = w + static_cast<size_t>(fy * g.FW + fx) * FP;
      const float* h = hwc + static_cast<size_t>(q) * g.C;
      while (m) {
        const int c = __builtin_ctzll(m);
        m &= m - 1;
        const float* wc = wt + c * channel_stride;
        vfloat v[PX];
        for (int i = 0; i < PX; ++i) v[i] = h[i * g.C + c] - vfloat{};  // the value in every lane
        for (int j = 0; j < NV; ++j) {
          const vfloat wj = simd::load<vfloat>(wc + j * simd::VW);
          for (int i = 0; i < PX; ++i) a[i][j] += v[i] * wj;
        }
      }
    }
  }
  for (int i = 0; i < PX; ++i)
    for (int j = 0; j < NV; ++j) simd::store(acc + static_cast<size_t>(oy * g.OW + ox + i) * FP + j * simd::VW, a[i][j]);
}

// Every output pixel, for the filters of one block of NV vectors: pairs of neighbours where
// both see the same window columns, single pixels where they do not (at the edges, and the
// last of an odd-width row).
template <int NV>
void sum_all_windows(const Window& g, const float* hwc, const uint64_t* mask, const float* w, int FP, float* acc) {
  for (int oy = 0; oy < g.OH; ++oy)
    for (int ox = 0; ox < g.OW;) {
      const int fx0 = std::max(0, g.pad - ox), fx1 = std::min(g.FW - 1, g.W - 1 + g.pad - ox);
      const bool pair = ox + 1 < g.OW && fx0 == std::max(0, g.pad - ox - 1) &&
                        fx1 == std::min(g.FW - 1, g.W - 1 + g.pad - ox - 1);
      if (pair) {
        sum_windows<NV, 2>(g, hwc, mask, oy, ox, fx0, fx1, w, FP, acc);
        ox += 2;
      } else {
        sum_windows<NV, 1>(g, hwc, mask, oy, ox, fx0, fx1, w, FP, acc);
        ox += 1;
      }
    }
}

}  // namespace

int Convolution::padded_filters() const { return (filters_ + simd::VW - 1) / simd::VW * simd::VW; }

void Convolution::lay_out_w_by_tap() {
  // w_by_tap_[k, f] = W[f, k], (C*FH*FW, filters padded), the padding lanes 0. Kept while W
  // holds the same bits: a drawing's predict calls this once per image, and the layout is a
  // strided copy of all of W (training changes W every step and lays it out again).
  const size_t bytes = W.size() * sizeof(float);
  if (w_by_tap_of_.size() == W.size() && std::memcmp(w_by_tap_of_.data(), W.data(), bytes) == 0) return;
  w_by_tap_of_.assign(W.data(), W.data() + W.size());
  const int K = channels_ * filter_h_ * filter_w_, FP = padded_filters();
  w_by_tap_.assign(static_cast<size_t>(K) * FP, 0.0f);
  for (int f = 0; f < filters_; ++f)
    for (int k = 0; k < K; ++k) w_by_tap_[static_cast<size_t>(k) * FP + f] = W[static_cast<size_t>(f) * K + k];
}

void Convolution::forward_sparse(const float* x, int H, int W, int OH, int OW, Scratch& s, float* out) const {
  // acc[p, f] = Σ of x · W[f, tap] over the nonzero inputs of p's window, all filters at once;
  // then out[f, p] = b[f] + acc[p, f].
  const int FP = padded_filters(), P = OH * OW;
  if (channels_ == 1 || channels_ > 64) {
    // From the input's side: every nonzero pixel adds its share to the windows that cover it.
    s.acc.assign(static_cast<size_t>(P) * FP, 0.0f);
    float* acc = s.acc.data();
    const float* w = w_by_tap_.data();
    for_each_nonzero_tap(x, channels_, H, W, filter_h_, filter_w_, pad_, OH, OW, [&](float v, int p, int k) {
      axpy(FP, v, w + static_cast<size_t>(k) * FP, acc + static_cast<size_t>(p) * FP);
    });
  } else {
    // From the output's side (several channels): each pixel's sums gathered in registers.
    s.acc.resize(static_cast<size_t>(P) * FP);
    gather_view(x, channels_, H * W, s.hwc, s.nonzero_channels);
    const Window g{channels_, H, W, OH, OW, filter_h_, filter_w_, pad_};
    for (int f0 = 0; f0 < FP; f0 += 4 * simd::VW) {  // blocks of up to 4 vectors of filters
      const float* w = w_by_tap_.data() + f0;
      float* acc = s.acc.data() + f0;
      switch (std::min(4, (FP - f0) / simd::VW)) {
        case 1: sum_all_windows<1>(g, s.hwc.data(), s.nonzero_channels.data(), w, FP, acc); break;
        case 2: sum_all_windows<2>(g, s.hwc.data(), s.nonzero_channels.data(), w, FP, acc); break;
        case 3: sum_all_windows<3>(g, s.hwc.data(), s.nonzero_channels.data(), w, FP, acc); break;
        default: sum_all_windows<4>(g, s.hwc.data(), s.nonzero_channels.data(), w, FP, acc); break;
      }
    }
  }
  transpose(s.acc.data(), P, filters_, FP, out, P, b.data());
}

void Convolution::start_sparse_dW(Scratch& s) const {
  s.dw_by_tap.assign(static_cast<size_t>(channels_) * filter_h_ * filter_w_ * padded_filters(), 0.0f);
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

void Convolution::finish_sparse_dW(Scratch& s) const {
  // The sparse road's sums, tap-major, into dW's (filters, taps) layout.
  const int K = channels_ * filter_h_ * filter_w_, FP = padded_filters();
  for (int f = 0; f < filters_; ++f)
    for (int k = 0; k < K; ++k) s.dW[static_cast<size_t>(f) * K + k] += s.dw_by_tap[static_cast<size_t>(k) * FP + f];
}

}  // namespace cnn
