// Lesson mode, shared pieces: a small editable grid of numbers (the matrices the lesson
// panels draw as cell grids) and the way the lesson writes numbers ("15", "-2", "0.5").
// Pure logic: no ImGui, no SDL, no browser.
#pragma once
#include <string>
#include <vector>

#include "cnn/tensor.h"

namespace app::lesson {

// rows×cols floats, row-major.
struct Grid {
  int rows = 0, cols = 0;
  std::vector<float> v;

  Grid() = default;
  Grid(int r, int c, float fill = 0.0f) : rows(r), cols(c), v(static_cast<std::size_t>(r) * c, fill) {}
  Grid(int r, int c, std::vector<float> values) : rows(r), cols(c), v(std::move(values)) {}
  float& at(int r, int c) { return v[static_cast<std::size_t>(r) * cols + c]; }
  float at(int r, int c) const { return v[static_cast<std::size_t>(r) * cols + c]; }
  bool operator==(const Grid& o) const { return rows == o.rows && cols == o.cols && v == o.v; }
};

// The grid as a (1, 1, rows, cols) tensor, the shape cnn::Convolution / cnn::Pooling take.
cnn::Tensor to_tensor(const Grid& g);
// Channel `c` of image `n` of an NCHW tensor as a grid.
Grid channel_of(const cnn::Tensor& t, int n = 0, int c = 0);

// "15", "-2", "0.5", "0.25": integers without a decimal point, others with up to 3 decimals.
std::string format_number(float x);
// Clicking a cell cycles its value: 0 → 1 → … → 9 → 0 (a non-integer jumps to the next integer);
// `back` goes the other way.
float cycle_value(float x, bool back = false);

}  // namespace app::lesson
