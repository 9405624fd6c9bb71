#include "app/lesson/pool.h"

#include "cnn/im2col.h"
#include "cnn/layers.h"

namespace app::lesson {

PoolSetup pool_example() {
  PoolSetup s;
  s.input = Grid(4, 4, {1, 0, 2, 1,  //
                        4, 2, 0, 0,  //
                        2, 0, 3, 1,  //
                        0, 1, 1, 0});
  return s;
}

PoolResult run_pool(const PoolSetup& s) {
  PoolResult r;
  r.error = cnn::conv_output_size_error(s.input.rows, s.size, 0, s.stride);
  if (r.error.empty()) r.error = cnn::conv_output_size_error(s.input.cols, s.size, 0, s.stride);
  if (!r.error.empty()) return r;
  cnn::Pooling pool("lesson_pool", s.size, s.size, s.stride);
  cnn::Tensor out;
  pool.forward(to_tensor(s.input), out);
  r.output = channel_of(out);
  for (int32_t idx : pool.argmax()) r.argmax.emplace_back(idx / s.input.cols, idx % s.input.cols);
  return r;
}

std::pair<int, int> pool_window(const PoolSetup& s, const PoolResult& r, int step) {
  const int n = r.output.rows * r.output.cols;
  if (n == 0) return {0, 0};
  step = ((step % n) + n) % n;
  return {(step / r.output.cols) * s.stride, (step % r.output.cols) * s.stride};
}

std::string pool_step_text(const PoolSetup& s, const PoolResult& r, int step) {
  const int n = r.output.rows * r.output.cols;
  if (n == 0) return "";
  step = ((step % n) + n) % n;
  const auto [y, x] = pool_window(s, r, step);
  std::string t = "max(";
  for (int i = 0; i < s.size; ++i)
    for (int j = 0; j < s.size; ++j) {
      if (i || j) t += ", ";
      t += format_number(s.input.at(y + i, x + j));
    }
  return t + ") = " + format_number(r.output.v[step]);
}

Grid shift_grid(const Grid& g, int dy, int dx) {
  Grid o(g.rows, g.cols);
  for (int r = 0; r < g.rows; ++r)
    for (int c = 0; c < g.cols; ++c) {
      const int sr = r - dy, sc = c - dx;
      if (sr >= 0 && sr < g.rows && sc >= 0 && sc < g.cols) o.at(r, c) = g.at(sr, sc);
    }
  return o;
}

ShiftComparison compare_shift(const PoolSetup& s, int dy, int dx) {
  ShiftComparison c;
  c.original = run_pool(s);
  PoolSetup moved = s;
  moved.input = shift_grid(s.input, dy, dx);
  c.shifted = run_pool(moved);
  c.total = static_cast<int>(c.original.output.v.size());
  if (c.shifted.output.v.size() == c.original.output.v.size())
    for (std::size_t i = 0; i < c.original.output.v.size(); ++i)
      c.same += c.original.output.v[i] == c.shifted.output.v[i];
  return c;
}

std::size_t pooling_param_count() {
  cnn::Pooling pool("pool", 2, 2, 2);
  return pool.param_count();
}

cnn::Shape pooling_output_shape(const cnn::Shape& input_chw, int size, int stride) {
  cnn::Pooling pool("pool", size, size, stride);
  cnn::Shape in = {1};
  in.insert(in.end(), input_chw.begin(), input_chw.end());
  cnn::Shape out = pool.output_shape(in);
  return cnn::Shape(out.begin() + 1, out.end());
}

}  // namespace app::lesson
