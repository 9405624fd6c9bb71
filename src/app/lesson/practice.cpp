#include "app/lesson/practice.h"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "app/lesson/conv.h"
#include "app/lesson/pool.h"
#include "cnn/im2col.h"
#include "cnn/layers.h"
#include "cnn/random.h"

namespace app::lesson {

namespace {

int pick(cnn::Rng& rng, int lo, int hi) {  // uniform in [lo, hi]
  return lo + static_cast<int>(rng.next_u32() % static_cast<uint32_t>(hi - lo + 1));
}

Grid random_grid(cnn::Rng& rng, int rows, int cols, int lo, int hi) {
  Grid g(rows, cols);
  for (float& v : g.v) v = static_cast<float>(pick(rng, lo, hi));
  return g;
}

std::string shape_answer(const std::vector<double>& v) {
  std::string s = "(";
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + format_number(static_cast<float>(v[i]));
  return s + ")";
}

// "(H + 2*P - FH)/S + 1" with numbers, for OH and OW when they differ.
std::string size_arithmetic(int in, int f, int p, int s) {
  char buf[96];
  const int num = in + 2 * p - f;
  if (num < 0 || num % s != 0)
    std::snprintf(buf, sizeof buf, "(%d + 2*%d - %d)/%d + 1 = %d/%d + 1", in, p, f, s, num, s);
  else
    std::snprintf(buf, sizeof buf, "(%d + 2*%d - %d)/%d + 1 = %d", in, p, f, s, num / s + 1);
  return buf;
}

PracticeItem conv_cell(cnn::Rng& rng, bool with_bias) {
  PracticeItem it;
  it.kind = with_bias ? PracticeKind::ConvCellBias : PracticeKind::ConvCell;
  ConvSetup s;
  s.input = random_grid(rng, 4, 4, 0, 3);
  s.filter = random_grid(rng, 3, 3, 0, 2);
  s.use_bias = with_bias;
  s.bias = with_bias ? static_cast<float>(pick(rng, 1, 5)) : 0.0f;
  const ConvResult r = run_conv(s);
  it.input = s.input, it.filter = s.filter, it.bias = s.bias;
  it.out_row = pick(rng, 0, r.out_h - 1), it.out_col = pick(rng, 0, r.out_w - 1);
  const ConvStep step = conv_step(s, r, it.out_row * r.out_w + it.out_col);
  it.answer = {step.value};
  it.worked = step.text;
  return it;
}

PracticeItem output_size(cnn::Rng& rng, bool impossible) {
  PracticeItem it;
  it.kind = PracticeKind::OutputSize;
  // Draw until the divisibility is what was asked for (a few tries at most).
  for (;;) {
    it.h = pick(rng, 5, 32), it.fh = pick(rng, 2, 5), it.pad = pick(rng, 0, 2), it.stride = pick(rng, 1, 3);
    const int num = it.h + 2 * it.pad - it.fh;
    if (num < 0) continue;
    const bool fits = num % it.stride == 0;
    if (fits != impossible) break;
  }
  const std::string error = cnn::conv_output_size_error(it.h, it.fh, it.pad, it.stride);
  it.impossible = !error.empty();
  if (!it.impossible) it.answer = {static_cast<double>(cnn::conv_output_size(it.h, it.fh, it.pad, it.stride))};
  it.worked = "OH = " + size_arithmetic(it.h, it.fh, it.pad, it.stride);
  return it;
}

// A convolution whose sizes fit (stride 1 or a fitting stride 2).
void fitting_conv(cnn::Rng& rng, PracticeItem& it) {
  for (;;) {
    it.c = pick(rng, 1, 4), it.h = it.w = pick(rng, 7, 32), it.fh = it.fw = 2 * pick(rng, 1, 2) + 1;
    it.fn = pick(rng, 2, 32), it.pad = pick(rng, 0, 2), it.stride = pick(rng, 1, 2);
    if (cnn::conv_output_size_error(it.h, it.fh, it.pad, it.stride).empty()) break;
  }
}

PracticeItem conv_shape(cnn::Rng& rng, bool batch) {
  PracticeItem it;
  it.kind = batch ? PracticeKind::ConvShape4D : PracticeKind::ConvShape3D;
  fitting_conv(rng, it);
  it.n = batch ? pick(rng, 2, 64) : 1;
  const BatchShapes b = batch_shapes(it.n, it.c, it.h, it.w, it.fn, it.fh, it.fw, it.pad, it.stride);
  for (std::size_t i = batch ? 0 : 1; i < b.output.size(); ++i) it.answer.push_back(b.output[i]);
  it.worked = "OH = OW = " + size_arithmetic(it.h, it.fh, it.pad, it.stride) + "; " + shape_answer(it.answer);
  return it;
}

PracticeItem pool_value(cnn::Rng& rng) {
  PracticeItem it;
  it.kind = PracticeKind::PoolValue;
  PoolSetup s;
  s.input = random_grid(rng, 4, 4, 0, 9);
  const PoolResult r = run_pool(s);
  it.input = s.input, it.pool = s.size;
  it.out_row = pick(rng, 0, r.output.rows - 1), it.out_col = pick(rng, 0, r.output.cols - 1);
  it.answer = {r.output.at(it.out_row, it.out_col)};
  it.worked = pool_step_text(s, r, it.out_row * r.output.cols + it.out_col);
  return it;
}

PracticeItem pool_shape(cnn::Rng& rng) {
  PracticeItem it;
  it.kind = PracticeKind::PoolShape;
  it.c = pick(rng, 1, 64), it.h = it.w = 2 * pick(rng, 3, 16), it.pool = 2;
  const cnn::Shape out = pooling_output_shape({it.c, it.h, it.w}, it.pool, it.pool);
  for (int v : out) it.answer.push_back(v);
  it.worked = "(" + std::to_string(it.c) + ", " + std::to_string(it.h) + "/2, " + std::to_string(it.w) + "/2) = " +
              shape_answer(it.answer);
  return it;
}

PracticeItem im2col_shape(cnn::Rng& rng) {
  PracticeItem it;
  it.kind = PracticeKind::Im2colShape;
  fitting_conv(rng, it);
  it.n = pick(rng, 1, 10);
  const int oh = cnn::conv_output_size(it.h, it.fh, it.pad, it.stride);
  // cnn::im2col's matrix: one row per window position of every image, one column per weight.
  const cnn::Tensor x(cnn::Shape{it.n, it.c, it.h, it.w});
  const cnn::Tensor col = cnn::im2col(x, it.fh, it.fw, it.stride, it.pad);
  it.answer = {static_cast<double>(col.dim(0)), static_cast<double>(col.dim(1))};
  it.worked = std::to_string(it.n) + "*" + std::to_string(oh) + "*" + std::to_string(oh) + " = " +
              std::to_string(col.dim(0)) + " rows, " + std::to_string(it.c) + "*" + std::to_string(it.fh) + "*" +
              std::to_string(it.fw) + " = " + std::to_string(col.dim(1)) + " columns";
  return it;
}

PracticeItem param_count(cnn::Rng& rng, bool affine) {
  PracticeItem it;
  it.kind = PracticeKind::ParamCount;
  it.affine = affine;
  if (affine) {
    it.h = pick(rng, 2, 40) * 10, it.w = pick(rng, 1, 20) * 5;  // in, out
    cnn::Affine layer("affine", it.h, it.w);
    it.answer = {static_cast<double>(layer.param_count())};
    it.worked = std::to_string(it.h) + "*" + std::to_string(it.w) + " + " + std::to_string(it.w) + " = " +
                std::to_string(layer.param_count());
  } else {
    it.fn = pick(rng, 4, 64), it.c = pick(rng, 1, 32), it.fh = it.fw = 2 * pick(rng, 1, 3) + 1;
    cnn::Convolution layer("conv", it.fn, it.c, it.fh, it.fw);
    it.answer = {static_cast<double>(layer.param_count())};
    it.worked = std::to_string(it.fn) + "*" + std::to_string(it.c) + "*" + std::to_string(it.fh) + "*" +
                std::to_string(it.fw) + " + " + std::to_string(it.fn) + " = " + std::to_string(layer.param_count());
  }
  return it;
}

}  // namespace

std::vector<PracticeItem> practice_items(int panel, uint32_t seed) {
  cnn::Rng rng(seed * 7919u + static_cast<uint32_t>(panel) + 1u);
  std::vector<PracticeItem> items;
  switch (panel) {
    case 1: items = {conv_cell(rng, false), conv_cell(rng, true)}; break;
    case 2: items = {output_size(rng, false), output_size(rng, false), output_size(rng, true)}; break;
    case 3: items = {conv_shape(rng, false), conv_shape(rng, true)}; break;
    case 4: items = {pool_value(rng), pool_shape(rng)}; break;
    case 5: items = {im2col_shape(rng), im2col_shape(rng)}; break;
    case 6: items = {param_count(rng, false), param_count(rng, true)}; break;
    default: break;
  }
  // The impossible item is not always last.
  if (panel == 2 && rng.next_u32() % 2) std::swap(items[1], items[2]);
  for (std::size_t i = 0; i < items.size(); ++i) items[i].id = "p" + std::to_string(panel + 1) + ".q" + std::to_string(i + 1);
  return items;
}

Verdict check_answer(const PracticeItem& item, const PracticeResponse& r) {
  if (r.impossible) return item.impossible ? Verdict::Correct : Verdict::Wrong;
  if (item.impossible) return r.numbers.empty() ? Verdict::Incomplete : Verdict::Wrong;
  if (r.numbers.size() != item.answer.size()) return Verdict::Incomplete;
  for (std::size_t i = 0; i < r.numbers.size(); ++i)
    if (!(std::fabs(r.numbers[i] - item.answer[i]) <= item.tolerance + 1e-9)) return Verdict::Wrong;
  return Verdict::Correct;
}

bool parse_numbers(const std::string& text, std::vector<double>& out) {
  out.clear();
  std::string t;
  for (char ch : text) t += (ch == '(' || ch == ')' || ch == ',' || ch == 'x' || ch == 'X' || ch == '*') ? ' ' : ch;
  std::istringstream in(t);
  std::string word;
  while (in >> word) {
    char* end = nullptr;
    const double v = std::strtod(word.c_str(), &end);
    if (end == word.c_str() || *end != '\0' || !std::isfinite(v)) return false;
    out.push_back(v);
  }
  return !out.empty();
}

std::string answer_text(const PracticeItem& item) {
  if (item.answer.size() == 1) return format_number(static_cast<float>(item.answer[0]));
  return shape_answer(item.answer);
}

}  // namespace app::lesson
