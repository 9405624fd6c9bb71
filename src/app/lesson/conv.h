// Lesson mode, panels 2–4: the convolution operation step by step, padding and stride,
// and 3-D (multi-channel) / 4-D (batched) data. Every output value comes from
// cnn::Convolution; this file only adds the bookkeeping a student sees (window positions,
// the multiply-accumulate written out, the output-size formula). Pure logic.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "app/lesson/grid.h"
#include "cnn/tensor.h"

namespace app::lesson {

// One channel, one filter: the lecture's "합성곱 연산".
struct ConvSetup {
  Grid input;         // H×W
  Grid filter;        // FH×FW
  float bias = 3.0f;  // the lecture's bias example: 15 + 3 = 18
  bool use_bias = false;
  int pad = 0, stride = 1;
};

// Input [[1,2,3,0],[0,1,2,3],[3,0,1,2],[2,3,0,1]], filter [[2,0,1],[0,1,2],[1,0,2]], bias 3 (off).
ConvSetup lecture_conv_example();
// An H×H input and an F×F filter filled by repeating the lecture's example (for the padding
// and stride panel, where sizes change).
ConvSetup sized_conv_example(int input_size, int filter_size, int pad, int stride);

struct ConvResult {
  std::string error;  // "" when valid; else cnn::conv_output_size_error's reason (H or W)
  int out_h = 0, out_w = 0;
  Grid padded;  // (H+2P)×(W+2P): the input with its zero border
  Grid output;  // OH×OW, from cnn::Convolution (bias included when use_bias)
};
ConvResult run_conv(const ConvSetup& s);

// Window positions in the order the window slides: row by row, left to right. Each is the
// top-left corner in padded coordinates. Only positions that fit are listed (so an invalid
// stride shows where the window would stop).
std::vector<std::pair<int, int>> window_positions(int padded_h, int padded_w, int filter_h, int filter_w,
                                                  int stride);

// One step of the step-by-step view: the output cell (out_row, out_col) being filled.
struct ConvStep {
  int out_row = 0, out_col = 0;
  int win_row = 0, win_col = 0;  // window's top-left in padded coordinates
  std::vector<float> inputs;     // the window's FH*FW input values, row-major
  std::vector<float> weights;    // the filter's values, same order
  float value = 0;               // the output cell, from cnn::Convolution
  std::string text;              // "1*2 + 2*0 + … = 15", or "(1*2 + …) + 3 = 18" with the bias
};
int conv_step_count(const ConvResult& r);  // OH*OW (0 when invalid)
ConvStep conv_step(const ConvSetup& s, const ConvResult& r, int step);

// "OH = (H + 2P − FH)/S + 1" with the numbers put in, e.g. "OH = (4 + 2×1 − 3)/1 + 1 = 4",
// or "... = 2.5 → invalid" style text is left to the UI: `valid` false and `error` set.
struct OutputSizeFormula {
  bool valid = false;
  int value = 0;
  std::string text;   // "(4 + 2×1 − 3)/1 + 1 = 4"   or   "(5 + 2×0 − 2)/2 + 1 = 2.5"
  std::string error;  // cnn::conv_output_size_error's reason
};
OutputSizeFormula output_size_formula(int input_size, int filter_size, int pad, int stride);

// --- 3-D data: C channels, FN filters ------------------------------------------------------
struct MultiConvSetup {
  int channels = 3, filters = 2;
  std::vector<Grid> input;     // C grids H×W
  std::vector<Grid> weights;   // FN*C grids FH×FW, filter f channel c at [f*C + c]
  std::vector<float> biases;   // FN
};
// 3 channels of 4×4 (channel 0 is the lecture's input), 2 filters of 3×3×3 (filter 0,
// channel 0 is the lecture's filter), biases {3, 0}.
MultiConvSetup example_3d(int filters = 2);

struct MultiConvResult {
  std::vector<Grid> partial;  // FN*C grids OH×OW: channel c convolved with filter f's channel c (no bias)
  std::vector<Grid> output;   // FN grids OH×OW: the real C-channel convolution plus bias
};
MultiConvResult run_conv_3d(const MultiConvSetup& s);
// "16 + 12 + 9 + 3 = 40": the partial sums of output cell (r, c) of filter f, then the bias.
std::string channel_sum_text(const MultiConvSetup& s, const MultiConvResult& r, int f, int row, int col);

// --- 4-D data: a batch ------------------------------------------------------------------
// (N, C, H, W) → (N, FN, OH, OW) from cnn::Convolution::output_shape; empty + error when invalid.
struct BatchShapes {
  cnn::Shape input, filter, bias, output;
  std::string error;
};
BatchShapes batch_shapes(int n, int c, int h, int w, int fn, int fh, int fw, int pad, int stride);

}  // namespace app::lesson
