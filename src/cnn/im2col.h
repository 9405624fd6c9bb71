// im2col / col2im: convolution as one matrix product (lecture: "im2col로 데이터 전개하기").
//   x   is (N, C, H, W)
//   col is (N*OH*OW, C*FH*FW): one row per window position, in the order the window
//       slides (row by row, left to right), one column per filter weight.
// col2im is the reverse path used by the backward pass: it adds every row back into
// the window it came from, so where windows overlap the values add up.
#pragma once
#include "cnn/tensor.h"

namespace cnn {

// OH = (H + 2P − FH) / S + 1. Throws std::invalid_argument with the reason when the
// combination is impossible (filter larger than the padded input, stride not dividing).
int conv_output_size(int input_size, int filter_size, int pad, int stride);

// Same check, but returns the reason instead of throwing ("" when valid).
std::string conv_output_size_error(int input_size, int filter_size, int pad, int stride);

// The same size for a window layer's input `in` (N, C, H, W) along `axis` ("H" or "W"): throws a
// ShapeError naming the layer (`who`), its input and the reason when the window does not fit.
int window_output_size(const std::string& who, const Shape& in, const char* axis, int window, int pad, int stride);

void im2col(const Tensor& x, int filter_h, int filter_w, int stride, int pad, Tensor& col);
Tensor im2col(const Tensor& x, int filter_h, int filter_w, int stride = 1, int pad = 0);

// input_shape is x's shape (N, C, H, W); dx is resized to it.
void col2im(const Tensor& col, const Shape& input_shape, int filter_h, int filter_w, int stride, int pad, Tensor& dx);
Tensor col2im(const Tensor& col, const Shape& input_shape, int filter_h, int filter_w, int stride = 1, int pad = 0);

// The same unrolling, transposed: colT is (C*FH*FW, OH*OW) for ONE image x_n (C, H, W)
// given as a pointer. Row k = (c, fy, fx) holds the input pixel under filter weight k for
// every window position, so with stride 1 each row is a run of shifted input rows. This is
// the layout the Convolution layer multiplies with (W · colT writes NCHW directly);
// im2col above is its transpose, and tests check they agree.
void im2col_transposed(const float* x, int C, int H, int W, int filter_h, int filter_w, int stride, int pad,
                       float* colT);
// im2col_transposed written straight in the column panels gemm_packed_b multiplies with
// (gemm.h: panel q of panel_width output pixels at packed + q·K·panel_width, row k at
// + k·panel_width, pixels past OH*OW zero), for Convolution's forward pass.
// packed holds im2col_packed_size() floats.
size_t im2col_packed_size(int C, int H, int W, int filter_h, int filter_w, int stride, int pad, int panel_width);
void im2col_packed(const float* x, int C, int H, int W, int filter_h, int filter_w, int stride, int pad,
                   int panel_width, float* packed);
// Adjoint of im2col_transposed: adds colT's entries back into dx (C, H, W), which it zeroes first.
void col2im_transposed(const float* colT, int C, int H, int W, int filter_h, int filter_w, int stride, int pad,
                       float* dx);

}  // namespace cnn
