// LessonPanel: one panel of the Lesson tab (lesson_view.h lists them), with its own state.
// Each frame LessonView gives the panel shown a PanelContext: what it may read (the model,
// the 28×28 image) and what it may ask the App to do (LessonAction).
#pragma once
#include <string>

#include "app/app_state.h"
#include "app/demo/model.h"
#include "app/ui/fonts.h"

namespace app {

// What the lesson asks the App to do after drawing.
struct LessonAction {
  int jump_to_layer = -2;    // >= -1: switch to the Demo tab and select this stage (-1: the input)
  bool load_sample = false;  // put a real MNIST digit into the drawing pad
};

struct PanelContext {
  Model& model;          // the loaded network (its outputs are those of `pixels`), may be unloaded
  const float* pixels;   // the 28×28 image the network sees (the drawing or an MNIST sample)
  bool pixels_empty;
  UiState& ui;
  const UiFonts& fonts;
  LessonAction& action;  // what the panel asks of the App this frame

  void heading(const char* text) const;  // a section title in the heading font
};

class LessonPanel {
 public:
  virtual ~LessonPanel() = default;
  // The i18n key of the panel's title ("lesson.p2": "The convolution operation").
  virtual const char* title_key() const = 0;
  // Draws the panel below its title.
  virtual void show(PanelContext& ctx) = 0;
  // For screen readers, after "Lesson 2 / 7: <title>.": the current step and its arithmetic
  // as the panel writes it ("window 1 of 4: 1*2 + … = 15"); "" when there is nothing to add.
  virtual std::string description() const { return {}; }
  // Play is on: the next frames must be drawn even without input.
  virtual bool playing() const { return false; }
};

}  // namespace app
