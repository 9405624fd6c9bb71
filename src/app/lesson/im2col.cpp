#include "app/lesson/im2col.h"

#include "cnn/gemm.h"
#include "cnn/im2col.h"
#include "cnn/layers.h"

namespace app::lesson {

Grid edge_filter(int fh, int fw) {
  static const float k[9] = {0, 1, 0, 1, -4, 1, 0, 1, 0};
  Grid g(fh, fw);
  for (int r = 0; r < fh; ++r)
    for (int c = 0; c < fw; ++c) g.at(r, c) = k[(r % 3) * 3 + c % 3];
  return g;
}

Im2colDemo run_im2col(const ConvSetup& s, bool second_filter) {
  Im2colDemo d;
  d.error = cnn::conv_output_size_error(s.input.rows, s.filter.rows, s.pad, s.stride);
  if (d.error.empty()) d.error = cnn::conv_output_size_error(s.input.cols, s.filter.cols, s.pad, s.stride);
  if (!d.error.empty()) return d;
  const int FH = s.filter.rows, FW = s.filter.cols, K = FH * FW;
  d.filters = second_filter ? 2 : 1;
  d.out_h = cnn::conv_output_size(s.input.rows, FH, s.pad, s.stride);
  d.out_w = cnn::conv_output_size(s.input.cols, FW, s.pad, s.stride);
  const int P = d.out_h * d.out_w, FN = d.filters;
  d.x = to_tensor(s.input);
  d.col = cnn::im2col(d.x, FH, FW, s.stride, s.pad);

  // Filters (FN, 1, FH, FW) → (FN, K) → transposed: (K, FN), one filter per column.
  cnn::Convolution conv("lesson_im2col", FN, 1, FH, FW, s.stride, s.pad);
  for (int i = 0; i < K; ++i) conv.W[i] = s.filter.v[i];
  if (FN > 1) {
    const Grid e = edge_filter(FH, FW);
    for (int i = 0; i < K; ++i) conv.W[K + i] = e.v[i];
  }
  d.w_cols = cnn::Tensor({K, FN});
  for (int f = 0; f < FN; ++f)
    for (int i = 0; i < K; ++i) d.w_cols[static_cast<std::size_t>(i) * FN + f] = conv.W[static_cast<std::size_t>(f) * K + i];

  // (P, K) · (K, FN) = (P, FN)
  d.product = cnn::Tensor({P, FN});
  cnn::gemm(cnn::Trans::No, cnn::Trans::No, P, FN, K, 1.0f, d.col.data(), K, d.w_cols.data(), FN, 0.0f,
            d.product.data(), FN);
  if (s.use_bias)
    for (int p = 0; p < P; ++p) d.product[static_cast<std::size_t>(p) * FN] += s.bias;  // filter 0's bias
  // (N*OH*OW, FN) → (N, OH, OW, FN) → transpose(0, 3, 1, 2) → (N, FN, OH, OW)
  d.out = cnn::Tensor({1, FN, d.out_h, d.out_w});
  for (int f = 0; f < FN; ++f)
    for (int p = 0; p < P; ++p)
      d.out[static_cast<std::size_t>(f) * P + p] = d.product[static_cast<std::size_t>(p) * FN + f];

  conv.b.fill(0.0f);
  if (s.use_bias) conv.b[0] = s.bias;
  conv.forward(d.x, d.conv_out);

  const cnn::Tensor ones(d.col.shape(), 1.0f);
  d.overlap = cnn::col2im(ones, d.x.shape(), FH, FW, s.stride, s.pad);
  d.col_back = cnn::col2im(d.col, d.x.shape(), FH, FW, s.stride, s.pad);
  return d;
}

}  // namespace app::lesson
