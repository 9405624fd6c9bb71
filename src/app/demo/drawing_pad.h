// DrawingPad: the square ImGui widget the student draws in. It owns the InkCanvas (280×280
// floats, and the strokes as paths) and shows those pixels through a float texture. The
// network gets the paths drawn again at MNIST's stroke width (cnn::preprocess_strokes; the
// pixels, through preprocess_digit, only for a real MNIST digit loaded into the pad), shown
// as "What the network sees".
#pragma once
#include "app/demo/feature_map_renderer.h"
#include "app/demo/ink_canvas.h"

#include <utility>
#include <vector>

namespace app {

class DrawingPad {
 public:
  static constexpr int kCanvasSize = 280;
  DrawingPad() : canvas_(kCanvasSize, kCanvasSize) {}

  // Draws the pad as a size×size square at the cursor and handles mouse / touch / pen.
  // A stroke begins with a press on the pad or, with a mouse or pen, with a press just outside it
  // (on no control) that then comes in: students start at the edge. A finger elsewhere may be
  // scrolling the page; one within kTouchMargin above or left of the pad draws from where it
  // landed (below and right of it are the buttons).
  void show(FeatureMapRenderer& renderer, float size);
  static constexpr float kTouchMargin = 16;  // CSS pixels above and left of the pad
  // A stroke is under way (the page does not scroll under a finger that draws).
  bool drawing() const { return stroke_.active(); }
  // A stroke began this frame (by a press on the pad or one that came in from outside it).
  bool stroke_started() const { return started_; }
  // Where the pressed pointer went since the last frame, oldest first, in ImGui coordinates (the
  // browser's coalesced pointer events, src/web/pointer_trail.h), with a mark (x NaN) at each
  // press and release: the next show() draws the stroke through every one of them instead of a
  // straight line to the frame's last position. ImGui may take a press or release a frame later
  // than the page saw it (one button change a frame), so the marks, not the frame, say which
  // stroke a position belongs to.
  void set_trail(std::vector<ImVec2> trail) { trail_ = std::move(trail); }
  static constexpr float kPressMark = 1, kReleaseMark = 0;  // a mark's y
  // Clears the drawing; a press still held (Backspace while drawing, a page's clear() before
  // the last pointer events were read) draws nothing more until it is released.
  void clear() {
    canvas_.clear();
    stroke_ = StrokeSmoother();
    // The button as ImGui last read it: a press queued after the clear still draws.
    held_since_clear_ = ImGui::GetCurrentContext() && ImGui::GetIO().MouseDown[ImGuiMouseButton_Left];
  }
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
  bool held_since_clear_ = false;  // the press under way when the pad was cleared
  bool free_press_ = false;        // the mouse went down on no control (it may come in)
  bool came_in_ = false;           // such a press came into the pad: it draws
  bool started_ = false;           // stroke_started()
  std::vector<ImVec2> trail_;      // set_trail(), for one frame
  std::vector<ImVec2> pending_;    // the trail from a press that ImGui has not taken yet
};

}  // namespace app
