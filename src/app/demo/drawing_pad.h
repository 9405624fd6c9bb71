// DrawingPad: the square ImGui widget the student draws in. It owns the InkCanvas (280×280
// floats, the image handed to preprocess_digit) and shows exactly those pixels, through a
// float texture, so what you see is what the network gets.
#pragma once
#include "app/demo/feature_map_renderer.h"
#include "app/demo/ink_canvas.h"

namespace app {

class DrawingPad {
 public:
  static constexpr int kCanvasSize = 280;
  DrawingPad() : canvas_(kCanvasSize, kCanvasSize) {}

  // Draws the pad as a size×size square at the cursor and handles mouse / touch / pen.
  void show(FeatureMapRenderer& renderer, float size);
  void clear() { canvas_.clear(); }
  InkCanvas& canvas() { return canvas_; }
  const InkCanvas& canvas() const { return canvas_; }
  // The pad's drawing area in ImGui coordinates (CSS pixels of the canvas) last frame.
  ImVec2 rect_min() const { return rect_min_; }
  ImVec2 rect_max() const { return rect_max_; }

 private:
  InkCanvas canvas_;
  StrokeSmoother stroke_;
  MapTexture texture_;
  uint64_t uploaded_version_ = ~uint64_t(0);
  ImVec2 rect_min_{0, 0}, rect_max_{0, 0};
};

}  // namespace app
