#include "cnn/im2col.h"

#include "cnn/simd.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace cnn {

std::string conv_output_size_error(int input_size, int filter_size, int pad, int stride) {
  if (input_size <= 0) return "input size must be positive (got " + std::to_string(input_size) + ")";
  if (filter_size <= 0) return "filter size must be positive (got " + std::to_string(filter_size) + ")";
  if (pad < 0) return "padding must be 0 or more (got " + std::to_string(pad) + ")";
  if (stride <= 0) return "stride must be positive (got " + std::to_string(stride) + ")";
  const int span = input_size + 2 * pad - filter_size;  // H + 2P − FH
  if (span < 0)
    return "the filter (" + std::to_string(filter_size) + ") is larger than the padded input (" +
           std::to_string(input_size) + " + 2*" + std::to_string(pad) + " = " + std::to_string(input_size + 2 * pad) +
           ")";
  if (span % stride != 0)
    return "(H + 2P - FH) = (" + std::to_string(input_size) + " + 2*" + std::to_string(pad) + " - " +
           std::to_string(filter_size) + ") = " + std::to_string(span) + " is not divisible by the stride " +
           std::to_string(stride) + ": the window would not end exactly at the border";
  return "";
}

int conv_output_size(int input_size, int filter_size, int pad, int stride) {
  const std::string err = conv_output_size_error(input_size, filter_size, pad, stride);
  if (!err.empty()) throw std::invalid_argument("conv_output_size: " + err);
  return (input_size + 2 * pad - filter_size) / stride + 1;  // OH = (H + 2P − FH)/S + 1
}

int window_output_size(const std::string& who, const Shape& in, const char* axis, int window, int pad, int stride) {
  const int n = in.at(axis[0] == 'H' ? 2 : 3);
  const std::string err = conv_output_size_error(n, window, pad, stride);
  if (!err.empty()) throw ShapeError(who + ": input " + shape_str(in) + " does not fit along " + axis + ": " + err);
  return (n + 2 * pad - window) / stride + 1;
}

void im2col(const Tensor& x, int filter_h, int filter_w, int stride, int pad, Tensor& col) {
  check_shape("im2col", "input", x.shape(), {-1, -1, -1, -1});
  const int N = x.dim(0), C = x.dim(1), H = x.dim(2), W = x.dim(3);
  const int OH = conv_output_size(H, filter_h, pad, stride);
  const int OW = conv_output_size(W, filter_w, pad, stride);
  const int K = C * filter_h * filter_w;
  col.resize({N * OH * OW, K});
  float* out = col.data();
  for (int n = 0; n < N; ++n)
    for (int oy = 0; oy < OH; ++oy)
      for (int ox = 0; ox < OW; ++ox) {
        float* row = out + (static_cast<size_t>(n) * OH * OW + static_cast<size_t>(oy) * OW + ox) * K;
        for (int c = 0; c < C; ++c) {
          const float* plane = x.data() + (static_cast<size_t>(n) * C + c) * H * W;
          for (int fy = 0; fy < filter_h; ++fy) {
            const int y = oy * stride - pad + fy;
            float* dst = row + (c * filter_h + fy) * filter_w;
            if (y < 0 || y >= H) {
              for (int fx = 0; fx < filter_w; ++fx) dst[fx] = 0.0f;
              continue;
            }
            const int x0 = ox * stride - pad;
            if (x0 >= 0 && x0 + filter_w <= W) {
              const float* src = plane + static_cast<size_t>(y) * W + x0;
              for (int fx = 0; fx < filter_w; ++fx) dst[fx] = src[fx];  // a few floats: no memcpy call
            } else {
              for (int fx = 0; fx < filter_w; ++fx) {
                const int xx = x0 + fx;
                dst[fx] = (xx < 0 || xx >= W) ? 0.0f : plane[static_cast<size_t>(y) * W + xx];
              }
            }
          }
        }
      }
}

Tensor im2col(const Tensor& x, int filter_h, int filter_w, int stride, int pad) {
  Tensor col;
  im2col(x, filter_h, filter_w, stride, pad, col);
  return col;
}

void col2im(const Tensor& col, const Shape& input_shape, int filter_h, int filter_w, int stride, int pad, Tensor& dx) {
  check_shape("col2im", "input shape", input_shape, {-1, -1, -1, -1});
  const int N = input_shape[0], C = input_shape[1], H = input_shape[2], W = input_shape[3];
  const int OH = conv_output_size(H, filter_h, pad, stride);
  const int OW = conv_output_size(W, filter_w, pad, stride);
  const int K = C * filter_h * filter_w;
  check_shape("col2im", "col", col.shape(), {N * OH * OW, K});
  dx.resize(input_shape);
  dx.fill(0.0f);
  const float* in = col.data();
  for (int n = 0; n < N; ++n)
    for (int oy = 0; oy < OH; ++oy)
      for (int ox = 0; ox < OW; ++ox) {
        const float* row = in + (static_cast<size_t>(n) * OH * OW + static_cast<size_t>(oy) * OW + ox) * K;
        for (int c = 0; c < C; ++c) {
          float* plane = dx.data() + (static_cast<size_t>(n) * C + c) * H * W;
          for (int fy = 0; fy < filter_h; ++fy) {
            const int y = oy * stride - pad + fy;
            if (y < 0 || y >= H) continue;
            const float* src = row + (c * filter_h + fy) * filter_w;
            for (int fx = 0; fx < filter_w; ++fx) {
              const int xx = ox * stride - pad + fx;
              if (xx >= 0 && xx < W) plane[static_cast<size_t>(y) * W + xx] += src[fx];  // overlaps add up
            }
          }
        }
      }
}

Tensor col2im(const Tensor& col, const Shape& input_shape, int filter_h, int filter_w, int stride, int pad) {
  Tensor dx;
  col2im(col, input_shape, filter_h, filter_w, stride, pad, dx);
  return dx;
}

namespace {
// ⌊a / b⌋ for b > 0 (C++ division rounds towards zero).
int floor_div(int a, int b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }
// The output columns ox whose input column ox*S − P + fx lies inside [0, W).
void valid_columns(int W, int OW, int fx, int stride, int pad, int& lo, int& hi) {
  lo = std::max(0, -floor_div(fx - pad, stride));
  hi = std::min(OW, floor_div(W - 1 + pad - fx, stride) + 1);
}
}  // namespace

namespace {
// Row k = (c, fy, fx) of colT: for every output pixel (oy, ox), x[c, oy*S − P + fy, ox*S − P + fx]
// or 0 where the window hangs over the border. dst has OH*OW floats.
void im2col_row(const float* x, int H, int W, int OH, int OW, int c, int fy, int fx, int stride, int pad, float* dst_row) {
  int ox_lo, ox_hi;
  valid_columns(W, OW, fx, stride, pad, ox_lo, ox_hi);
  if (stride == 1 && OW == W && ox_lo < ox_hi) {
    // "Same" padding (both networks' convolutions): the row is the input plane shifted by
    // (fy − P, fx − P), so the valid output rows are one contiguous copy, after which the few
    // cells that wrapped around a row's end are set to 0. Rows of 14 floats, one memcpy each,
    // cost more than the products of conv2.
    const int oy_lo = std::max(0, pad - fy), oy_hi = std::min(OH, H + pad - fy);
    if (oy_lo >= oy_hi) {
      std::fill(dst_row, dst_row + static_cast<size_t>(OH) * OW, 0.0f);
      return;
    }
    std::fill(dst_row, dst_row + static_cast<size_t>(oy_lo) * OW, 0.0f);
    const size_t first = static_cast<size_t>(oy_lo) * OW + ox_lo, last = static_cast<size_t>(oy_hi - 1) * OW + ox_hi;
    const float* src = x + (static_cast<size_t>(c) * H + (oy_lo + fy - pad)) * W + ox_lo + fx - pad;
    std::memcpy(dst_row + first, src, sizeof(float) * (last - first));
    for (int oy = oy_lo; oy < oy_hi; ++oy) {
      float* dst = dst_row + static_cast<size_t>(oy) * OW;
      for (int ox = 0; ox < ox_lo; ++ox) dst[ox] = 0.0f;
      for (int ox = ox_hi; ox < OW; ++ox) dst[ox] = 0.0f;
    }
    std::fill(dst_row + static_cast<size_t>(oy_hi) * OW, dst_row + static_cast<size_t>(OH) * OW, 0.0f);
    return;
  }
  for (int oy = 0; oy < OH; ++oy) {
    float* dst = dst_row + static_cast<size_t>(oy) * OW;
    const int y = oy * stride - pad + fy;
    if (y < 0 || y >= H || ox_lo >= ox_hi) {
      for (int ox = 0; ox < OW; ++ox) dst[ox] = 0.0f;
      continue;
    }
    const float* src = x + (static_cast<size_t>(c) * H + y) * W + fx - pad;
    for (int ox = 0; ox < ox_lo; ++ox) dst[ox] = 0.0f;
    if (stride == 1)
      std::memcpy(dst + ox_lo, src + ox_lo, sizeof(float) * (ox_hi - ox_lo));
    else
      for (int ox = ox_lo; ox < ox_hi; ++ox) dst[ox] = src[ox * stride];
    for (int ox = ox_hi; ox < OW; ++ox) dst[ox] = 0.0f;
  }
}
}  // namespace

void im2col_transposed(const float* x, int C, int H, int W, int filter_h, int filter_w, int stride, int pad,
                       float* colT) {
  const int OH = conv_output_size(H, filter_h, pad, stride), OW = conv_output_size(W, filter_w, pad, stride);
  const size_t P = static_cast<size_t>(OH) * OW;
  for (int c = 0; c < C; ++c)
    for (int fy = 0; fy < filter_h; ++fy)
      for (int fx = 0; fx < filter_w; ++fx)
        im2col_row(x, H, W, OH, OW, c, fy, fx, stride, pad,
                   colT + ((static_cast<size_t>(c) * filter_h + fy) * filter_w + fx) * P);
}

size_t im2col_packed_size(int C, int H, int W, int filter_h, int filter_w, int stride, int pad, int panel_width) {
  const int OH = conv_output_size(H, filter_h, pad, stride), OW = conv_output_size(W, filter_w, pad, stride);
  const size_t panels = (static_cast<size_t>(OH) * OW + panel_width - 1) / panel_width;
  return panels * panel_width * C * filter_h * filter_w;
}

void im2col_packed(const float* x, int C, int H, int W, int filter_h, int filter_w, int stride, int pad,
                   int panel_width, float* packed) {
  // Each row of colT is built in a small buffer that stays in L1, then dealt out to the panels:
  // the whole colT (313 KB for the two-stage conv2) is never written and read back.
  const int OH = conv_output_size(H, filter_h, pad, stride), OW = conv_output_size(W, filter_w, pad, stride);
  const int P = OH * OW, K = C * filter_h * filter_w, w = panel_width;
  const int full = P / w, rest = P - full * w;
  thread_local std::vector<float> row;
  row.resize(static_cast<size_t>(P));
  for (int c = 0; c < C; ++c)
    for (int fy = 0; fy < filter_h; ++fy)
      for (int fx = 0; fx < filter_w; ++fx) {
        const int k = (c * filter_h + fy) * filter_w + fx;
        im2col_row(x, H, W, OH, OW, c, fy, fx, stride, pad, row.data());
        float* dst = packed + static_cast<size_t>(k) * w;
        for (int q = 0; q < full; ++q) {
          float* d = dst + static_cast<size_t>(q) * K * w;
          const float* r = row.data() + q * w;
          if (w == 2 * simd::VW) {  // gemm's panel: two vector moves rather than a memcpy call
            simd::store(d, simd::load<simd::vfloat>(r));
            simd::store(d + simd::VW, simd::load<simd::vfloat>(r + simd::VW));
          } else {
            std::memcpy(d, r, sizeof(float) * w);
          }
        }
        if (rest > 0) {
          float* d = dst + static_cast<size_t>(full) * K * w;
          std::memcpy(d, row.data() + full * w, sizeof(float) * rest);
          for (int j = rest; j < w; ++j) d[j] = 0.0f;
        }
      }
}

void col2im_transposed(const float* colT, int C, int H, int W, int filter_h, int filter_w, int stride, int pad,
                       float* dx) {
  const int OH = conv_output_size(H, filter_h, pad, stride), OW = conv_output_size(W, filter_w, pad, stride);
  const size_t P = static_cast<size_t>(OH) * OW;
  std::memset(dx, 0, sizeof(float) * C * H * W);
  for (int c = 0; c < C; ++c)
    for (int fy = 0; fy < filter_h; ++fy)
      for (int fx = 0; fx < filter_w; ++fx) {
        const float* row = colT + ((static_cast<size_t>(c) * filter_h + fy) * filter_w + fx) * P;
        int ox_lo, ox_hi;
        valid_columns(W, OW, fx, stride, pad, ox_lo, ox_hi);
        for (int oy = 0; oy < OH; ++oy) {
          const int y = oy * stride - pad + fy;
          if (y < 0 || y >= H) continue;
          const float* src = row + static_cast<size_t>(oy) * OW;
          float* d = dx + (static_cast<size_t>(c) * H + y) * W + fx - pad;
          if (stride == 1)  // the common case, a loop the compiler vectorises
            for (int ox = ox_lo; ox < ox_hi; ++ox) d[ox] += src[ox];
          else
            for (int ox = ox_lo; ox < ox_hi; ++ox) d[ox * stride] += src[ox];  // overlapping windows add up
        }
      }
}

}  // namespace cnn
