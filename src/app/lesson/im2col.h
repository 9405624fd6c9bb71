// Lesson mode, panel 6: "im2col로 데이터 전개하기". The input unrolled into a matrix by
// cnn::im2col (one row per window position, in the order of the step-by-step panel), the
// filters reshaped into columns, their product by cnn::gemm, and the result reshaped back to
// (N, FN, OH, OW); col2im (cnn::col2im) as the backward pass's reverse path, where
// overlapping windows add up. Pure logic.
#pragma once
#include <string>

#include "app/lesson/conv.h"
#include "cnn/tensor.h"

namespace app::lesson {

struct Im2colDemo {
  std::string error;
  int out_h = 0, out_w = 0, filters = 0;
  cnn::Tensor x;        // (1, 1, H, W)
  cnn::Tensor col;      // (OH*OW, FH*FW): im2col(x)
  cnn::Tensor w_cols;   // (FH*FW, FN): each filter flattened into a column
  cnn::Tensor product;  // (OH*OW, FN): col · w_cols
  cnn::Tensor out;      // (1, FN, OH, OW): product reshaped back (transposed to NCHW)
  cnn::Tensor conv_out; // (1, FN, OH, OW): cnn::Convolution on the same data, for comparison
  // col2im: a matrix of ones added back (how many windows cover each pixel), and the
  // col matrix itself added back (each pixel times that count).
  cnn::Tensor overlap;  // (1, 1, H, W)
  cnn::Tensor col_back; // (1, 1, H, W)
};
// The setup's input and filter (column 0), plus an edge filter as column 1 when second_filter.
Im2colDemo run_im2col(const ConvSetup& s, bool second_filter = true);
// The second filter of the demo: a 3×3 edge (Laplacian) filter, cropped/tiled to FH×FW.
Grid edge_filter(int fh, int fw);

}  // namespace app::lesson
