// Panel 3, "Padding and stride": sliders for H, FH, P and S, OH = (H + 2P − FH)/S + 1 evaluated
// (invalid combinations explained), and the window stepping over the padded input.
#pragma once
#include <string>

#include "app/lesson/panel.h"
#include "app/lesson/step_player.h"

namespace app {

class PaddingStridePanel : public LessonPanel {
 public:
  const char* title_key() const override { return "lesson.p3"; }
  void show(PanelContext& ctx) override;
  std::string description() const override;
  bool playing() const override { return player_.playing(); }

 private:
  int input_ = 5, filter_ = 3, pad_ = 1, stride_ = 2;  // H (= W), FH (= FW), P, S
  lesson::StepPlayer player_;
};

}  // namespace app
