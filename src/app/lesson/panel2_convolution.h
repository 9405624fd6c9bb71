// Panel 2, "The convolution operation": the lecture's example step by step (1*2 + 2*0 + … = 15,
// bias 3 → 18), every cell editable. The example is shared with panel 6 (im2col), which shows
// the same numbers unrolled: LessonView owns it, this panel edits it.
#pragma once
#include <string>

#include "app/lesson/conv.h"
#include "app/lesson/panel.h"
#include "app/lesson/step_player.h"

namespace app {

class ConvolutionPanel : public LessonPanel {
 public:
  explicit ConvolutionPanel(lesson::ConvSetup& example) : conv_(example) {}
  const char* title_key() const override { return "lesson.p2"; }
  void show(PanelContext& ctx) override;
  std::string description() const override;
  bool playing() const override { return player_.playing(); }

 private:
  lesson::ConvSetup& conv_;
  lesson::StepPlayer player_;  // the window's position
};

// "window 2 of 4: 2*2 + 3*0 + … = 16": step `step` of `s` for screen readers (panels 2 and 3);
// "" when `s` has no output.
std::string conv_step_description(const lesson::ConvSetup& s, int step);

}  // namespace app
