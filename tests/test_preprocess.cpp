// MNIST-style preprocessing: a digit drawn small or off-centre becomes the same 28×28
// image as the centred one; an empty pad gives no prediction.
#include <catch2/catch_test_macros.hpp>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <vector>

#include "cnn/preprocess.h"

using namespace cnn;

namespace {

// A "7" drawn as two thick strokes on a W×W canvas, scaled by `s` and moved by (dx, dy).
std::vector<float> draw_seven(int W, float s, float dx, float dy) {
  std::vector<float> img(static_cast<size_t>(W) * W, 0.0f);
  auto seg = [&](float ax, float ay, float bx, float by) {
    ax = ax * s + dx; ay = ay * s + dy; bx = bx * s + dx; by = by * s + dy;
    const float r = 9.0f * s;
    for (int y = 0; y < W; ++y)
      for (int x = 0; x < W; ++x) {
        const float px = x + 0.5f, py = y + 0.5f;
        const float vx = bx - ax, vy = by - ay;
        float t = ((px - ax) * vx + (py - ay) * vy) / (vx * vx + vy * vy);
        t = std::fmax(0.0f, std::fmin(1.0f, t));
        const float d = std::hypot(px - ax - t * vx, py - ay - t * vy);
        const float v = std::fmin(1.0f, std::fmax(0.0f, r - d + 0.5f));  // anti-aliased edge
        float& p = img[static_cast<size_t>(y) * W + x];
        p = std::fmax(p, v);
      }
  };
  seg(60, 60, 200, 60);
  seg(200, 60, 110, 220);
  return img;
}

float max_diff(const PreprocessResult& a, const PreprocessResult& b) {
  float m = 0;
  for (int i = 0; i < 784; ++i) m = std::fmax(m, std::fabs(a.pixels[i] - b.pixels[i]));
  return m;
}
float mean_diff(const PreprocessResult& a, const PreprocessResult& b) {
  float m = 0;
  for (int i = 0; i < 784; ++i) m += std::fabs(a.pixels[i] - b.pixels[i]);
  return m / 784;
}

// Centre of mass (pixel centres at +0.5) and the size of the box of values above 0.01.
struct Geometry {
  double cx = 0, cy = 0;
  int w = 0, h = 0;
};
Geometry geometry_of(const std::array<float, 784>& pixels) {
  double m = 0, mx = 0, my = 0;
  int x0 = 28, x1 = -1, y0 = 28, y1 = -1;
  for (int y = 0; y < 28; ++y)
    for (int x = 0; x < 28; ++x) {
      const float v = pixels[y * 28 + x];
      m += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
      if (v > 0.01f) { x0 = std::min(x0, x); x1 = std::max(x1, x); y0 = std::min(y0, y); y1 = std::max(y1, y); }
    }
  return {m > 0 ? mx / m : 0, m > 0 ? my / m : 0, x1 - x0 + 1, y1 - y0 + 1};
}

}  // namespace

TEST_CASE("an empty pad gives no prediction", "[preprocess]") {
  std::vector<float> blank(280 * 280, 0.0f);
  CHECK(preprocess_digit(blank.data(), 280, 280).empty);
  CHECK(preprocess_digit(nullptr, 280, 280).empty);
  CHECK(preprocess_digit(blank.data(), 0, 0).empty);
  std::vector<float> nan(16 * 16, std::nanf(""));
  CHECK(preprocess_digit(nan.data(), 16, 16).empty);
}

TEST_CASE("the digit fits 20x20 and its centre of mass lands at (14, 14)", "[preprocess]") {
  const auto img = draw_seven(280, 1.0f, 0, 0);
  const PreprocessResult r = preprocess_digit(img.data(), 280, 280);
  REQUIRE_FALSE(r.empty);
  const Geometry g = geometry_of(r.pixels);
  CHECK(std::fabs(g.cx - 14) < 0.3);
  CHECK(std::fabs(g.cy - 14) < 0.3);
  CHECK(g.h <= 21);  // 20 rows of ink, plus one for the fractional placement
  CHECK(g.w <= 21);
  for (float v : r.pixels) CHECK((v >= 0.0f && v <= 1.0f));
}

TEST_CASE("a digit in a corner or at half size gives the same 28x28 image", "[preprocess]") {
  const auto centred = draw_seven(280, 1.0f, 0, 0);
  const auto corner = draw_seven(280, 1.0f, -50, 50);   // moved towards the bottom-left corner
  const auto corner2 = draw_seven(280, 1.0f, 45, -45);  // towards the top-right corner
  const auto half = draw_seven(280, 0.5f, 5, 120);      // half size, low on the pad
  const auto a = preprocess_digit(centred.data(), 280, 280);
  const auto b = preprocess_digit(corner.data(), 280, 280);
  const auto c = preprocess_digit(corner2.data(), 280, 280);
  const auto d = preprocess_digit(half.data(), 280, 280);
  std::printf("preprocess: corner max diff %.3f, corner2 %.3f, half size max diff %.3f (mean %.4f)\n", max_diff(a, b),
              max_diff(a, c), max_diff(a, d), mean_diff(a, d));
  CHECK(max_diff(a, b) < 0.02f);  // integer shifts: identical up to rounding
  CHECK(max_diff(a, c) < 0.02f);
  CHECK(mean_diff(a, d) < 0.03f);  // half size: thinner strokes, same place and shape
  CHECK(max_diff(a, d) < 0.5f);
}

// ---- Strokes kept as paths, drawn again at MNIST's stroke width (preprocess_strokes). ----

namespace {

// Digits as polylines in unit coordinates of their box, placed at (x, y) with side `size`
// on a 280×280 pad, with a point every ~2 pad pixels (as the pad's smoother gives them).
std::vector<Stroke> place(const std::vector<std::vector<StrokePoint>>& unit, float x, float y, float size) {
  std::vector<Stroke> out;
  for (const auto& s : unit) {
    Stroke st;
    for (size_t i = 0; i < s.size(); ++i) {
      const StrokePoint a = s[i], b = s[i + 1 < s.size() ? i + 1 : i];
      const int n = i + 1 < s.size() ? std::max(1, static_cast<int>(std::hypot(b.x - a.x, b.y - a.y) * size / 2)) : 1;
      for (int k = 0; k < n; ++k) {
        const float t = static_cast<float>(k) / n;
        st.push_back({x + (a.x + t * (b.x - a.x)) * size, y + (a.y + t * (b.y - a.y)) * size});
      }
    }
    out.push_back(st);
  }
  return out;
}
const std::vector<std::vector<StrokePoint>> kSeven = {{{0.18f, 0.10f}, {0.82f, 0.10f}, {0.42f, 0.92f}}};
const std::vector<std::vector<StrokePoint>> kFour = {{{0.62f, 0.92f}, {0.62f, 0.08f}, {0.12f, 0.64f}, {0.88f, 0.64f}}};
std::vector<std::vector<StrokePoint>> zero() {
  std::vector<StrokePoint> s;
  for (int i = 0; i <= 40; ++i) {
    const float a = i / 40.0f * 6.2831853f;
    s.push_back({0.5f + 0.32f * std::sin(a), 0.5f - 0.42f * std::cos(a)});
  }
  return {s};
}

// MNIST's stroke-width measure: 2·ink / perimeter, perimeter = sum of |gradient| (central
// differences, a one-pixel border of background around the image).
double stroke_width_of(const std::array<float, 784>& img) {
  auto at = [&](int x, int y) { return (x < 0 || y < 0 || x >= 28 || y >= 28) ? 0.0 : img[y * 28 + x]; };
  double ink = 0, perimeter = 0;
  for (int y = -1; y <= 28; ++y)
    for (int x = -1; x <= 28; ++x) {
      ink += at(x, y);
      perimeter += std::hypot((at(x + 1, y) - at(x - 1, y)) / 2, (at(x, y + 1) - at(x, y - 1)) / 2);
    }
  return 2 * ink / perimeter;
}

}  // namespace

TEST_CASE("draw_line: the ink of a line is length x width plus its round caps", "[preprocess][strokes]") {
  for (float width : {2.0f, 2.8f, 4.0f})
    for (float angle : {0.0f, 0.3f, 0.785f, 1.2f, 1.5708f}) {
      std::vector<float> img(64 * 64, 0.0f);
      const float len = 30, cx = 32.3f, cy = 31.7f, dx = std::cos(angle) * len / 2, dy = std::sin(angle) * len / 2;
      REQUIRE(draw_line(img.data(), 64, 64, cx - dx, cy - dy, cx + dx, cy + dy, width));
      double sum = 0;
      for (float v : img) {
        sum += v;
        REQUIRE((v >= 0 && v <= 1));
      }
      const double want = len * width + 3.14159265 * width * width / 4;
      INFO("width " << width << " angle " << angle << ": ink " << sum << ", length x width + caps " << want);
      CHECK(std::fabs(sum - want) / want < 0.03);  // 2.2 % at width 2 on the diagonal
    }
  // A dot is a disc; drawing the same line twice does not add ink (max, not sum).
  std::vector<float> img(32 * 32, 0.0f);
  draw_line(img.data(), 32, 32, 16, 16, 16, 16, 2.8f);
  double dot = 0;
  for (float v : img) dot += v;
  CHECK(std::fabs(dot - 3.14159265 * 2.8 * 2.8 / 4) < 0.4);
  CHECK_FALSE(draw_line(img.data(), 32, 32, 16, 16, 16, 16, 2.8f));
  CHECK_FALSE(draw_line(img.data(), 32, 32, -50, -50, -40, -40, 2.8f));  // outside: nothing
  CHECK_FALSE(draw_line(img.data(), 32, 32, 1, 1, std::nanf(""), 5, 2.8f));
}

TEST_CASE("preprocess_strokes: a tap makes ink; no points give no prediction", "[preprocess][strokes]") {
  CHECK(preprocess_strokes({}).empty);
  CHECK(preprocess_strokes({{}, {}}).empty);
  CHECK(preprocess_strokes({{{std::nanf(""), 3}}}).empty);
  const PreprocessResult tap = preprocess_strokes({{{40, 200}}});
  REQUIRE_FALSE(tap.empty);
  double ink = 0;
  for (float v : tap.pixels) ink += v;
  CHECK(ink > 3);  // a disc of MNIST's stroke width
  CHECK(tap.pixels[13 * 28 + 13] > 0.5f);  // at the centre
  // A dot next to a line (the "i" case) is kept as ink.
  const PreprocessResult i = preprocess_strokes({{{100, 100}, {100, 200}}, {{100, 60}}});
  REQUIRE_FALSE(i.empty);
  float top = 0;
  for (int x = 0; x < 28; ++x) top = std::max({top, i.pixels[4 * 28 + x], i.pixels[5 * 28 + x]});
  CHECK(top > 0.5f);
}

TEST_CASE("preprocess_strokes: the same strokes at 15 %, 40 % and 80 % of the pad give the same image",
          "[preprocess][strokes]") {
  for (const auto& digit : {kSeven, kFour, zero()}) {
    const PreprocessResult big = preprocess_strokes(place(digit, 28, 28, 224));       // 80 %, centred
    const PreprocessResult mid = preprocess_strokes(place(digit, 150, 20, 112));      // 40 %, top right
    const PreprocessResult small = preprocess_strokes(place(digit, 8, 11, 42));       // 15 %, top-left corner
    const PreprocessResult small2 = preprocess_strokes(place(digit, 229.5f, 231, 42));  // 15 %, bottom-right
    REQUIRE_FALSE(big.empty);
    std::printf("preprocess_strokes: 40%% vs 80%%: max %.3f mean %.4f; 15%% vs 80%%: max %.3f mean %.4f, %.3f %.4f;"
                " stroke width %.2f px (MNIST: 2.73)\n",
                max_diff(mid, big), mean_diff(mid, big), max_diff(small, big), mean_diff(small, big), max_diff(small2, big),
                mean_diff(small2, big), stroke_width_of(big.pixels));
    for (const PreprocessResult* r : {&mid, &small, &small2}) {
      CHECK(mean_diff(*r, big) < 0.01f);
      CHECK(max_diff(*r, big) < 0.15f);
    }
    // MNIST's geometry: ink box 20 px (+1 for the fractional placement), centre of mass at (14, 14).
    const Geometry g = geometry_of(big.pixels);
    CHECK(std::fabs(g.cx - 14) < 0.15);
    CHECK(std::fabs(g.cy - 14) < 0.15);
    CHECK(std::max(g.w, g.h) <= 21);
    CHECK(std::max(g.w, g.h) >= 19);
    // Stroke width measured as on MNIST's digits (mean 2.73 px, p10–p90 2.1–3.5).
    CHECK(stroke_width_of(big.pixels) > 2.2);
    CHECK(stroke_width_of(big.pixels) < 3.2);
  }
}
