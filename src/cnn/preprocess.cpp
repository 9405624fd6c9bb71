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

bool draw_line(float* image, int w, int h, float ax, float ay, float bx, float by, float width) {
  if (image == nullptr || w <= 0 || h <= 0 || !(width > 0) || !std::isfinite(ax + ay + bx + by + width)) return false;
  const float radius = width * 0.5f;
  // Only the pixels of the segment's bounding box (grown by the radius) can be covered.
  const float reach = radius + 1.0f;
  const float fx0 = std::floor(std::min(ax, bx) - reach), fx1 = std::ceil(std::max(ax, bx) + reach);
  const float fy0 = std::floor(std::min(ay, by) - reach), fy1 = std::ceil(std::max(ay, by) + reach);
  if (fx1 < 0 || fy1 < 0 || fx0 > w - 1 || fy0 > h - 1) return false;
  const int x0 = std::max(0, static_cast<int>(fx0)), x1 = std::min(w - 1, static_cast<int>(fx1));
  const int y0 = std::max(0, static_cast<int>(fy0)), y1 = std::min(h - 1, static_cast<int>(fy1));
  const float dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
  bool touched = false;
  for (int y = y0; y <= y1; ++y)
    for (int x = x0; x <= x1; ++x) {
      // Distance from the pixel centre to the segment a–b.
      const float px = x + 0.5f - ax, py = y + 0.5f - ay;
      const float t = len2 > 0 ? std::clamp((px * dx + py * dy) / len2, 0.0f, 1.0f) : 0.0f;
      const float ex = px - t * dx, ey = py - t * dy;
      const float coverage = std::clamp(radius + 0.5f - std::sqrt(ex * ex + ey * ey), 0.0f, 1.0f);
      float& p = image[static_cast<size_t>(y) * w + x];
      if (coverage > p) {
        p = coverage;
        touched = true;
      }
    }
  return touched;
}

PreprocessResult preprocess_strokes(const std::vector<Stroke>& strokes, float stroke_width) {
  PreprocessResult r;
  const float width = std::isfinite(stroke_width) ? std::clamp(stroke_width, 0.5f, 10.0f) : kMnistStrokeWidth;
  // 1. Bounding box of the finite points.
  float x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
  for (const Stroke& s : strokes)
    for (const StrokePoint& p : s)
      if (std::isfinite(p.x) && std::isfinite(p.y) && std::fabs(p.x) < 1e7f && std::fabs(p.y) < 1e7f) {
        x0 = std::min(x0, p.x);
        x1 = std::max(x1, p.x);
        y0 = std::min(y0, p.y);
        y1 = std::max(y1, p.y);
      }
  if (!(x1 >= x0)) return r;  // no point: no prediction
  const float bw = x1 - x0, bh = y1 - y0, side = std::max(bw, bh);
  r.box_x = static_cast<int>(std::floor(x0));
  r.box_y = static_cast<int>(std::floor(y0));
  r.box_w = static_cast<int>(std::ceil(x1)) - r.box_x + 1;
  r.box_h = static_cast<int>(std::ceil(y1)) - r.box_y + 1;

  // 2. The paths' box scaled so that the ink's box (paths + half the pen on each side) is 20 px.
  const float scale = side > 0 ? (20.0f - width) / side : 0.0f;
  r.scale = scale;
  const float sw = bw * scale, sh = bh * scale;  // the paths' box in 28×28 pixels
  auto render = [&](float ox, float oy) {
    r.pixels.fill(0.0f);
    for (const Stroke& s : strokes) {
      bool have = false;
      float px = 0, py = 0;
      for (const StrokePoint& p : s) {
        if (!(std::isfinite(p.x) && std::isfinite(p.y) && std::fabs(p.x) < 1e7f && std::fabs(p.y) < 1e7f)) continue;
        const float x = ox + (p.x - x0) * scale, y = oy + (p.y - y0) * scale;
        if (!have) draw_line(r.pixels.data(), 28, 28, x, y, x, y, width);  // a tap is a dot
        else draw_line(r.pixels.data(), 28, 28, px, py, x, y, width);
        have = true;
        px = x;
        py = y;
      }
    }
  };
  // 3. Drawn with the box centred, then again moved so that the centre of mass is at (14, 14)
  //    (pixel centres at +0.5); the ink's box stays inside the image.
  const float cx0 = 14.0f - sw / 2, cy0 = 14.0f - sh / 2;
  render(cx0, cy0);
  double m = 0, mx = 0, my = 0;
  for (int y = 0; y < 28; ++y)
    for (int x = 0; x < 28; ++x) {
      const double v = r.pixels[static_cast<size_t>(y) * 28 + x];
      m += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  if (m <= 0) return r;
  const float half = width / 2;
  const float ox = std::clamp(cx0 + 14.0f - static_cast<float>(mx / m), half, 28.0f - half - sw);
  const float oy = std::clamp(cy0 + 14.0f - static_cast<float>(my / m), half, 28.0f - half - sh);
  r.shift_x = ox - cx0;
  r.shift_y = oy - cy0;
  render(ox, oy);
  r.empty = false;
  return r;
}

}  // namespace cnn
