#include "app/lesson/practice.h"

#include <cmath>
#include <cstdio>

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

// The words of a typed answer: separated by spaces and ( ) , x X *.
std::vector<std::string> answer_words(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (char ch : text) {
    const bool sep = ch == '(' || ch == ')' || ch == ',' || ch == 'x' || ch == 'X' || ch == '*' || ch == ' ' ||
                     ch == '\t' || ch == '\n' || ch == '\r';
    if (!sep) word += ch;
    else if (!word.empty()) words.push_back(std::move(word)), word.clear();
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

bool parse_numbers(const std::string& text, std::vector<double>& out) {
  out.clear();
  for (const std::string& word : answer_words(text)) {
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

namespace app::lesson {

InputProblem read_response(const std::string& text, std::vector<double>& out) {
  out.clear();
  InputProblem problem = InputProblem::None;
  for (const std::string& word : answer_words(text)) {
    char* end = nullptr;
    const double v = std::strtod(word.c_str(), &end);
    if (end == word.c_str() || *end != '\0' || std::isnan(v)) return InputProblem::NotNumber;
    // strtod reads "inf"/"Infinity" as ∞, and a number beyond a double ("1e999") as HUGE_VAL.
    std::string lower;
    for (char ch : word) lower += static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
    if (std::isinf(v) && lower.find("inf") != std::string::npos) problem = InputProblem::Infinite;
    else if (!(std::fabs(v) <= kMaxAnswer) && problem == InputProblem::None) problem = InputProblem::TooLarge;
    out.push_back(v);
  }
  if (out.empty()) return InputProblem::Empty;
  if (problem != InputProblem::None) out.clear();
  return problem;
}

std::string response_text(const PracticeResponse& r) {
  if (r.impossible) return "impossible";
  std::string s;
  for (std::size_t i = 0; i < r.numbers.size(); ++i) s += (i ? " " : "") + format_number(static_cast<float>(r.numbers[i]));
  return s;
}

namespace {
uint32_t next_seed(uint32_t s) { return s * 1664525u + 1013904223u; }
}  // namespace

void PracticeBook::draw(int panel) {
  PanelState& p = panels_[panel];
  p.items = practice_items(panel, p.seed);
  p.records.assign(p.items.size(), ItemRecord{});
  p.shown_at = -1;
}

void PracticeBook::reset(uint32_t seed) {
  for (int i = 0; i < kPanels; ++i) {
    seed = next_seed(seed);
    panels_[i].seed = seed;
    panels_[i].attempt = 0;
    draw(i);
  }
  ++version_;
}

void PracticeBook::new_attempt(int panel) {
  if (!valid(panel)) return;
  panels_[panel].seed = next_seed(panels_[panel].seed);
  ++panels_[panel].attempt;
  draw(panel);
  ++version_;
}

void PracticeBook::shown(int panel, double now) {
  if (valid(panel) && panels_[panel].shown_at < 0) panels_[panel].shown_at = now;
}

CheckOutcome PracticeBook::answer(int panel, int item, const std::string& text, bool impossible, double now) {
  CheckOutcome out;
  if (!valid(panel) || item < 0 || item >= static_cast<int>(panels_[panel].items.size())) {
    out.problem = InputProblem::Empty;
    return out;
  }
  PanelState& p = panels_[panel];
  const PracticeItem& it = p.items[item];
  ItemRecord& rec = p.records[item];
  if (rec.answered) {  // already counted: the recorded verdict again
    out.verdict = rec.correct ? Verdict::Correct : Verdict::Wrong;
    return out;
  }
  PracticeResponse r;
  r.impossible = impossible;
  if (!impossible) {
    out.problem = read_response(text, r.numbers);
    if (out.problem != InputProblem::None) return out;
  }
  out.verdict = check_answer(it, r);
  if (!out.counted()) return out;
  rec.answered = true;
  rec.correct = out.verdict == Verdict::Correct;
  rec.response = response_text(r);
  rec.latency_s = p.shown_at >= 0 && now >= p.shown_at ? now - p.shown_at : 0;
  Entry e;
  e.panel = panel, e.item = item, e.seed = p.seed, e.id = it.id, e.response = rec.response;
  PracticeResponse right;
  right.impossible = it.impossible;
  right.numbers = it.answer;
  e.answer = response_text(right);
  e.correct = rec.correct, e.latency_s = rec.latency_s;
  journal_.push_back(e);
  ++version_;
  return out;
}

PracticeScore PracticeBook::score(int panel) const {
  PracticeScore s;
  if (!valid(panel)) return s;
  for (const ItemRecord& r : panels_[panel].records) {
    s.asked += r.answered;
    s.correct += r.answered && r.correct;
  }
  s.total = static_cast<int>(panels_[panel].records.size());
  return s;
}

PracticeScore PracticeBook::total() const {
  PracticeScore t;
  for (int i = 0; i < kPanels; ++i) {
    const PracticeScore s = score(i);
    t.correct += s.correct, t.asked += s.asked, t.total += s.total;
  }
  return t;
}

// P1;seed,attempt,state/state...;... for panels 1..6; a state is "-" (not answered), or
// "c:" / "w:" and the response with '_' for its spaces.
std::string PracticeBook::save() const {
  std::string s = "P1";
  for (int i = 1; i < kPanels; ++i) {
    const PanelState& p = panels_[i];
    s += ";" + std::to_string(p.seed) + "," + std::to_string(p.attempt) + ",";
    for (std::size_t k = 0; k < p.records.size(); ++k) {
      const ItemRecord& r = p.records[k];
      if (k) s += "/";
      if (!r.answered) {
        s += "-";
        continue;
      }
      std::string resp = r.response;
      for (char& ch : resp) if (ch == ' ') ch = '_';
      s += (r.correct ? "c:" : "w:") + resp;
    }
  }
  return s;
}

namespace {
std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out(1);
  for (char ch : s) {
    if (ch == sep) out.emplace_back();
    else out.back() += ch;
  }
  return out;
}
bool read_uint(const std::string& s, uint64_t max, uint64_t& v) {
  if (s.empty() || s.size() > 10) return false;
  v = 0;
  for (char ch : s) {
    if (ch < '0' || ch > '9') return false;
    v = v * 10 + static_cast<uint64_t>(ch - '0');
  }
  return v <= max;
}
}  // namespace

bool PracticeBook::load(const std::string& text) {
  if (text.size() > 2000) return false;
  const std::vector<std::string> parts = split(text, ';');
  if (parts.size() != kPanels || parts[0] != "P1") return false;
  PracticeBook b;
  for (int i = 1; i < kPanels; ++i) {
    const std::vector<std::string> f = split(parts[i], ',');
    uint64_t seed = 0, attempt = 0;
    if (f.size() != 3 || !read_uint(f[0], 0xffffffffu, seed) || !read_uint(f[1], 1000000, attempt)) return false;
    PanelState& p = b.panels_[i];
    p.seed = static_cast<uint32_t>(seed);
    p.attempt = static_cast<int>(attempt);
    b.draw(i);
    const std::vector<std::string> states = split(f[2], '/');
    if (states.size() != p.items.size()) return false;
    for (std::size_t k = 0; k < states.size(); ++k) {
      const std::string& st = states[k];
      if (st == "-") continue;
      if (st.size() < 3 || (st[0] != 'c' && st[0] != 'w') || st[1] != ':') return false;
      std::string resp = st.substr(2);
      for (char& ch : resp) if (ch == '_') ch = ' ';
      PracticeResponse r;
      r.impossible = resp == "impossible";
      if (!r.impossible && read_response(resp, r.numbers) != InputProblem::None) return false;
      const Verdict v = check_answer(p.items[k], r);
      // The saved verdict must be the one the items from this seed give.
      if (v == Verdict::Incomplete || (v == Verdict::Correct) != (st[0] == 'c') || response_text(r) != resp) return false;
      p.records[k].answered = true;
      p.records[k].correct = st[0] == 'c';
      p.records[k].response = resp;
    }
  }
  for (int i = 0; i < kPanels; ++i) panels_[i] = b.panels_[i];
  panels_[0].items.clear(), panels_[0].records.clear();
  journal_.clear();
  ++version_;
  return true;
}

}  // namespace app::lesson
