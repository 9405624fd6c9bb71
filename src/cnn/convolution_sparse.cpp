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
// backward_sparse_gradient (the gradient's road; for one channel, natively, dW by window rows)
// starts from dout's nonzeros instead, which pooling makes at least 3 in 4: for each filter f
// and each nonzero d = dout[f, oy, ox], with the image padded and pixel-major so that a
// window's channels are vectors and no tap needs a bounds test,
//   dW[f, :, fy, fx] += d · x̂[oy+fy, ox+fx, :]   and   dx̂[oy+fy, ox+fx, :] += d · W[f, :, fy, fx]
// for a row of taps at a time (the dW sums, and W's vectors, held in registers). Equal to the
// gemm road within float rounding.
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
  simd::v4f a0{}, a1{}, a2{}, a3{};  // four chains of additions, so that none waits on the last
  int i = 0;
  for (; i + 16 <= n; i += 16) {
    a0 += simd::load<simd::v4f>(x + i);
    a1 += simd::load<simd::v4f>(x + i + 4);
    a2 += simd::load<simd::v4f>(x + i + 8);
    a3 += simd::load<simd::v4f>(x + i + 12);
  }
  for (; i + 4 <= n; i += 4) a0 += simd::load<simd::v4f>(x + i);
  const simd::v4f acc = (a0 + a1) + (a2 + a3);
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

// The gradient road's two kernels, for one filter f, one tap row fy, taps fx0 .. fx0+FXB−1 and
// channels c0 .. c0+NCB·VW, over f's nonzero gradients d[i] = dout[f, p_i]. Images are padded
// and pixel-major (row length CP channels); at[i] is p_i's window origin there, so that tap
// t's channels are at q = base + at[i] + t·CP.
//   dW[f, c, fy, fx] += Σ_i d[i] · x̂[q]      (gather_dW_taps: the FXB·NCB sums stay in
//                                              registers, and are then added into dst)
//   dx̂[q]            += d[i] · W[f, c, fy, fx] (scatter_dx_taps: the FXB·NCB weight vectors
//                                              stay in registers)
// dst and w are laid out (FN, FH, FW, CP), pointing at (f, fy, fx0, c0).
template <int NCB, int FXB>
void gather_dW_taps(const float* base, int CP, const int* at, const float* d, int n, float* dst) {
  using simd::vfloat;
  vfloat a[FXB][NCB] = {};
  for (int i = 0; i < n; ++i) {
    const vfloat v = d[i] - vfloat{};  // the value in every lane
    const float* q = base + at[i];
    for (int t = 0; t < FXB; ++t)
      for (int j = 0; j < NCB; ++j) a[t][j] += v * simd::load<vfloat>(q + t * CP + j * simd::VW);
  }
  for (int t = 0; t < FXB; ++t)
    for (int j = 0; j < NCB; ++j) {
      float* o = dst + t * CP + j * simd::VW;
      simd::store(o, simd::load<vfloat>(o) + a[t][j]);
    }
}

template <int NCB, int FXB>
void scatter_dx_taps(float* base, int CP, const int* at, const float* d, int n, const float* w) {
  using simd::vfloat;
  vfloat wv[FXB][NCB];
  for (int t = 0; t < FXB; ++t)
    for (int j = 0; j < NCB; ++j) wv[t][j] = simd::load<vfloat>(w + t * CP + j * simd::VW);
  for (int i = 0; i < n; ++i) {
    const vfloat v = d[i] - vfloat{};
    float* q = base + at[i];
    for (int t = 0; t < FXB; ++t)
      for (int j = 0; j < NCB; ++j) {
        float* o = q + t * CP + j * simd::VW;
        simd::store(o, simd::load<vfloat>(o) + v * wv[t][j]);
      }
  }
}

// Channel vectors are taken 4, 2 or 1 at a time, taps max_taps_for(NCB) or 1 at a time (NCB ·
// taps ≤ 12 vectors in registers): few kernels, so that the WebAssembly file stays small.
constexpr int max_taps_for(int ncb) { return ncb <= 2 ? 5 : 3; }

struct GradientKernels {
  void (*dW)(const float*, int, const int*, const float*, int, float*);
  void (*dx)(float*, int, const int*, const float*, int, const float*);
};

template <int NCB, int FXB>
constexpr GradientKernels kernels_of() { return {&gather_dW_taps<NCB, FXB>, &scatter_dx_taps<NCB, FXB>}; }

template <int NCB>
GradientKernels gradient_kernels(bool all_taps) {
  return all_taps ? kernels_of<NCB, max_taps_for(NCB)>() : kernels_of<NCB, 1>();
}

// ncb is 1, 2 or 4; all_taps: max_taps_for(ncb) taps, else one.
GradientKernels gradient_kernels(int ncb, bool all_taps) {
  return ncb == 4 ? gradient_kernels<4>(all_taps) : ncb == 2 ? gradient_kernels<2>(all_taps) : gradient_kernels<1>(all_taps);
}

// The nonzeros of one filter's gradient d (OH, OW), for the gradient road's kernels: at[k] =
// the k-th nonzero's window origin in a padded pixel-major image, (oy·Wp + ox)·CP, and v[k] its
// value; returns how many. Every value is written and kept when nonzero: no branch to
// mispredict (skipping groups of zeros by their bits measured slower).
int nonzeros_of(const float* d, int OH, int OW, int Wp, int CP, int* at, float* v) {
  int n = 0;
  for (int oy = 0; oy < OH; ++oy)
    for (int ox = 0; ox < OW; ++ox) {
      const float value = d[oy * OW + ox];
      at[n] = (oy * Wp + ox) * CP;
      v[n] = value;
      n += value != 0.0f;
    }
  return n;
}

// The gradient road for one input channel (a first layer, which needs no dx): for one filter f
// and tap rows fy0 .. fy0+R−1, dW[f, 0, fy, 0 .. NV·VW) += Σ_i d[i] · x̂[p_i's window origin +
// (fy, 0 ..)], the window's row as NV vectors (lanes past FW are summed too, and dropped);
// x̂ is the padded image (row length Wp, NV·VW floats of slack after its end), dst the rows of
// f's sums (row length NV·VW) from fy0.
template <int NV, int R>
void gather_dW_rows(const float* base, int Wp, const int* at, const float* d, int n, float* dst) {
  using simd::vfloat;
  vfloat a[R][NV] = {};
  for (int i = 0; i < n; ++i) {
    const vfloat v = d[i] - vfloat{};
    const float* q = base + at[i];
    for (int r = 0; r < R; ++r)
      for (int j = 0; j < NV; ++j) a[r][j] += v * simd::load<vfloat>(q + r * Wp + j * simd::VW);
  }
  for (int r = 0; r < R; ++r)
    for (int j = 0; j < NV; ++j) {
      float* o = dst + (r * NV + j) * simd::VW;
      simd::store(o, simd::load<vfloat>(o) + a[r][j]);
    }
}

using RowKernel = void (*)(const float*, int, const int*, const float*, int, float*);

// At most this many rows at once for NV vectors per row (NV · rows ≤ 12 sums in registers).
constexpr int max_rows_for(int nv) { return nv <= 2 ? 6 : nv == 3 ? 4 : 3; }

template <int NV>
RowKernel row_kernel(int rows) {
  switch (rows) {
    case 1: return &gather_dW_rows<NV, 1>;
    case 2: return &gather_dW_rows<NV, 2>;
    case 3: return &gather_dW_rows<NV, 3>;
    case 4: return &gather_dW_rows<NV, std::min(4, max_rows_for(NV))>;
    case 5: return &gather_dW_rows<NV, std::min(5, max_rows_for(NV))>;
    default: return &gather_dW_rows<NV, max_rows_for(NV)>;
  }
}

RowKernel row_kernel(int nv, int rows) {
  switch (nv) {
    case 1: return row_kernel<1>(rows);
    case 2: return row_kernel<2>(rows);
    case 3: return row_kernel<3>(rows);
    default: return row_kernel<4>(rows);
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

int Convolution::padded_channels() const { return (channels_ + simd::VW - 1) / simd::VW * simd::VW; }

int Convolution::row_vectors() const { return (filter_w_ + simd::VW - 1) / simd::VW; }

bool Convolution::gradient_road_fits(bool need_dx) const {
  // Vectorised over the input channels for 2 or more; for one, over a window row's taps
  // (dW only, rows of at most 4 vectors, 8 lanes or more: with 4 the input's road is as fast,
  // sparse_limit, and WebAssembly does not carry this road's kernels).
  return stride_ == 1 && (channels_ >= 2 || (simd::VW > 4 && !need_dx && row_vectors() <= 4));
}

void Convolution::lay_out_w_by_window() {
  // w_by_window_[(f, fy, fx), c] = W[f, c, fy, fx], (FN*FH*FW, channels padded), padding 0.
  const int C = channels_, CP = padded_channels(), T = filter_h_ * filter_w_;
  w_by_window_.assign(static_cast<size_t>(filters_) * T * CP, 0.0f);
  for (int f = 0; f < filters_; ++f)
    for (int c = 0; c < C; ++c)
      for (int t = 0; t < T; ++t)
        w_by_window_[(static_cast<size_t>(f) * T + t) * CP + c] = W[(static_cast<size_t>(f) * C + c) * T + t];
}

void Convolution::start_gradient_road(Scratch& s) const {
  // (FN, FH, FW, channels padded), or for one channel (FN, FH, a row of vectors).
  const size_t row = channels_ == 1 ? static_cast<size_t>(row_vectors()) * simd::VW
                                    : static_cast<size_t>(filter_w_) * padded_channels();
  s.dw_by_window.assign(static_cast<size_t>(filters_) * filter_h_ * row, 0.0f);
}

void Convolution::gradient_dW_one_channel(const float* x, const float* d, int H, int W, int OH, int OW,
                                          Scratch& s) const {
  if constexpr (simd::VW <= 4) return;  // not taken (gradient_road_fits)
  const int FH = filter_h_, NV = row_vectors(), RW = NV * simd::VW, P = OH * OW;
  const int Wp = W + 2 * pad_;
  s.x_padded.assign(static_cast<size_t>(H + 2 * pad_) * Wp + RW, 0.0f);
  for (int y = 0; y < H; ++y)
    std::copy(x + static_cast<size_t>(y) * W, x + static_cast<size_t>(y + 1) * W,
              s.x_padded.data() + (static_cast<size_t>(y) + pad_) * Wp + pad_);
  s.nz_at.resize(static_cast<size_t>(P));
  s.nz_d.resize(static_cast<size_t>(P));
  for (int f = 0; f < filters_; ++f) {
    const int n = nonzeros_of(d + static_cast<size_t>(f) * P, OH, OW, Wp, 1, s.nz_at.data(), s.nz_d.data());
    if (n == 0) continue;
    for (int fy0 = 0; fy0 < FH;) {
      const int rows = std::min(FH - fy0, max_rows_for(NV));
      row_kernel(NV, rows)(s.x_padded.data() + static_cast<size_t>(fy0) * Wp, Wp, s.nz_at.data(), s.nz_d.data(), n,
                           s.dw_by_window.data() + (static_cast<size_t>(f) * FH + fy0) * RW);
      fy0 += rows;
    }
  }
}

void Convolution::backward_sparse_gradient(const float* x, const float* d, int H, int W, int OH, int OW, Scratch& s,
                                           float* dx) const {
  if (channels_ == 1) return gradient_dW_one_channel(x, d, H, W, OH, OW, s);  // dx is not needed
  const int C = channels_, FH = filter_h_, FW = filter_w_, CP = padded_channels(), P = OH * OW;
  const int Hp = H + 2 * pad_, Wp = W + 2 * pad_;
  const size_t padded = static_cast<size_t>(Hp) * Wp * CP;
  // x, and dx's sums, padded and pixel-major.
  s.x_padded.assign(padded, 0.0f);
  for (int c = 0; c < C; ++c)
    for (int y = 0; y < H; ++y)
      for (int x0 = 0; x0 < W; ++x0)
        s.x_padded[((static_cast<size_t>(y) + pad_) * Wp + x0 + pad_) * CP + c] = x[(static_cast<size_t>(c) * H + y) * W + x0];
  if (dx) s.dx_padded.assign(padded, 0.0f);
  s.nz_at.resize(static_cast<size_t>(P));
  s.nz_d.resize(static_cast<size_t>(P));
  for (int f = 0; f < filters_; ++f) {
    const int n = nonzeros_of(d + static_cast<size_t>(f) * P, OH, OW, Wp, CP, s.nz_at.data(), s.nz_d.data());
    if (n == 0) continue;
    for (int fy = 0; fy < FH; ++fy)
      for (int c0 = 0, ncb; c0 < CP; c0 += ncb * simd::VW) {
        const int left = (CP - c0) / simd::VW;
        ncb = left >= 4 ? 4 : left >= 2 ? 2 : 1;
        for (int fx0 = 0; fx0 < FW;) {
          const bool all_taps = FW - fx0 >= max_taps_for(ncb);
          const int fxb = all_taps ? max_taps_for(ncb) : 1;
          const GradientKernels k = gradient_kernels(ncb, all_taps);
          const size_t origin = static_cast<size_t>(fy * Wp + fx0) * CP + c0;
          const size_t tap = ((static_cast<size_t>(f) * FH + fy) * FW + fx0) * CP + c0;
          k.dW(s.x_padded.data() + origin, CP, s.nz_at.data(), s.nz_d.data(), n, s.dw_by_window.data() + tap);
          if (dx) k.dx(s.dx_padded.data() + origin, CP, s.nz_at.data(), s.nz_d.data(), n, w_by_window_.data() + tap);
          fx0 += fxb;
        }
      }
  }
  if (!dx) return;
  for (int c = 0; c < C; ++c)
    for (int y = 0; y < H; ++y)
      for (int x0 = 0; x0 < W; ++x0)
        dx[(static_cast<size_t>(c) * H + y) * W + x0] = s.dx_padded[((static_cast<size_t>(y) + pad_) * Wp + x0 + pad_) * CP + c];
}

void Convolution::finish_gradient_road(Scratch& s) const {
  // The gradient road's dW sums, (FN, FH, FW, C padded), into dW's (FN, C, FH, FW) layout.
  const int C = channels_, T = filter_h_ * filter_w_, CP = padded_channels();
  if (C == 1) {
    const int RW = row_vectors() * simd::VW;
    for (int f = 0; f < filters_; ++f)
      for (int fy = 0; fy < filter_h_; ++fy)
        for (int fx = 0; fx < filter_w_; ++fx)
          s.dW[(static_cast<size_t>(f) * filter_h_ + fy) * filter_w_ + fx] +=
              s.dw_by_window[(static_cast<size_t>(f) * filter_h_ + fy) * RW + fx];
    return;
  }
  for (int f = 0; f < filters_; ++f)
    for (int c = 0; c < C; ++c)
      for (int t = 0; t < T; ++t)
        s.dW[(static_cast<size_t>(f) * C + c) * T + t] += s.dw_by_window[(static_cast<size_t>(f) * T + t) * CP + c];
}

}  // namespace cnn
