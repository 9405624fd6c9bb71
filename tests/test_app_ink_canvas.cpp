// The drawing pad's pure logic: strokes rasterised into the InkCanvas (and kept as paths for
// cnn::preprocess_strokes) must give the network the same 28×28 image wherever and however
// large the digit was drawn (the point of MNIST-style preprocessing), and an empty pad
// gives no image at all.
#include <catch2/catch_test_macros.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "app/demo/ink_canvas.h"
#include "cnn/preprocess.h"

using app::InkCanvas;
using app::PadPoint;
using app::StrokeSmoother;

namespace {

// A "7": a top bar and a diagonal, given in a unit square, drawn through the smoother with
// pointer samples every `step` units — like a real mouse drag.
void draw_seven(InkCanvas& c, float x0, float y0, float size, float radius, int steps = 20) {
  const std::vector<std::vector<PadPoint>> strokes = {
      {{0.15f, 0.1f}, {0.85f, 0.1f}},
      {{0.85f, 0.1f}, {0.35f, 0.9f}},
  };
  for (const auto& s : strokes) {
    StrokeSmoother sm;
    for (int i = 0; i <= steps; ++i) {
      const float t = float(i) / steps;
      const PadPoint p{x0 + size * (s[0].x + t * (s[1].x - s[0].x)), y0 + size * (s[0].y + t * (s[1].y - s[0].y))};
      if (i == 0)
        sm.begin(c, p, radius);
      else
        sm.add(c, p);
    }
    sm.end(c);
  }
}

float max_abs_diff(const std::array<float, 784>& a, const std::array<float, 784>& b) {
  float m = 0;
  for (int i = 0; i < 784; ++i) m = std::max(m, std::fabs(a[i] - b[i]));
  return m;
}

float mean_abs_diff(const std::array<float, 784>& a, const std::array<float, 784>& b) {
  double s = 0;
  for (int i = 0; i < 784; ++i) s += std::fabs(a[i] - b[i]);
  return static_cast<float>(s / 784);
}

}  // namespace

TEST_CASE("an empty pad gives an empty image and no ink", "[app][ink]") {
  InkCanvas c(280, 280);
  CHECK(c.empty());
  const cnn::PreprocessResult r = cnn::preprocess_digit(c.pixels(), c.width(), c.height());
  CHECK(r.empty);
  draw_seven(c, 40, 40, 200, 12);
  CHECK_FALSE(c.empty());
  c.clear();
  CHECK(c.empty());
  CHECK(std::all_of(c.pixels(), c.pixels() + 280 * 280, [](float v) { return v == 0.0f; }));
  CHECK(cnn::preprocess_digit(c.pixels(), 280, 280).empty);
}

TEST_CASE("a segment is a thick anti-aliased line with values in [0, 1]", "[app][ink]") {
  InkCanvas c(100, 100);
  const uint64_t v0 = c.version();
  c.stroke_segment({20, 50.3f}, {80, 50.3f}, 5);  // off the pixel grid: edge rows partly covered
  CHECK(c.version() > v0);
  const float* p = c.pixels();
  CHECK(p[50 * 100 + 50] == 1.0f);             // on the line
  CHECK(p[50 * 100 + 10] == 0.0f);             // beyond the round cap
  CHECK(p[40 * 100 + 50] == 0.0f);             // 10 px away
  CHECK(p[45 * 100 + 50] > 0.0f);              // the edge row is partly covered
  CHECK(p[45 * 100 + 50] < 1.0f);
  for (int i = 0; i < 100 * 100; ++i) REQUIRE((p[i] >= 0.0f && p[i] <= 1.0f));
  // The line is as thick everywhere along it: no gaps between samples.
  for (int x = 22; x <= 78; ++x) REQUIRE(p[50 * 100 + x] == 1.0f);
}

TEST_CASE("the smoother joins fast samples into one unbroken line", "[app][ink]") {
  InkCanvas c(200, 200);
  StrokeSmoother sm;
  sm.begin(c, {20, 100}, 4);
  sm.add(c, {100, 40});   // 100 px jumps between samples
  sm.add(c, {180, 100});
  sm.end(c);
  // Walking along the row y=100 from the left end, and checking the start and end points.
  CHECK(c.pixels()[100 * 200 + 20] == 1.0f);
  CHECK(c.pixels()[100 * 200 + 179] == 1.0f);
  // Every column between the ends has ink somewhere (the curve is connected).
  for (int x = 22; x <= 178; ++x) {
    bool ink = false;
    for (int y = 0; y < 200; ++y) ink = ink || c.pixels()[y * 200 + x] > 0.5f;
    REQUIRE(ink);
  }
}

TEST_CASE("the same digit drawn at a corner or at half size gives the network the same image", "[app][ink]") {
  InkCanvas centred(280, 280), corner(280, 280), half(280, 280);
  draw_seven(centred, 40, 40, 200, 12);
  draw_seven(corner, 0, 0, 200, 12);        // pushed into the top-left corner
  draw_seven(half, 150, 150, 100, 6);       // half size (and half the pen), bottom right
  const auto a = cnn::preprocess_digit(centred.pixels(), 280, 280);
  const auto b = cnn::preprocess_digit(corner.pixels(), 280, 280);
  const auto h = cnn::preprocess_digit(half.pixels(), 280, 280);
  REQUIRE_FALSE(a.empty);
  REQUIRE_FALSE(b.empty);
  REQUIRE_FALSE(h.empty);
  const float corner_max = max_abs_diff(a.pixels, b.pixels), half_mean = mean_abs_diff(a.pixels, h.pixels);
  const float half_max = max_abs_diff(a.pixels, h.pixels);
  INFO("corner: max abs diff " << corner_max << "; half size: max " << half_max << ", mean " << half_mean);
  CHECK(corner_max < 0.02f);  // a pure shift: the same pixels up to rounding
  CHECK(half_mean < 0.005f);  // half the resolution: edges differ slightly
  CHECK(half_max < 0.05f);
}

TEST_CASE("drawn with the pad's pen at 15 % and 80 % of the pad, the paths give the same image", "[app][ink]") {
  // The pad's pen is the same at every size, so in pixels the small digit's strokes are as
  // thick as a third of its height; its paths, drawn again at MNIST's width, are not.
  const float pen = app::mnist_like_stroke_radius(280);
  InkCanvas large(280, 280), small(280, 280);
  // A mouse sends a sample every few pad pixels whatever the size: 50 / 9 samples a stroke.
  draw_seven(large, 28, 28, 224, pen, 50);
  draw_seven(small, 6, 6, 42, pen, 9);  // top-left corner
  REQUIRE(large.paths().size() == 2);
  REQUIRE(small.paths().size() == 2);
  CHECK_FALSE(large.has_image());
  const auto a = cnn::preprocess_strokes(large.paths()), b = cnn::preprocess_strokes(small.paths());
  REQUIRE_FALSE(a.empty);
  REQUIRE_FALSE(b.empty);
  const float mean = mean_abs_diff(a.pixels, b.pixels), max = max_abs_diff(a.pixels, b.pixels);
  // The pixels of the small one, through preprocess_digit, are the blob the paths avoid.
  const auto blob = cnn::preprocess_digit(small.pixels(), 280, 280);
  const float blob_mean = mean_abs_diff(a.pixels, blob.pixels);
  INFO("paths 15 % vs 80 %: mean " << mean << ", max " << max << "; pixels of the 15 % one: mean " << blob_mean);
  CHECK(mean < 0.01f);
  CHECK(max < 0.15f);
  CHECK(blob_mean > 5 * mean);
}

TEST_CASE("a tap leaves a one-point path; clearing or loading a digit drops the paths", "[app][ink]") {
  InkCanvas c(280, 280);
  StrokeSmoother sm;
  sm.begin(c, {100, 120}, 12);
  sm.end(c);
  REQUIRE(c.paths().size() == 1);
  CHECK(c.paths()[0].size() == 1);
  CHECK_FALSE(cnn::preprocess_strokes(c.paths()).empty);
  // A stroke leaving the pad: its path ends on the pad's edge.
  sm.begin(c, {200, 200}, 12);
  sm.add(c, {300, 260});
  sm.add(c, {400, 300});
  sm.end(c);
  REQUIRE(c.paths().size() == 2);
  for (const auto& p : c.paths()[1]) CHECK((p.x >= 0 && p.x <= 280 && p.y >= 0 && p.y <= 280));
  std::array<float, 784> digit{};
  digit[14 * 28 + 14] = 1;
  c.load_image(digit.data(), 28, 28);
  CHECK(c.has_image());
  CHECK(c.paths().empty());
  c.clear();
  CHECK_FALSE(c.has_image());
  CHECK(c.paths().empty());
}

TEST_CASE("a real 28x28 digit loaded into the pad comes back as itself", "[app][ink]") {
  // A blocky "1": a vertical bar, as an MNIST digit would be placed (centred, 20 px box).
  std::array<float, 784> digit{};
  for (int y = 4; y < 24; ++y)
    for (int x = 13; x < 16; ++x) digit[y * 28 + x] = 1.0f;
  InkCanvas c(280, 280);
  c.load_image(digit.data(), 28, 28);
  CHECK_FALSE(c.empty());
  const auto r = cnn::preprocess_digit(c.pixels(), 280, 280);
  REQUIRE_FALSE(r.empty);
  CHECK(mean_abs_diff(r.pixels, digit) < 0.05f);
}

TEST_CASE("the canvas reports which pixels changed", "[app][ink]") {
  InkCanvas c(100, 100);
  c.take_dirty();
  c.stroke_segment({40, 40}, {60, 40}, 3);
  const InkCanvas::Rect r = c.take_dirty();
  CHECK(r.x0 <= 37);
  CHECK(r.x1 >= 63);
  CHECK(r.y0 <= 37);
  CHECK(r.y1 >= 43);
  CHECK(r.x1 - r.x0 < 40);  // not the whole canvas
  const InkCanvas::Rect none = c.take_dirty();
  CHECK(none.x0 >= none.x1);
  // Every changed pixel lies inside the reported rectangle.
  InkCanvas d(100, 100);
  d.take_dirty();
  d.stroke_segment({10, 90}, {30, 70}, 4);
  const InkCanvas::Rect q = d.take_dirty();
  for (int y = 0; y < 100; ++y)
    for (int x = 0; x < 100; ++x)
      if (d.pixels()[y * 100 + x] > 0) REQUIRE((x >= q.x0 && x < q.x1 && y >= q.y0 && y < q.y1));
}

TEST_CASE("a stroke that leaves the pad and comes back is cut where it left, like its ink", "[app][ink]") {
  // Across the top: in at the left, out through the top edge, along outside, back in at the right.
  InkCanvas c(280, 280);
  StrokeSmoother sm;
  const std::vector<PadPoint> pts = {{40, 60}, {80, 20}, {110, -20}, {140, -60}, {170, -20}, {200, 20}, {240, 60}};
  sm.begin(c, pts[0], 12);
  for (std::size_t i = 1; i < pts.size(); ++i) sm.add(c, pts[i]);
  sm.end(c);
  REQUIRE(c.paths().size() == 2);  // two pieces, none along the top edge between them
  for (const auto& piece : c.paths()) {
    REQUIRE(piece.size() >= 2);
    for (const auto& p : piece) CHECK((p.x >= 0 && p.x <= 280 && p.y >= 0 && p.y <= 280));
  }
  CHECK(c.paths()[0].back().y == 0);   // left where its ink left the pad, put on the edge
  CHECK(c.paths()[0].back().x < 110);
  CHECK(c.paths()[1].front().y == 0);  // came back in at the edge
  CHECK(c.paths()[1].front().x > 170);
  // The network's image has no ink in the middle columns, where the stroke ran outside the pad
  // further than its pen reaches (the pieces end 12 px outside, at x = 104 and 176: columns
  // 10.4 and 17.6 of the 20-pixel-wide box, their ink reaching about a pixel further).
  const cnn::PreprocessResult r = cnn::preprocess_strokes(c.paths());
  REQUIRE_FALSE(r.empty);
  float middle = 0;
  for (int y = 0; y < 28; ++y)
    for (int x = 13; x < 15; ++x) middle = std::max(middle, r.pixels[y * 28 + x]);
  CHECK(middle < 0.05f);
}

TEST_CASE("a stroke along the pad's edge, its centre just outside, reaches the network as the pad shows it", "[app][ink]") {
  // A 2's base drawn along the bottom edge, its line's centre 5 px below the pad (the pen's
  // radius is 12): the pad shows its upper half, and the network must see it too (it read the
  // rest of the 2 as a 7 when the path was cut at the edge).
  InkCanvas c(280, 280);
  StrokeSmoother sm;
  const std::vector<PadPoint> two = {{60, 60}, {140, 20}, {220, 60}, {200, 140}, {60, 270}, {70, 285}, {150, 285}, {230, 285}};
  sm.begin(c, two[0], 12);
  for (std::size_t i = 1; i < two.size(); ++i) sm.add(c, two[i]);
  sm.end(c);
  float base_ink = 0;  // the pad's last row under the base
  for (int x = 100; x < 200; ++x) base_ink = std::max(base_ink, c.pixels()[279 * 280 + x]);
  CHECK(base_ink > 0.5f);
  REQUIRE(c.paths().size() == 1);  // one piece: the base is not cut off
  float right = 0;
  for (const auto& p : c.paths()[0]) {
    CHECK((p.x >= 0 && p.x <= 280 && p.y >= 0 && p.y <= 280));  // on the pad, the base on its edge
    if (p.y == 280) right = std::max(right, p.x);
  }
  CHECK(right > 200);  // the base runs along the edge to its end
  // The network's image has the base: ink in its bottom rows right of the middle.
  const cnn::PreprocessResult r = cnn::preprocess_strokes(c.paths());
  REQUIRE_FALSE(r.empty);
  float base = 0;
  for (int y = 18; y < 26; ++y)
    for (int x = 17; x < 24; ++x) base = std::max(base, r.pixels[y * 28 + x]);
  CHECK(base > 0.5f);
  // Further out than the pen reaches, nothing is drawn and nothing reaches the path.
  InkCanvas far(280, 280);
  sm.begin(far, {60, 100}, 12);
  sm.add(far, {140, 100});
  sm.add(far, {140, 300});
  sm.add(far, {240, 300});
  sm.end(far);
  for (const auto& piece : far.paths())
    for (const auto& p : piece) CHECK(p.x < 190);  // not along y = 300, 20 px outside, where no ink shows
}

