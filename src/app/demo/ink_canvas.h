// InkCanvas: the drawing pad's pixels, the image the student draws (0 = background,
// 1 = ink), and the same strokes kept as paths (the points of the lines drawn). Strokes are
// round-capped thick lines between successive pointer samples, anti-aliased by pixel coverage
// (cnn::draw_line), so a fast stroke stays a smooth line and not a row of dots. The network's
// input is made from the paths (cnn::preprocess_strokes: MNIST-like stroke width whatever the
// drawing's size); from the pixels only when a real MNIST digit was loaded (load_image). Pure logic (no ImGui / SDL / browser): tested natively in tests/test_app_ink_canvas.cpp.
#pragma once
#include <cstdint>
#include <vector>

#include "cnn/preprocess.h"

namespace app {

struct PadPoint {
  float x = 0, y = 0;  // canvas pixels; (0, 0) is the top-left corner of the top-left pixel
};

class InkCanvas {
 public:
  InkCanvas(int width, int height);

  int width() const { return width_; }
  int height() const { return height_; }
  const float* pixels() const { return pixels_.data(); }
  bool empty() const { return !has_ink_; }
  // Incremented on every change, so views can redo their work only when needed.
  uint64_t version() const { return version_; }

  // The pixels changed since the last take_dirty() (x0, y0 inclusive; x1, y1 exclusive;
  // empty when x0 >= x1), so a view can re-upload only that part.
  struct Rect {
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  };
  Rect take_dirty();

  void clear();
  // A round-capped line of the given radius from a to b; each pixel keeps the larger of its
  // value and the line's coverage (so overlapping strokes do not get darker than ink).
  void stroke_segment(PadPoint a, PadPoint b, float radius);
  void stroke_dot(PadPoint p, float radius) { stroke_segment(p, p, radius); }
  // Replaces the drawing by `image` (w×h, values in [0, 1]) stretched over the whole canvas
  // with bilinear sampling — used to show a real 28×28 MNIST digit in the pad.
  // The paths are cleared; has_image() is true until clear().
  void load_image(const float* image, int w, int h);

  // The strokes as paths in canvas pixels, cut where their ink leaves the canvas: a stroke
  // continues outside the pad while the button is held, and where its line's centre is more than
  // the pen's radius (ink_radius) outside, it is dropped; nearer, its ink still shows on the pad
  // and its points are put on the edge. When it comes back, its path goes on as a new piece from
  // where it came in (so the network never sees a line along the edge that the pad does not
  // show). begin_path starts a stroke, extend_path adds a point to the last one.
  void begin_path(PadPoint p, float ink_radius = 0);
  void extend_path(PadPoint p);
  const std::vector<cnn::Stroke>& paths() const { return paths_; }
  // A real MNIST digit (pixels, no paths) is under the drawing.
  bool has_image() const { return has_image_; }

 private:
  int width_, height_;
  std::vector<float> pixels_;
  bool has_ink_ = false;
  bool has_image_ = false;
  std::vector<cnn::Stroke> paths_;
  PadPoint last_raw_;          // the last point given to the path, before clipping
  float ink_radius_ = 0;       // the stroke's pen: its path is clipped this far outside the canvas
  bool last_outside_ = false;  // it lay outside the canvas
  uint64_t version_ = 0;
  Rect dirty_;
  void mark_dirty(int x0, int y0, int x1, int y1);
};

// The pad's stroke radius for a canvas of this size: MNIST digits are about 20 px tall
// with strokes 2–3 px wide, so a digit filling ~70% of the pad wants a stroke ~1/11 of it.
float mnist_like_stroke_radius(int canvas_size);

}  // namespace app

namespace app {

// StrokeSmoother: turns the pointer samples of one stroke into a smooth line. Samples
// can lie far apart (the frame's last position where the page has no pointer trail, a mouse
// of 125 Hz on a fast stroke), so a fast curve would otherwise show corners; each
// new sample adds the quadratic Bézier curve from the midpoint of the previous two samples
// to the midpoint of the last two (control point: the previous sample), cut into short
// straight pieces. The line passes near every sample and has no corners.
class StrokeSmoother {
 public:
  void begin(InkCanvas& canvas, PadPoint p, float radius);
  void add(InkCanvas& canvas, PadPoint p);
  void end(InkCanvas& canvas);
  bool active() const { return active_; }

 private:
  bool active_ = false;
  int samples_ = 0;
  float radius_ = 1;
  PadPoint prev_, last_, drawn_to_;
};

}  // namespace app
