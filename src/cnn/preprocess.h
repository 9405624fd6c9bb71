// MNIST-style preprocessing of a drawing, the way the MNIST digits were made:
//   1. crop to the bounding box of the ink,
//   2. scale it to fit a 20×20 box keeping the aspect ratio (anti-aliased: area sampling),
//   3. place it in a 28×28 image so that its centre of mass is at the centre (14, 14).
// Input: any W×H grey image, 0 = background, 1 = ink. An image without ink gives
// `empty = true` (no prediction), never a guess.
#pragma once
#include <array>
#include <vector>

namespace cnn {

struct PreprocessResult {
  bool empty = true;
  std::array<float, 784> pixels{};       // 28×28, row-major, values in [0, 1]
  int box_x = 0, box_y = 0, box_w = 0, box_h = 0;  // ink bounding box in the input
  float scale = 0;                        // input pixels → 20×20 box
  float shift_x = 0, shift_y = 0;         // centre-of-mass shift applied (28×28 pixels)
};

// `threshold`: input values at or below it count as background for the bounding box.
PreprocessResult preprocess_digit(const float* image, int width, int height, float threshold = 0.05f);

// The same normalisation for a drawing kept as paths (the polyline of each stroke, in any
// units, e.g. the pad's pixels): the strokes are drawn again inside the 28×28 image at a fixed,
// MNIST-like width, so a digit drawn small gets the same thin strokes as one drawn large.
//   1. bounding box of the paths' points,
//   2. uniform scale so that its larger side plus the pen's width is 20 px (the ink's box is
//      20 px, as in MNIST); a drawing that is one point (a tap) is a dot,
//   3. drawn at the offset that puts the ink's centre of mass at (14, 14), box kept inside.
// A stroke of one point is a dot. No point (or only non-finite ones): `empty = true`.
struct StrokePoint {
  float x = 0, y = 0;
};
using Stroke = std::vector<StrokePoint>;

// MNIST's stroke width at 28×28, measured on the 10 000 test digits as 2·ink / perimeter
// (perimeter = sum of |gradient|): mean 2.73 px, median 2.61. The same measure on
// preprocess_strokes' digits gives about the same (tests/test_preprocess.cpp).
constexpr float kMnistStrokeWidth = 2.8f;

PreprocessResult preprocess_strokes(const std::vector<Stroke>& strokes, float stroke_width = kMnistStrokeWidth);

// An anti-aliased, round-capped line of the given width from (ax, ay) to (bx, by) into a w×h
// image (pixel centres at +0.5); each pixel keeps the larger of its value and the line's
// coverage, so crossing strokes do not get darker than ink. Coverage falls off linearly over
// one pixel at the edge, so the ink of a line sums to length × width plus its two half-disc
// caps (π·width²/4), within the sampling error. Returns whether any pixel changed.
bool draw_line(float* image, int w, int h, float ax, float ay, float bx, float by, float width);

}  // namespace cnn
