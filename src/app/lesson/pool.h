// Lesson mode, panel 5: max pooling step by step (cnn::Pooling), the maximum of each window,
// and the properties the lecture names: no parameters to learn, channel count unchanged,
// robust to small shifts (shift the input by one pixel and compare). Pure logic.
#pragma once
#include <string>
#include <vector>

#include "app/lesson/grid.h"
#include "cnn/tensor.h"

namespace app::lesson {

struct PoolSetup {
  Grid input;  // H×W
  int size = 2, stride = 2;
};
// A 4×4 example whose maxima sit in the left column of each 2×2 window, so shifting it one
// pixel to the right leaves every maximum in its window.
PoolSetup pool_example();

struct PoolResult {
  std::string error;
  Grid output;                             // OH×OW, from cnn::Pooling
  std::vector<std::pair<int, int>> argmax;  // per output cell (row-major): (row, col) of the max in the input
};
PoolResult run_pool(const PoolSetup& s);

// The window of output cell `step` (row-major): top-left corner in the input.
std::pair<int, int> pool_window(const PoolSetup& s, const PoolResult& r, int step);
// "max(1, 0, 4, 2) = 4"
std::string pool_step_text(const PoolSetup& s, const PoolResult& r, int step);

// The input moved by (dy, dx) pixels, zeros shifted in.
Grid shift_grid(const Grid& g, int dy, int dx);

struct ShiftComparison {
  PoolResult original, shifted;
  int same = 0, total = 0;  // output cells that did not change
};
ShiftComparison compare_shift(const PoolSetup& s, int dy, int dx);

// cnn::Pooling's facts for the panel: its parameter count (0) and the output shape of a
// (C, H, W) input — the channel count stays C.
std::size_t pooling_param_count();
cnn::Shape pooling_output_shape(const cnn::Shape& input_chw, int size = 2, int stride = 2);

}  // namespace app::lesson
