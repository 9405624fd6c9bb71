#include "app/lesson/conv.h"

#include <stdexcept>

#include "cnn/im2col.h"
#include "cnn/layers.h"

namespace app::lesson {

namespace {
const float kLectureInput[16] = {1, 2, 3, 0, 0, 1, 2, 3, 3, 0, 1, 2, 2, 3, 0, 1};
const float kLectureFilter[9] = {2, 0, 1, 0, 1, 2, 1, 0, 2};

Grid pad_grid(const Grid& g, int pad) {
  Grid p(g.rows + 2 * pad, g.cols + 2 * pad);
  for (int r = 0; r < g.rows; ++r)
    for (int c = 0; c < g.cols; ++c) p.at(r + pad, c + pad) = g.at(r, c);
  return p;
}
}  // namespace

ConvSetup lecture_conv_example() {
  ConvSetup s;
  s.input = Grid(4, 4, std::vector<float>(kLectureInput, kLectureInput + 16));
  s.filter = Grid(3, 3, std::vector<float>(kLectureFilter, kLectureFilter + 9));
  return s;
}

ConvSetup sized_conv_example(int input_size, int filter_size, int pad, int stride) {
  ConvSetup s;
  s.input = Grid(input_size, input_size);
  for (int r = 0; r < input_size; ++r)
    for (int c = 0; c < input_size; ++c) s.input.at(r, c) = kLectureInput[(r % 4) * 4 + c % 4];
  s.filter = Grid(filter_size, filter_size);
  for (int r = 0; r < filter_size; ++r)
    for (int c = 0; c < filter_size; ++c) s.filter.at(r, c) = kLectureFilter[(r % 3) * 3 + c % 3];
  s.pad = pad;
  s.stride = stride;
  return s;
}

ConvResult run_conv(const ConvSetup& s) {
  ConvResult r;
  r.padded = pad_grid(s.input, s.pad);
  r.error = cnn::conv_output_size_error(s.input.rows, s.filter.rows, s.pad, s.stride);
  if (r.error.empty()) r.error = cnn::conv_output_size_error(s.input.cols, s.filter.cols, s.pad, s.stride);
  if (!r.error.empty()) return r;
  cnn::Convolution conv("lesson", 1, 1, s.filter.rows, s.filter.cols, s.stride, s.pad);
  conv.W.values() = s.filter.v;
  conv.b[0] = s.use_bias ? s.bias : 0.0f;
  const cnn::Tensor x = to_tensor(s.input);
  cnn::Tensor out;
  conv.forward(x, out);
  r.output = channel_of(out);
  r.out_h = r.output.rows;
  r.out_w = r.output.cols;
  return r;
}

std::vector<std::pair<int, int>> window_positions(int padded_h, int padded_w, int filter_h, int filter_w,
                                                  int stride) {
  std::vector<std::pair<int, int>> pos;
  if (stride <= 0) return pos;
  for (int y = 0; y + filter_h <= padded_h; y += stride)
    for (int x = 0; x + filter_w <= padded_w; x += stride) pos.emplace_back(y, x);
  return pos;
}

int conv_step_count(const ConvResult& r) { return r.error.empty() ? r.out_h * r.out_w : 0; }

ConvStep conv_step(const ConvSetup& s, const ConvResult& r, int step) {
  ConvStep st;
  const int n = conv_step_count(r);
  if (n == 0) return st;
  step = ((step % n) + n) % n;
  st.out_row = step / r.out_w;
  st.out_col = step % r.out_w;
  st.win_row = st.out_row * s.stride;
  st.win_col = st.out_col * s.stride;
  std::string sum;
  for (int i = 0; i < s.filter.rows; ++i)
    for (int j = 0; j < s.filter.cols; ++j) {
      const float a = r.padded.at(st.win_row + i, st.win_col + j), w = s.filter.at(i, j);
      st.inputs.push_back(a);
      st.weights.push_back(w);
      if (!sum.empty()) sum += " + ";
      sum += (a < 0 ? "(" + format_number(a) + ")" : format_number(a)) + "*" +
             (w < 0 ? "(" + format_number(w) + ")" : format_number(w));
    }
  st.value = r.output.at(st.out_row, st.out_col);
  if (s.use_bias)
    st.text = "(" + sum + ") + " + format_number(s.bias) + " = " + format_number(st.value);
  else
    st.text = sum + " = " + format_number(st.value);
  return st;
}

OutputSizeFormula output_size_formula(int input_size, int filter_size, int pad, int stride) {
  OutputSizeFormula f;
  f.error = cnn::conv_output_size_error(input_size, filter_size, pad, stride);
  f.valid = f.error.empty();
  const std::string lhs = "(" + std::to_string(input_size) + " + 2\u00d7" + std::to_string(pad) + " \u2212 " +
                          std::to_string(filter_size) + ")/" + std::to_string(stride) + " + 1";
  if (f.valid) {
    f.value = cnn::conv_output_size(input_size, filter_size, pad, stride);
    f.text = lhs + " = " + std::to_string(f.value);
  } else if (stride > 0) {
    const float exact = static_cast<float>(input_size + 2 * pad - filter_size) / stride + 1;
    f.text = lhs + " = " + format_number(exact);
  } else {
    f.text = lhs;
  }
  return f;
}

MultiConvSetup example_3d(int filters) {
  MultiConvSetup s;
  s.channels = 3;
  s.filters = filters;
  const ConvSetup lec = lecture_conv_example();
  for (int c = 0; c < 3; ++c) {
    Grid g(4, 4);
    for (int r = 0; r < 4; ++r)
      for (int k = 0; k < 4; ++k)
        g.at(r, k) = c == 0 ? lec.input.at(r, k) : c == 1 ? lec.input.at(k, r) : lec.input.at(3 - r, k);
    s.input.push_back(g);
  }
  for (int f = 0; f < filters; ++f) {
    for (int c = 0; c < 3; ++c) {
      Grid w(3, 3);
      for (int r = 0; r < 3; ++r)
        for (int k = 0; k < 3; ++k) {
          const float base = lec.filter.at(r, k);
          // filter 0: the lecture's filter, then its transpose, then a flipped copy;
          // further filters: simple patterns that differ from filter 0.
          if (f == 0) w.at(r, k) = c == 0 ? base : c == 1 ? lec.filter.at(k, r) : lec.filter.at(2 - r, k);
          else w.at(r, k) = static_cast<float>((r + k + c + f) % 3 == 0 ? 1 : 0);
        }
      s.weights.push_back(w);
    }
    s.biases.push_back(f == 0 ? 3.0f : 0.0f);
  }
  return s;
}

MultiConvResult run_conv_3d(const MultiConvSetup& s) {
  MultiConvResult r;
  const int C = s.channels, FN = s.filters, H = s.input[0].rows, W = s.input[0].cols;
  const int FH = s.weights[0].rows, FW = s.weights[0].cols;
  // The real C-channel convolution.
  cnn::Convolution conv("lesson3d", FN, C, FH, FW);
  cnn::Tensor x({1, C, H, W});
  for (int c = 0; c < C; ++c)
    for (int i = 0; i < H; ++i)
      for (int j = 0; j < W; ++j) x.at(0, c, i, j) = s.input[c].at(i, j);
  for (int f = 0; f < FN; ++f) {
    for (int c = 0; c < C; ++c)
      for (int i = 0; i < FH; ++i)
        for (int j = 0; j < FW; ++j) conv.W.at(f, c, i, j) = s.weights[f * C + c].at(i, j);
    conv.b[f] = s.biases[f];
  }
  cnn::Tensor out;
  conv.forward(x, out);
  for (int f = 0; f < FN; ++f) r.output.push_back(channel_of(out, 0, f));
  // Each channel on its own (one-channel convolutions, no bias): the partial sums.
  for (int f = 0; f < FN; ++f)
    for (int c = 0; c < C; ++c) {
      cnn::Convolution one("lesson3d_channel", 1, 1, FH, FW);
      one.W.values() = s.weights[f * C + c].v;
      cnn::Tensor o;
      one.forward(to_tensor(s.input[c]), o);
      r.partial.push_back(channel_of(o));
    }
  return r;
}

std::string channel_sum_text(const MultiConvSetup& s, const MultiConvResult& r, int f, int row, int col) {
  std::string t;
  for (int c = 0; c < s.channels; ++c) {
    if (c) t += " + ";
    t += format_number(r.partial[f * s.channels + c].at(row, col));
  }
  t += " + " + format_number(s.biases[f]) + " = " + format_number(r.output[f].at(row, col));
  return t;
}

BatchShapes batch_shapes(int n, int c, int h, int w, int fn, int fh, int fw, int pad, int stride) {
  BatchShapes b;
  b.input = {n, c, h, w};
  b.filter = {fn, c, fh, fw};
  b.bias = {fn};
  b.error = cnn::conv_output_size_error(h, fh, pad, stride);
  if (b.error.empty()) b.error = cnn::conv_output_size_error(w, fw, pad, stride);
  if (!b.error.empty()) return b;
  const cnn::Convolution conv("conv", fn, c, fh, fw, stride, pad);
  b.output = conv.output_shape(b.input);
  return b;
}

}  // namespace app::lesson
