#include "cnn/preprocess.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace cnn {

namespace {

// Area-averaging resample of one axis: out[i] averages in[] over [i/scale, (i+1)/scale).
// Each output cell is the exact coverage-weighted mean, which anti-aliases a downscale.
void resample_axis(const float* in, int in_len, int in_stride, float* out, int out_len, int out_stride, float ratio) {
  for (int i = 0; i < out_len; ++i) {
    const float a = i * ratio, b = std::min(static_cast<float>(in_len), (i + 1) * ratio);
    float sum = 0, wsum = 0;
    for (int k = static_cast<int>(a); k < in_len && k < b; ++k) {
      const float w = std::min(b, k + 1.0f) - std::max(a, static_cast<float>(k));
      if (w <= 0) continue;
      sum += w * in[static_cast<size_t>(k) * in_stride];
      wsum += w;
    }
    out[static_cast<size_t>(i) * out_stride] = wsum > 0 ? sum / wsum : 0.0f;
  }
}

}  // namespace

PreprocessResult preprocess_digit(const float* image, int width, int height, float threshold) {
  PreprocessResult r;
  if (image == nullptr || width <= 0 || height <= 0 || width > 8192 || height > 8192) return r;
  // 1. Bounding box of the ink (NaN and negative values count as background).
  int x0 = width, y0 = height, x1 = -1, y1 = -1;
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      const float v = image[static_cast<size_t>(y) * width + x];
      if (v > threshold) {  // false for NaN
        x0 = std::min(x0, x);
        x1 = std::max(x1, x);
        y0 = std::min(y0, y);
        y1 = std::max(y1, y);
      }
    }
  if (x1 < 0) return r;  // no ink: no prediction
  const int bw = x1 - x0 + 1, bh = y1 - y0 + 1;
  r.box_x = x0;
  r.box_y = y0;
  r.box_w = bw;
  r.box_h = bh;

  // 2. Fit the box into 20×20 keeping the aspect ratio.
  const float scale = 20.0f / static_cast<float>(std::max(bw, bh));
  const int ow = std::max(1, std::min(20, static_cast<int>(std::lround(bw * scale))));
  const int oh = std::max(1, std::min(20, static_cast<int>(std::lround(bh * scale))));
  r.scale = scale;
  std::vector<float> crop(static_cast<size_t>(bw) * bh);
  for (int y = 0; y < bh; ++y)
    for (int x = 0; x < bw; ++x) {
      const float v = image[static_cast<size_t>(y0 + y) * width + x0 + x];
      crop[static_cast<size_t>(y) * bw + x] = std::isfinite(v) ? std::clamp(v, 0.0f, 1.0f) : 0.0f;
    }
  std::vector<float> tmp(static_cast<size_t>(ow) * bh), small(static_cast<size_t>(ow) * oh);
  for (int y = 0; y < bh; ++y)
    resample_axis(crop.data() + static_cast<size_t>(y) * bw, bw, 1, tmp.data() + static_cast<size_t>(y) * ow, ow, 1,
                  static_cast<float>(bw) / ow);
  for (int x = 0; x < ow; ++x)
    resample_axis(tmp.data() + x, bh, ow, small.data() + x, oh, ow, static_cast<float>(bh) / oh);

  // 3. Centre of mass of the small image, moved to (14, 14) of the 28×28 image
  //    (pixel centres at +0.5), kept so that the whole box stays inside.
  double m = 0, mx = 0, my = 0;
  for (int y = 0; y < oh; ++y)
    for (int x = 0; x < ow; ++x) {
      const double v = small[static_cast<size_t>(y) * ow + x];
      m += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  if (m <= 0) return r;
  const float cx = static_cast<float>(mx / m), cy = static_cast<float>(my / m);
  const float ox = std::clamp(14.0f - cx, 0.0f, 28.0f - ow), oy = std::clamp(14.0f - cy, 0.0f, 28.0f - oh);
  r.shift_x = ox - (28.0f - ow) / 2.0f;
  r.shift_y = oy - (28.0f - oh) / 2.0f;
  // Bilinear placement at the fractional offset (ox, oy).
  auto at = [&](int x, int y) {
    return (x < 0 || y < 0 || x >= ow || y >= oh) ? 0.0f : small[static_cast<size_t>(y) * ow + x];
  };
  for (int Y = 0; Y < 28; ++Y)
    for (int X = 0; X < 28; ++X) {
      const float sx = X - ox, sy = Y - oy;  // position in the small image
      const int ix = static_cast<int>(std::floor(sx)), iy = static_cast<int>(std::floor(sy));
      const float fx = sx - ix, fy = sy - iy;
      const float v = (1 - fy) * ((1 - fx) * at(ix, iy) + fx * at(ix + 1, iy)) +
                      fy * ((1 - fx) * at(ix, iy + 1) + fx * at(ix + 1, iy + 1));
      r.pixels[static_cast<size_t>(Y) * 28 + X] = std::clamp(v, 0.0f, 1.0f);
    }
  r.empty = false;
  return r;
}

}  // namespace cnn
