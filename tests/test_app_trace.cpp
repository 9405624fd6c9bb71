// Trace mode, "why this digit" and the filter switch (src/app/demo/trace.*, saliency.*,
// intervene.*): the wording of an explained number in the lecture's form, the ranges bad
// requests are told, the saliency engine computing once per change on a copy of the network,
// and filters switched off, replaced and restored.
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "app/demo/intervene.h"
#include "app/demo/saliency.h"
#include "app/demo/trace.h"
#include "app/ui/i18n.h"
#include "app/ui/text_wrap.h"
#include "cnn/architecture.h"
#include "cnn/layers.h"
#include "cnn/random.h"

using namespace app;
using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;
using Catch::Matchers::WithinAbs;

namespace {
const cnn::Shape kDigit{1, 28, 28};

std::unique_ptr<cnn::Network> net_of(const char* arch, uint64_t seed) {
  auto net = cnn::make_network(arch, kDigit);
  cnn::Rng rng(seed);
  cnn::init_weights(*net, rng);
  for (cnn::Param& p : net->params())
    if (p.name.back() == 'b')
      for (std::size_t i = 0; i < p.value->size(); ++i) (*p.value)[i] = rng.uniform(-0.1f, 0.1f);
  return net;
}

std::vector<float> digit(uint64_t seed) {
  cnn::Rng rng(seed);
  std::vector<float> img(784, 0.0f);
  for (int r = 6; r < 22; ++r)
    for (int c = 9; c < 19; ++c) img[r * 28 + c] = rng.uniform() < 0.6f ? rng.uniform() : 0.0f;
  return img;
}

struct English {
  English() { set_language(Language::English); }
  ~English() { set_language(Language::English); }
};
}  // namespace

TEST_CASE("trace: numbers in two decimals, negatives in parentheses inside a formula", "[trace]") {
  CHECK(fmt2(1.2749f) == "1.27");
  CHECK(fmt2(-0.001f) == "0.00");  // never "-0.00"
  CHECK(fmt2(-1.5f) == "-1.50");
  CHECK(fmt2_term(-0.05f) == "(-0.05)");
  CHECK(fmt2_term(0.05f) == "0.05");
  CHECK(product(0.91f, -0.05f) == "0.91*(-0.05)");
  CHECK(product(0.83f, 0.12f) == "0.83*0.12");
}

TEST_CASE("trace: the lecture's example worded as the lecture writes it, in both languages", "[trace]") {
  English en;
  auto net = cnn::make_network("conv1x3", cnn::Shape{1, 4, 4});
  auto& conv = static_cast<cnn::Convolution&>(net->layer(0));
  const float f[] = {2, 0, 1, 0, 1, 2, 1, 0, 2};
  std::copy(f, f + 9, conv.W.data());
  conv.b[0] = 3;
  const float x[] = {1, 2, 3, 0, 0, 1, 2, 3, 3, 0, 1, 2, 2, 3, 0, 1};
  net->forward_one(x);
  const TraceCell cell{0, 0, 0, 0};
  REQUIRE(check_trace_cell(*net, cell) == "");
  const Trace t = trace_cell(*net, cell);
  CHECK(t.value == 18);
  CHECK(t.sum == 18);
  const std::vector<std::string> lines = trace_lines(*net, t);
  REQUIRE(lines.size() == 2);
  CHECK(lines[1] == "1.00*2.00 + 2.00*0.00 + 3.00*1.00 + 0.00*0.00 + 1.00*1.00 + 2.00*2.00 + 3.00*1.00 + 0.00*0.00 + "
                    "1.00*2.00 + bias 3.00 = 18.00");
  CHECK(trace_title(*net, t) == "Conv conv1, channel 0, row 0, column 0: 18.00");
  set_language(Language::Korean);
  const std::vector<std::string> ko = trace_lines(*net, trace_cell(*net, cell));
  CHECK_THAT(ko[1], EndsWith("편향 3.00 = 18.00"));
  CHECK_THAT(trace_title(*net, t), ContainsSubstring("채널 0"));
  CHECK_THAT(trace_description(*net, t), ContainsSubstring("1.00*2.00 + 2.00*0.00"));
}

TEST_CASE("trace: every stage of both models is worded, and the sum is the network's value", "[trace]") {
  English en;
  for (const char* arch : {"simple", "two-stage"}) {
    INFO(arch);
    auto net = net_of(arch, 3);
    const std::vector<float> img = digit(4);
    std::vector<float> probs(10);
    const int label = net->predict(img.data(), probs.data());
    for (int s = 0; s < stage_count(*net); ++s) {
      const std::vector<int> shape = stage_shape(*net, s);
      const TraceCell cell{s, shape[0] - 1, shape.size() == 3 ? shape[1] / 2 : 0, shape.size() == 3 ? shape[2] / 2 : 0};
      REQUIRE(check_trace_cell(*net, cell) == "");
      const Trace t = trace_cell(*net, cell);
      INFO("stage " << s << " " << stage_kind(*net, s));
      CHECK_THAT(t.sum, WithinAbs(t.value, 1e-5));
      const std::vector<std::string> lines = trace_lines(*net, t);
      REQUIRE(lines.size() >= 2);
      CHECK_THAT(lines.back(), EndsWith("= " + fmt2(t.value)));
      const std::string json = trace_json(*net, t);
      CHECK_THAT(json, StartsWith("{\"stage\":" + std::to_string(s) + ","));
      CHECK_THAT(json, ContainsSubstring("\"terms\":["));
      switch (t.kind) {
        case TraceKind::Convolution:
          if (t.in_shape[0] > 1) {  // Lesson 4: per-channel partial sums, then their total
            CHECK(lines.size() == static_cast<std::size_t>(t.in_shape[0]) + 2);
            CHECK_THAT(lines[1], StartsWith("channel 0: "));
            CHECK_THAT(lines.back(), StartsWith("total: "));
          }
          break;
        case TraceKind::Relu: CHECK_THAT(lines[1], StartsWith("max(0, ")); break;
        case TraceKind::Pooling: CHECK_THAT(lines[1], StartsWith("max(")); break;
        case TraceKind::Affine:
          {
            int inputs = 1;
            for (int d : t.in_shape) inputs *= d;
            CHECK_THAT(lines[1], ContainsSubstring("(" + std::to_string(inputs - 10) + " other terms)"));
          }
          break;
        case TraceKind::Softmax:
          CHECK_THAT(t.value, WithinAbs(probs[cell.channel], 1e-6));
          CHECK_THAT(lines[0], ContainsSubstring("exp(z_9) / Σ_j exp(z_j)"));
          break;
      }
    }
    (void)label;
  }
}

TEST_CASE("trace: the window's sums break onto lines only at spaces, never inside a number", "[trace]") {
  English en;
  auto net = net_of("two-stage", 3);
  const std::vector<float> img = digit(4);
  std::vector<float> probs(10);
  net->predict(img.data(), probs.data());
  const Trace t = trace_cell(*net, TraceCell{3, 5, 6, 7});  // conv2: 16 channels of 25 products
  const auto chars = [](const char* a, const char* b) { return 7.0f * static_cast<float>(b - a); };
  using Lines = std::vector<std::pair<std::size_t, std::size_t>>;
  const auto break_lines = [&](const char* text, float width) {
    Lines lines;
    break_at_spaces(text, width, chars, [&](const char* a, const char* b) { lines.emplace_back(a - text, b - text); });
    return lines;
  };
  for (const std::string& line : trace_lines(*net, t)) {
    INFO(line);
    for (float width : {70.0f, 200.0f, 350.0f}) {
      const Lines lines = break_lines(line.c_str(), width);
      REQUIRE(!lines.empty());
      std::string joined;
      for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto [a, b] = lines[i];
        const std::string piece = line.substr(a, b - a);
        // A line is at most `width` wide unless it is one word; it begins and ends at a word's edge.
        CHECK((chars(piece.data(), piece.data() + piece.size()) <= width || piece.find(' ') == std::string::npos));
        CHECK((a == 0 || line[a - 1] == ' '));
        CHECK((b == line.size() || line[b] == ' '));
        joined += (i ? " " : "") + piece;
      }
      CHECK(joined == line);  // every word kept, in order (the sums hold single spaces only)
    }
  }
  // ImGui's own wrapping would break after the '.': "0." | "56*0.02". Here "1.5*0.25" stays whole.
  const Lines lines = break_lines("12.75 + 1.5*0.25", 7.0f * 9);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == std::make_pair(std::size_t{0}, std::size_t{7}));   // "12.75 +"
  CHECK(lines[1] == std::make_pair(std::size_t{8}, std::size_t{16}));  // "1.5*0.25"
  CHECK(break_lines("a\nb c", 1000) == Lines{{0, 1}, {2, 5}});
  CHECK(break_lines("a \nb", 7.0f) == Lines{{0, 1}, {3, 4}});  // the space before the break adds no line
}

TEST_CASE("trace: a cell outside its stage is refused with the valid range", "[trace]") {
  auto net = net_of("simple", 1);
  net->forward_one(digit(1).data());
  CHECK_THAT(check_trace_cell(*net, {9, 0, 0, 0}), StartsWith("stage must be an integer in 0..6 ("));
  CHECK_THAT(check_trace_cell(*net, {9, 0, 0, 0}), ContainsSubstring("6 softmax"));
  CHECK_THAT(check_trace_cell(*net, {-1, 0, 0, 0}), EndsWith("got -1"));
  CHECK_THAT(check_trace_cell(*net, {0, 30, 0, 0}), StartsWith("channel must be in 0..29 for stage 0 (conv1"));
  CHECK_THAT(check_trace_cell(*net, {0, 0, 24, 0}), StartsWith("y must be in 0..23"));
  CHECK_THAT(check_trace_cell(*net, {2, 0, 0, 12}), StartsWith("x must be in 0..11"));
  CHECK_THAT(check_trace_cell(*net, {3, 100, 0, 0}), StartsWith("unit (channel) must be in 0..99"));
  CHECK_THAT(check_trace_cell(*net, {3, 1, 1, 0}), StartsWith("y must be in 0 for"));
  CHECK_THAT(check_trace_cell(*net, {6, 10, 0, 0}), StartsWith("class (channel) must be in 0..9"));
  CHECK(move_cell(*net, {0, 0, 0, 0}, -1, 5) == TraceCell{0, 0, 0, 5});
  CHECK(move_cell(*net, {0, 0, 23, 23}, 1, 1) == TraceCell{0, 0, 23, 23});
  CHECK(move_cell(*net, {3, 5, 0, 0}, 1, 0) == TraceCell{3, 15, 0, 0});
  CHECK(move_cell(*net, {6, 9, 0, 0}, 0, 1) == TraceCell{6, 9, 0, 0});
}

TEST_CASE("saliency: computed once per change, on a copy that leaves the pad's outputs alone", "[trace]") {
  auto net = net_of("two-stage", 7);
  const std::vector<float> img = digit(2);
  net->forward_one(img.data());
  const cnn::Tensor conv_out = net->output(0);
  SaliencyEngine e;
  SaliencyRequest req{-1, SaliencyMethod::Occlusion, 4};
  for (int frame = 0; frame < 5; ++frame) {  // the same request every frame: one computation
    e.request(*net, req);
    e.step(50);
  }
  e.finish();
  CHECK(e.computations() == 1);
  CHECK(net->output(0).values() == conv_out.values());
  std::vector<float> probs(10);
  auto copy = cnn::copy_network(*net);
  const int label = copy->predict(img.data(), probs.data());
  CHECK(e.map_label() == label);
  const std::vector<float> want = cnn::occlusion_map(*copy, img.data(), label, 4);
  REQUIRE(e.map().size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) CHECK_THAT(e.map()[i], WithinAbs(want[i], 1e-6));
  // Another class, another method, other weights (seen in the logits), another image: a new map each.
  e.request(*net, {3, SaliencyMethod::Occlusion, 4});
  CHECK(e.stale());
  e.finish();
  CHECK(e.map_label() == 3);
  e.request(*net, {3, SaliencyMethod::Gradient, 4});
  e.finish();
  CHECK(e.map_method() == SaliencyMethod::Gradient);
  e.request(*net, {3, SaliencyMethod::Gradient, 7});  // the patch does not matter to the gradient
  CHECK(e.computations() == 3);
  static_cast<cnn::Convolution&>(net->layer(0)).W[3] += 0.5f;
  net->forward_one(img.data());
  e.request(*net, {3, SaliencyMethod::Gradient, 7});
  CHECK(e.computations() == 4);
  e.finish();
  const std::vector<float> g = cnn::gradient_times_input(*cnn::copy_network(*net), img.data(), 3);
  for (std::size_t i = 0; i < g.size(); ++i) CHECK_THAT(e.map()[i], WithinAbs(g[i], 1e-6));
}

TEST_CASE("saliency: bad requests name the valid values", "[trace]") {
  auto net = net_of("simple", 1);
  CHECK(check_saliency(*net, 3, "occlusion", 4) == "");
  CHECK(check_saliency(*net, -1, "gradient", 0) == "");
  CHECK(check_saliency(*net, 10, "occlusion", 4) == "label must be -1 (the predicted class) or 0..9, got 10");
  CHECK(check_saliency(*net, 1, "lime", 4) == "method must be 'occlusion' or 'gradient', got 'lime'");
  CHECK_THAT(check_saliency(*net, 1, "occlusion", 29), StartsWith("patch must be an integer in 1..28"));
}

TEST_CASE("intervene: a filter switched off, replaced by an edge filter, and restored", "[trace]") {
  for (const char* arch : {"simple", "two-stage"}) {
    INFO(arch);
    auto net = net_of(arch, 5);
    auto& conv = static_cast<cnn::Convolution&>(net->layer(0));
    const std::vector<float> trained = conv.W.values();
    const std::vector<float> img = digit(3);
    std::vector<float> before(10), after(10);
    net->predict(img.data(), before.data());
    FilterEdits edits;
    REQUIRE(edits.set_preset(*net, 0, 4, FilterPreset::Off) == "");
    CHECK(edits.edited(0, 4));
    net->predict(img.data(), after.data());
    CHECK(after != before);
    const auto& map = net->output(0);
    const int HW = net->layer_output_shape(0)[1] * net->layer_output_shape(0)[2];
    for (int i = 0; i < HW; ++i) CHECK(map[4 * HW + i] == conv.b[4]);  // off: the map is its bias
    for (int p = 1; p < kFilterPresetCount; ++p) {
      REQUIRE(edits.set_preset(*net, 0, 4, static_cast<FilterPreset>(p)) == "");
      float peak = 0, trained_peak = 0;
      for (int i = 0; i < 25; ++i) {
        peak = std::max(peak, std::fabs(conv.W[4 * 25 + i]));
        trained_peak = std::max(trained_peak, std::fabs(trained[4 * 25 + i]));
      }
      CHECK_THAT(peak, WithinAbs(trained_peak, 1e-6));  // scaled like the trained filter
    }
    CHECK(edits.count() == 1);
    REQUIRE(edits.restore(*net, 0, 4) == "");
    CHECK(conv.W.values() == trained);
    CHECK(!edits.edited(0, 4));
    net->predict(img.data(), after.data());
    CHECK(after == before);
    // Bad filters are refused, naming what is allowed.
    std::vector<float> v(24, 0.1f);
    CHECK(edits.set(*net, 0, 1, v.data(), v.size()) ==
          "a filter of conv1 has 25 values (channels × height × width), got 24");
    v.assign(25, 0.1f);
    v[7] = std::nanf("");
    CHECK(edits.set(*net, 0, 1, v.data(), v.size()) == "value 7 is NaN");
    CHECK_THAT(edits.set(*net, 1, 1, v.data(), v.size()), StartsWith("layer must be a Convolution stage: 0 (conv1)"));
    CHECK_THAT(FilterEdits::check(*net, 0, 99), StartsWith("index must be in 0.."));
    CHECK(conv.W.values() == trained);
    // Weights replaced after a change (training, another model): Restore leaves them alone.
    REQUIRE(edits.set_preset(*net, 0, 2, FilterPreset::Vertical) == "");
    conv.W[2 * 25] = 0.75f;
    REQUIRE(edits.restore(*net, 0, 2) == "");
    CHECK(conv.W[2 * 25] == 0.75f);
    CHECK(edits.count() == 0);
  }
  auto two = net_of("two-stage", 2);
  CHECK_THAT(FilterEdits::check(*two, 2, 0), ContainsSubstring("0 (conv1) or 3 (conv2)"));
  const std::vector<float> lap = preset_filter(FilterPreset::Laplacian, 1, 5, 5, 0.4f);
  CHECK(lap[12] == -0.4f);
  CHECK(lap[7] == 0.1f);
  CHECK(lap[0] == 0.0f);
}
