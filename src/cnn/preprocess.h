// MNIST-style preprocessing of a drawing, the way the MNIST digits were made:
//   1. crop to the bounding box of the ink,
//   2. scale it to fit a 20×20 box keeping the aspect ratio (anti-aliased: area sampling),
//   3. place it in a 28×28 image so that its centre of mass is at the centre (14, 14).
// Input: any W×H grey image, 0 = background, 1 = ink. An image without ink gives
// `empty = true` (no prediction), never a guess.
#pragma once
#include <array>

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

}  // namespace cnn
