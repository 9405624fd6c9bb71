// MNIST-style preprocessing: a digit drawn small or off-centre becomes the same 28×28
// image as the centred one; an empty pad gives no prediction.
#include <catch2/catch_test_macros.hpp>
#include <cmath>
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
  double m = 0, mx = 0, my = 0;
  int x0 = 28, x1 = -1, y0 = 28, y1 = -1;
  for (int y = 0; y < 28; ++y)
    for (int x = 0; x < 28; ++x) {
      const float v = r.pixels[y * 28 + x];
      m += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
      if (v > 0.01f) { x0 = std::min(x0, x); x1 = std::max(x1, x); y0 = std::min(y0, y); y1 = std::max(y1, y); }
    }
  CHECK(std::fabs(mx / m - 14) < 0.3);
  CHECK(std::fabs(my / m - 14) < 0.3);
  CHECK(y1 - y0 + 1 <= 21);  // 20 rows of ink, plus one for the fractional placement
  CHECK(x1 - x0 + 1 <= 21);
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
