// LessonView: the Lesson tab. A list of the seven panels on the left (with Previous / Next; in
// a narrow frame a drop-down above the panel), the chosen panel on the right; each panel
// (panel.h; one class and file each) lets the student play with one idea of the lecture and
// keeps its own state. Panels only draw: every number comes from the pure logic beside them
// (conv, pool, im2col, shapes), which call the CNN core.
//   1 Why not fully connected?    2 The convolution operation   3 Padding and stride
//   4 3-D and 4-D data             5 Pooling                     6 im2col
//   7 The whole network
#pragma once
#include <array>
#include <string>

#include "app/app_state.h"
#include "app/demo/model.h"
#include "app/lesson/conv.h"
#include "app/lesson/panel.h"
#include "app/lesson/practice.h"
#include "app/lesson/practice_view.h"
#include "app/ui/fonts.h"

namespace app {

class LessonView {
 public:
  static constexpr int kPanelCount = app::kPanelCount;  // panel.h's list

  LessonView();
  LessonView(const LessonView&) = delete;  // the panels refer to conv_example_
  LessonView& operator=(const LessonView&) = delete;

  // `pixels`: the 28×28 image the network sees (the drawing or an MNIST sample);
  // `model`: the loaded network (its outputs are those of `pixels`), may be unloaded.
  // `models`: the shipped networks Lesson 7 shows (panel.h).
  LessonAction show(Model& model, const float* pixels, bool pixels_empty, UiState& ui, const UiFonts& fonts,
                    const LessonModels& models = {});
  // Embedding (app_embed.cpp): the panel shown (0..kPanelCount-1), and what it shows as plain
  // text for screen readers ("Lesson 2 / 7: … window 1 of 4: 1*2 + … = 15").
  int panel() const { return panel_; }
  void set_panel(int panel) { if (panel >= 0 && panel < kPanelCount) panel_ = panel; }
  std::string description() const;
  // A panel's Play is on (the one shown or another): the next frames must be drawn even without input.
  bool playing() const;
  // How far the panel's content reached past its visible width, in pixels, in the last frame
  // that drew the Lesson tab (0: it fits; CNNDemo.layout().lessonOverflowX, the layout test).
  float overflow_x() const { return overflow_x_; }

  // Practice items (practice.h) at the end of panels 2..7, and which panels the student has seen
  // (bit i: panel i was shown in the Lesson tab). Read and driven by the page (src/web/practice_exports.cpp).
  lesson::PracticeBook& practice() { return practice_; }
  const lesson::PracticeBook& practice() const { return practice_; }
  PracticeView& practice_view() { return practice_view_; }
  const PracticeView& practice_view() const { return practice_view_; }
  unsigned visited() const { return visited_; }
  void set_visited(unsigned mask) { visited_ = mask & ((1u << kPanelCount) - 1); }

 private:
  // Panels 2 and 6 share the convolution example: edits in 2 show up in 6.
  lesson::ConvSetup conv_example_ = lesson::lecture_conv_example();
  std::array<std::unique_ptr<LessonPanel>, kPanelCount> list_;  // kPanelFactories' panels, in order
  int panel_ = 0;
  lesson::PracticeBook practice_;
  PracticeView practice_view_;
  unsigned visited_ = 0;
  float overflow_x_ = 0;
};

}  // namespace app
