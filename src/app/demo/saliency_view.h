// "Why this digit" on screen (issue 15): an overlay on "What the network sees" — red where the
// chosen class depends on the input, blue where it works against it — for the predicted class
// or one the student picks, by occlusion (patch 4 or 7) or gradient × input, with a caption in
// the current language saying what the map means and that it shows sensitivity, not reasons.
// The map is computed by SaliencyEngine (saliency.h) once per change: never while a stroke is
// being drawn, and occlusion spread over frames within a small budget, so drawing keeps its
// frame rate.
#pragma once
#include "app/demo/model.h"
#include "app/demo/saliency.h"
#include "imgui.h"

namespace app {

class SaliencyView {
 public:
  // Draws the overlay over the last item (the 28×28 image the network sees) when it is on, and
  // does this frame's share of the work. `drawing`: a stroke is under way (the map waits).
  void overlay(Model& model, bool drawing, bool empty);
  // The switch, method, patch, class and caption, `width` pixels wide.
  void controls(const Model& model, float width);
  // Work left to do (main.cpp keeps drawing frames until the map is done).
  bool busy() const { return on && !engine_.done(); }

  SaliencyEngine& engine() { return engine_; }
  // What the student chose (CNNDemo.showSaliency sets them too).
  bool on = false;
  SaliencyRequest request;

 private:
  SaliencyEngine engine_;
  bool waiting_ = false;  // a stroke is under way: the map shown is of the drawing before it
};

}  // namespace app
