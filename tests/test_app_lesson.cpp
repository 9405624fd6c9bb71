// Lesson mode's pure logic: every number the lesson panels show, checked against the
// lecture's worked examples (15, 16, 6, 15; bias → 18; SimpleConvNet's 433 890 parameters).
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>

#include "app/lesson/conv.h"
#include "app/lesson/im2col.h"
#include "app/lesson/pool.h"
#include "app/lesson/shapes.h"
#include "app/lesson/step_player.h"
#include "cnn/architecture.h"
#include "app/ui/i18n.h"

using namespace app::lesson;

TEST_CASE("lecture convolution example gives 15, 16, 6, 15", "[lesson]") {
  const ConvSetup s = lecture_conv_example();
  const ConvResult r = run_conv(s);
  REQUIRE(r.error.empty());
  REQUIRE(r.out_h == 2);
  REQUIRE(r.out_w == 2);
  CHECK(r.output.v == std::vector<float>{15, 16, 6, 15});
  REQUIRE(conv_step_count(r) == 4);
  CHECK(conv_step(s, r, 0).text == "1*2 + 2*0 + 3*1 + 0*0 + 1*1 + 2*2 + 3*1 + 0*0 + 1*2 = 15");
  CHECK(conv_step(s, r, 1).text == "2*2 + 3*0 + 0*1 + 1*0 + 2*1 + 3*2 + 0*1 + 1*0 + 2*2 = 16");
  CHECK(conv_step(s, r, 2).text == "0*2 + 1*0 + 2*1 + 3*0 + 0*1 + 1*2 + 2*1 + 3*0 + 0*2 = 6");
  const ConvStep last = conv_step(s, r, 3);
  CHECK(last.out_row == 1);
  CHECK(last.out_col == 1);
  CHECK(last.win_row == 1);
  CHECK(last.win_col == 1);
  CHECK(last.value == 15);
  // back from step 0 wraps to the last step
  CHECK(conv_step(s, r, -1).text == last.text);
}

TEST_CASE("the bias is added to every output: 15 becomes 18", "[lesson]") {
  ConvSetup s = lecture_conv_example();
  s.use_bias = true;
  const ConvResult r = run_conv(s);
  CHECK(r.output.v == std::vector<float>{18, 19, 9, 18});
  CHECK(conv_step(s, r, 0).text == "(1*2 + 2*0 + 3*1 + 0*0 + 1*1 + 2*2 + 3*1 + 0*0 + 1*2) + 3 = 18");
}

TEST_CASE("edited input and filter cells change the results", "[lesson]") {
  ConvSetup s = lecture_conv_example();
  s.input.at(0, 0) = cycle_value(s.input.at(0, 0));  // 1 → 2: first window +2 (weight 2)
  CHECK(s.input.at(0, 0) == 2);
  ConvResult r = run_conv(s);
  CHECK(r.output.v == std::vector<float>{17, 16, 6, 15});
  s.filter.at(1, 1) = -1;  // centre weight 1 → -1
  r = run_conv(s);
  CHECK(r.output.v == std::vector<float>{15, 12, 6, 13});
  CHECK(conv_step(s, r, 0).text.find("1*(-1)") != std::string::npos);
  // every step's text ends with the core's value
  for (int i = 0; i < conv_step_count(r); ++i) {
    const ConvStep st = conv_step(s, r, i);
    float sum = 0;
    for (std::size_t k = 0; k < st.inputs.size(); ++k) sum += st.inputs[k] * st.weights[k];
    CHECK(sum == st.value);
  }
  s.input.at(3, 3) = 0.5f;
  CHECK(format_number(run_conv(s).output.at(1, 1)) == "12");
  CHECK(format_number(0.25f) == "0.25");
  CHECK(format_number(-2.0f) == "-2");
  CHECK(cycle_value(9) == 0);
  CHECK(cycle_value(0, true) == 9);
}

TEST_CASE("padding and stride: output size formula and validity", "[lesson]") {
  OutputSizeFormula f = output_size_formula(4, 3, 1, 1);
  CHECK(f.valid);
  CHECK(f.value == 4);
  CHECK(f.text == "(4 + 2\u00d71 \u2212 3)/1 + 1 = 4");
  f = output_size_formula(7, 3, 0, 2);
  CHECK(f.valid);
  CHECK(f.value == 3);
  f = output_size_formula(5, 2, 0, 2);  // (5 − 2)/2 + 1 = 2.5
  CHECK_FALSE(f.valid);
  CHECK_FALSE(f.error.empty());
  CHECK(f.text == "(5 + 2\u00d70 \u2212 2)/2 + 1 = 2.5");
  CHECK_FALSE(output_size_formula(2, 5, 0, 1).valid);  // filter larger than the input

  // padding 1 keeps a 4×4 input at 4×4 and the border is zero
  ConvSetup s = sized_conv_example(4, 3, 1, 1);
  ConvResult r = run_conv(s);
  REQUIRE(r.error.empty());
  CHECK(r.out_h == 4);
  CHECK(r.padded.rows == 6);
  CHECK(r.padded.at(0, 0) == 0);
  CHECK(r.padded.at(1, 1) == 1);
  CHECK(r.output.at(1, 1) == 15);  // window over the lecture's first window
  // stride 2 on 7×7: windows at 0, 2, 4 per axis
  s = sized_conv_example(7, 3, 0, 2);
  r = run_conv(s);
  CHECK(r.out_h == 3);
  const auto pos = window_positions(r.padded.rows, r.padded.cols, 3, 3, 2);
  REQUIRE(pos.size() == 9);
  CHECK(pos[1] == std::pair<int, int>(0, 2));
  CHECK(pos[3] == std::pair<int, int>(2, 0));
  for (int i = 0; i < 9; ++i) {
    const ConvStep st = conv_step(s, r, i);
    CHECK(std::pair<int, int>(st.win_row, st.win_col) == pos[i]);
  }
  s = sized_conv_example(6, 3, 0, 2);
  r = run_conv(s);
  CHECK_FALSE(r.error.empty());
  CHECK(conv_step_count(r) == 0);
}

TEST_CASE("3-D convolution: channel partial sums plus bias; FN filters give FN channels", "[lesson]") {
  const MultiConvSetup s = example_3d(2);
  const MultiConvResult r = run_conv_3d(s);
  REQUIRE(r.output.size() == 2);
  REQUIRE(r.partial.size() == 6);
  CHECK(r.partial[0].v == std::vector<float>{15, 16, 6, 15});  // channel 0 is the lecture's example
  for (int f = 0; f < 2; ++f)
    for (std::size_t i = 0; i < 4; ++i)
      CHECK(r.output[f].v[i] == r.partial[f * 3].v[i] + r.partial[f * 3 + 1].v[i] + r.partial[f * 3 + 2].v[i] +
                                    s.biases[f]);
  const std::string t = channel_sum_text(s, r, 0, 0, 0);
  CHECK(t.rfind("15 + ", 0) == 0);
  CHECK(t.find(" + 3 = ") != std::string::npos);

  const BatchShapes b = batch_shapes(10, 3, 28, 28, 30, 5, 5, 0, 1);
  CHECK(b.error.empty());
  CHECK(b.output == cnn::Shape{10, 30, 24, 24});
  CHECK(b.filter == cnn::Shape{30, 3, 5, 5});
  CHECK_FALSE(batch_shapes(1, 1, 6, 6, 2, 3, 3, 0, 2).error.empty());
}

TEST_CASE("max pooling step by step and the shift comparison", "[lesson]") {
  const PoolSetup s = pool_example();
  const PoolResult r = run_pool(s);
  REQUIRE(r.error.empty());
  CHECK(r.output.v == std::vector<float>{4, 2, 2, 3});
  REQUIRE(r.argmax.size() == 4);
  CHECK(r.argmax[0] == std::pair<int, int>(1, 0));
  CHECK(r.argmax[3] == std::pair<int, int>(2, 2));
  CHECK(pool_window(s, r, 3) == std::pair<int, int>(2, 2));
  CHECK(pool_step_text(s, r, 0) == "max(1, 0, 4, 2) = 4");

  const ShiftComparison right = compare_shift(s, 0, 1);
  CHECK(right.total == 4);
  CHECK(right.same == 4);  // the lecture's "robust to small shifts"
  CHECK(right.shifted.output.v == right.original.output.v);
  CHECK(shift_grid(s.input, 0, 1).at(0, 0) == 0);
  CHECK(shift_grid(s.input, 0, 1).at(1, 1) == 4);
  const ShiftComparison down = compare_shift(s, 1, 0);
  CHECK(down.same < 4);  // not every shift leaves every maximum in its window

  CHECK(pooling_param_count() == 0);
  CHECK(pooling_output_shape({30, 24, 24}) == cnn::Shape{30, 12, 12});
}

TEST_CASE("im2col rows follow the step order; the product equals the convolution", "[lesson]") {
  for (int pad : {0, 1})
    for (bool bias : {false, true}) {
      ConvSetup s = lecture_conv_example();
      s.pad = pad;
      s.use_bias = bias;
      const Im2colDemo d = run_im2col(s);
      REQUIRE(d.error.empty());
      const ConvResult r = run_conv(s);
      const int P = d.out_h * d.out_w, K = 9;
      REQUIRE(d.col.shape() == cnn::Shape{P, K});
      for (int p = 0; p < P; ++p) {
        const ConvStep st = conv_step(s, r, p);
        for (int k = 0; k < K; ++k) CHECK(d.col[static_cast<std::size_t>(p) * K + k] == st.inputs[k]);
      }
      REQUIRE(d.out.shape() == cnn::Shape{1, 2, d.out_h, d.out_w});
      CHECK(d.out.values() == d.conv_out.values());
      for (int p = 0; p < P; ++p) CHECK(d.out[p] == r.output.v[p]);
    }
  const Im2colDemo d = run_im2col(lecture_conv_example());
  // col2im adds overlapping windows: the 4 corners are in 1 window, the centre 2×2 in all 4.
  CHECK(d.overlap.values() == std::vector<float>{1, 2, 2, 1, 2, 4, 4, 2, 2, 4, 4, 2, 1, 2, 2, 1});
  for (std::size_t i = 0; i < 16; ++i) CHECK(d.col_back[i] == d.x[i] * d.overlap[i]);
  CHECK(d.w_cols.shape() == cnn::Shape{9, 2});
  CHECK(d.w_cols[0] == 2);  // filter 0's first weight
  CHECK(d.w_cols[1] == 0);  // the edge filter's first weight
}

TEST_CASE("the whole network: shapes and 433 890 parameters; the 5-layer FC network", "[lesson]") {
  auto net = cnn::make_simple_conv_net();
  const NetworkSummary s = summarize(*net);
  REQUIRE(s.blocks.size() == 7);
  const char* kinds[] = {"Convolution", "Relu", "Pooling", "Affine", "Relu", "Affine", "Softmax"};
  const char* shapes[] = {"30\u00d724\u00d724", "30\u00d724\u00d724", "30\u00d712\u00d712", "100", "100", "10", "10"};
  std::size_t sum = 0;
  for (int i = 0; i < 7; ++i) {
    CHECK(s.blocks[i].kind == kinds[i]);
    CHECK(shape_text(s.blocks[i].out) == shapes[i]);
    sum += s.blocks[i].params;
  }
  CHECK(shape_text(s.input) == "1\u00d728\u00d728");
  CHECK(cnn::shape_size(s.blocks[3].in) == 4320);  // what the first Affine receives, flattened
  CHECK(s.blocks[0].params == 780);
  CHECK(s.blocks[3].params == 432100);
  CHECK(s.blocks[5].params == 1010);
  CHECK(s.total_params == 433890);
  CHECK(sum == 433890);
  CHECK(s.blocks[6].layer == -1);

  auto fc = make_fully_connected_net();
  const NetworkSummary f = summarize(*fc);
  REQUIRE(f.blocks.size() == 10);  // (Affine, ReLU)×4, Affine, Softmax
  CHECK(f.blocks[0].params == 78500);
  CHECK(f.blocks[2].params == 10100);
  CHECK(f.blocks[8].params == 1010);
  CHECK(f.total_params == 109810);
}

TEST_CASE("the two-stage CNN: shapes and parameters from its architecture; receptive fields 5, 6, 14, 16", "[lesson]") {
  const cnn::Shape digit{1, 28, 28};
  auto net = cnn::make_network("two-stage", digit);
  const NetworkSummary s = summarize(*net);
  REQUIRE(s.blocks.size() == 10);  // conv relu pool conv relu pool affine relu affine softmax
  const char* shapes[] = {"16\u00d728\u00d728", "16\u00d728\u00d728", "16\u00d714\u00d714", "32\u00d714\u00d714",
                          "32\u00d714\u00d714", "32\u00d77\u00d77",   "100", "100", "10", "10"};
  for (int i = 0; i < 10; ++i) CHECK(shape_text(s.blocks[i].out) == shapes[i]);
  CHECK(s.blocks[0].params == 16 * 25 + 16);
  CHECK(s.blocks[3].params == 32 * 16 * 25 + 32);
  CHECK(cnn::shape_size(s.blocks[6].in) == 1568);
  CHECK(s.blocks[6].params == 1568 * 100 + 100);
  CHECK(s.total_params == 416 + 12832 + 156900 + 1010);
  std::vector<int> sizes;
  for (const FieldStep& f : field_growth(*net)) sizes.push_back(f.size);
  CHECK(sizes == std::vector<int>{5, 6, 14, 16});
  CHECK(field_growth(*net)[2].name == "conv2");
  // another architecture gives other numbers: nothing is typed in
  auto wide = cnn::make_network("conv8x3p1,relu,pool2,conv8x3p1,relu,pool2,affine20,relu,affine10", digit);
  const NetworkSummary w = summarize(*wide);
  CHECK(w.blocks[0].params == 8 * 9 + 8);
  CHECK(shape_text(w.blocks[5].out) == "8\u00d77\u00d77");
  sizes.clear();
  for (const FieldStep& f : field_growth(*wide)) sizes.push_back(f.size);
  CHECK(sizes == std::vector<int>{3, 4, 8, 10});
  CHECK(field_growth(*cnn::make_network("simple", digit)).size() == 2);
}

TEST_CASE("flattening puts neighbouring pixels 28 apart; a 5x5 window spans 117 values", "[lesson]") {
  const FlattenWindow w = flatten_window(28, 28, 10, 10, 5);
  REQUIRE(w.indices.size() == 25);
  CHECK(w.indices.front() == 8 * 28 + 8);
  CHECK(w.span == 4 * 28 + 5);
  CHECK(w.right == 10 * 28 + 11);
  CHECK(w.below - 10 * 28 - 10 == 28);
  std::vector<float> img(784, 0.0f);
  img[3 * 28 + 5] = 1;
  const std::vector<float> row = flatten_image(img.data(), 28, 28);
  REQUIRE(row.size() == 784);
  CHECK(row[89] == 1);
}

TEST_CASE("edge probe: an edge filter responds most to its edge", "[lesson]") {
  const float vertical[9] = {-1, 0, 1, -2, 0, 2, -1, 0, 1};  // Sobel: dark → light to the right
  EdgeResponse e = edge_response(vertical, 3, 3, 0);
  CHECK(e.strongest == static_cast<int>(Edge::Vertical));
  CHECK_FALSE(e.flipped);
  CHECK(e.best[0] == 4);
  const float horizontal_flipped[9] = {1, 2, 1, 0, 0, 0, -1, -2, -1};  // light above
  e = edge_response(horizontal_flipped, 3, 3, 0);
  CHECK(e.strongest == static_cast<int>(Edge::Horizontal));
  CHECK(e.flipped);
}

TEST_CASE("step player: Back and Step wrap, Play moves on every 0.9 s, reduced motion stops it", "[lesson]") {
  StepPlayer p;
  p.set_count(4, false);
  CHECK(p.step() == 0);
  p.back();
  CHECK(p.step() == 3);  // back from the first step wraps to the last
  p.forward();
  CHECK(p.step() == 0);
  p.toggle();
  REQUIRE(p.playing());
  p.tick(0.5f);
  CHECK(p.step() == 0);
  p.tick(0.5f);
  CHECK(p.step() == 1);  // 1.0 s >= 0.9 s; the clock starts again
  p.tick(0.5f);
  CHECK(p.step() == 1);
  p.forward();  // a manual step pauses
  CHECK(p.step() == 2);
  CHECK_FALSE(p.playing());
  p.toggle();
  p.set_count(4, true);
  CHECK_FALSE(p.playing());
  p.toggle();
  p.set_count(2, false);  // fewer steps: the step stays within them
  CHECK(p.step() == 1);
  CHECK(p.playing());
  p.set_count(0, false);
  CHECK_FALSE(p.playing());
  p.restart();
  CHECK(p.step() == 0);
}

TEST_CASE("step description for screen readers", "[lesson]") {
  app::set_language(app::Language::English);
  CHECK(step_description(1, 4, "2*2 = 4") == "window 2 of 4: 2*2 = 4");
  CHECK(step_description(0, 0, "x").empty());
}
