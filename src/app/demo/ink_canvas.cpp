#include "app/demo/ink_canvas.h"

#include <algorithm>
#include <cmath>

#include "cnn/preprocess.h"

namespace app {

InkCanvas::InkCanvas(int width, int height)
    : width_(width), height_(height), pixels_(static_cast<size_t>(width) * height, 0.0f) {}

void InkCanvas::clear() {
  std::fill(pixels_.begin(), pixels_.end(), 0.0f);
  has_ink_ = false;
  has_image_ = false;
  paths_.clear();
  ++version_;
  mark_dirty(0, 0, width_, height_);
}

void InkCanvas::mark_dirty(int x0, int y0, int x1, int y1) {
  if (dirty_.x0 >= dirty_.x1) {
    dirty_ = {x0, y0, x1, y1};
  } else {
    dirty_ = {std::min(dirty_.x0, x0), std::min(dirty_.y0, y0), std::max(dirty_.x1, x1), std::max(dirty_.y1, y1)};
  }
}

InkCanvas::Rect InkCanvas::take_dirty() {
  const Rect r = dirty_;
  dirty_ = {};
  return r;
}

void InkCanvas::stroke_segment(PadPoint a, PadPoint b, float radius) {
  if (!cnn::draw_line(pixels_.data(), width_, height_, a.x, a.y, b.x, b.y, 2 * radius)) return;
  // The pixels draw_line can have changed: the segment's box grown by the radius and one pixel.
  const float reach = radius + 1.0f;
  has_ink_ = true;
  ++version_;
  mark_dirty(std::max(0, static_cast<int>(std::floor(std::min(a.x, b.x) - reach))),
             std::max(0, static_cast<int>(std::floor(std::min(a.y, b.y) - reach))),
             std::min(width_, static_cast<int>(std::ceil(std::max(a.x, b.x) + reach)) + 1),
             std::min(height_, static_cast<int>(std::ceil(std::max(a.y, b.y) + reach)) + 1));
}

void InkCanvas::begin_path(PadPoint p, float ink_radius) {
  paths_.emplace_back();
  ink_radius_ = std::isfinite(ink_radius) ? std::max(0.0f, ink_radius) : 0.0f;
  last_raw_ = p;
  last_outside_ = false;
  extend_path(p);
}

namespace {
// Liang-Barsky: the part of the segment a→b inside [0, w]×[0, h], as parameters t0 ≤ t1 in
// [0, 1]; false when none of it is inside.
bool clip_segment(PadPoint a, PadPoint b, float w, float h, float& t0, float& t1) {
  t0 = 0, t1 = 1;
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float p[4] = {-dx, dx, -dy, dy}, q[4] = {a.x, w - a.x, a.y, h - a.y};
  for (int i = 0; i < 4; ++i) {
    if (p[i] == 0) {
      if (q[i] < 0) return false;
      continue;
    }
    const float r = q[i] / p[i];
    if (p[i] < 0) t0 = std::max(t0, r);
    else t1 = std::min(t1, r);
    if (t0 > t1) return false;
  }
  return true;
}
PadPoint along(PadPoint a, PadPoint b, float t) { return {a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)}; }
}  // namespace

void InkCanvas::extend_path(PadPoint p) {
  if (!std::isfinite(p.x + p.y)) return;
  if (paths_.empty()) begin_path(p, ink_radius_);
  const float w = static_cast<float>(width_), h = static_cast<float>(height_);
  const bool first = paths_.back().empty();
  const PadPoint from = first ? p : last_raw_;
  last_raw_ = p;
  // Clipped where the ink leaves the pad: the line's centre up to the pen's radius outside the
  // edge still paints the pad (a digit's base drawn along the bottom edge), and its points are
  // then put on the edge.
  const float r = ink_radius_;
  float t0, t1;
  if (!clip_segment({from.x + r, from.y + r}, {p.x + r, p.y + r}, w + 2 * r, h + 2 * r, t0, t1)) {  // no ink, no path
    last_outside_ = true;
    return;
  }
  // Back on the pad after leaving it: a new piece of path from where the stroke came in, as its
  // ink does (the path never runs along the edge where nothing was drawn).
  if (last_outside_ && !paths_.back().empty()) paths_.emplace_back();
  if (paths_.back().empty() || t0 > 0) {
    const PadPoint in = along(from, p, t0);
    paths_.back().push_back({std::clamp(in.x, 0.0f, w), std::clamp(in.y, 0.0f, h)});
  }
  const PadPoint out = along(from, p, t1);
  if (!first) paths_.back().push_back({std::clamp(out.x, 0.0f, w), std::clamp(out.y, 0.0f, h)});
  last_outside_ = t1 < 1;
  ++version_;  // the network's input changes even where the pixels are already ink
}

void InkCanvas::load_image(const float* image, int w, int h) {
  // Bilinear stretch; the source coordinates and weights of every column and row are computed
  // once (pixel centres map onto pixel centres of the source image).
  std::vector<float> src(static_cast<size_t>(w) * h);
  for (size_t i = 0; i < src.size(); ++i) src[i] = std::isfinite(image[i]) ? std::clamp(image[i], 0.0f, 1.0f) : 0.0f;
  auto axis = [](int out_len, int in_len, std::vector<int>& i0, std::vector<int>& i1, std::vector<float>& f) {
    i0.resize(out_len);
    i1.resize(out_len);
    f.resize(out_len);
    for (int o = 0; o < out_len; ++o) {
      const float s = std::clamp((o + 0.5f) * in_len / out_len - 0.5f, 0.0f, in_len - 1.0f);
      i0[o] = static_cast<int>(s);
      i1[o] = std::min(i0[o] + 1, in_len - 1);
      f[o] = s - i0[o];
    }
  };
  std::vector<int> x0, x1, y0, y1;
  std::vector<float> fx, fy;
  axis(width_, w, x0, x1, fx);
  axis(height_, h, y0, y1, fy);
  has_ink_ = false;
  has_image_ = true;
  paths_.clear();
  for (int y = 0; y < height_; ++y) {
    const float* r0 = src.data() + static_cast<size_t>(y0[y]) * w;
    const float* r1 = src.data() + static_cast<size_t>(y1[y]) * w;
    float* out = pixels_.data() + static_cast<size_t>(y) * width_;
    for (int x = 0; x < width_; ++x) {
      const float top = r0[x0[x]] + fx[x] * (r0[x1[x]] - r0[x0[x]]);
      const float bottom = r1[x0[x]] + fx[x] * (r1[x1[x]] - r1[x0[x]]);
      out[x] = top + fy[y] * (bottom - top);
      has_ink_ = has_ink_ || out[x] > 0;
    }
  }
  ++version_;
  mark_dirty(0, 0, width_, height_);
}

float mnist_like_stroke_radius(int canvas_size) { return canvas_size / 22.0f; }

}  // namespace app

namespace app {

namespace {
PadPoint midpoint(PadPoint a, PadPoint b) { return {(a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f}; }
}  // namespace

void StrokeSmoother::begin(InkCanvas& canvas, PadPoint p, float radius) {
  active_ = true;
  samples_ = 1;
  radius_ = radius;
  prev_ = last_ = drawn_to_ = p;
  canvas.begin_path(p, radius_);
  canvas.stroke_dot(p, radius_);  // a tap leaves a dot
}

void StrokeSmoother::add(InkCanvas& canvas, PadPoint p) {
  if (!active_) return;
  const float mdx = p.x - last_.x, mdy = p.y - last_.y;
  if (mdx * mdx + mdy * mdy < 0.25f) return;  // less than half a pixel: nothing new to draw
  prev_ = last_;
  last_ = p;
  ++samples_;
  // Curve from drawn_to_ (midpoint of the previous pair) to the midpoint of the last pair,
  // bent towards the previous sample.
  const PadPoint from = drawn_to_, control = prev_, to = midpoint(prev_, last_);
  const float len = std::hypot(control.x - from.x, control.y - from.y) + std::hypot(to.x - control.x, to.y - control.y);
  const int pieces = std::max(1, std::min(64, static_cast<int>(len / 2.0f)));
  PadPoint a = from;
  for (int i = 1; i <= pieces; ++i) {
    const float t = static_cast<float>(i) / pieces, u = 1 - t;
    const PadPoint b{u * u * from.x + 2 * u * t * control.x + t * t * to.x,
                     u * u * from.y + 2 * u * t * control.y + t * t * to.y};
    canvas.stroke_segment(a, b, radius_);
    canvas.extend_path(b);
    a = b;
  }
  drawn_to_ = to;
}

void StrokeSmoother::end(InkCanvas& canvas) {
  if (!active_) return;
  canvas.stroke_segment(drawn_to_, last_, radius_);  // the last half segment
  if (samples_ > 1) canvas.extend_path(last_);
  active_ = false;
}

}  // namespace app
