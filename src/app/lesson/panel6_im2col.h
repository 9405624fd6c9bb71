// Panel 6, "im2col": panel 2's convolution example unrolled, one row of col per window, times
// the filters as columns, reshaped back to (N, FN, OH, OW); then col2im, the way back. It shows
// the example that panel 2 edits (owned by LessonView) and never changes it.
#pragma once
#include "app/lesson/conv.h"
#include "app/lesson/panel.h"

namespace app {

class Im2colPanel : public LessonPanel {
 public:
  explicit Im2colPanel(const lesson::ConvSetup& example) : conv_(example) {}
  const char* title_key() const override { return "lesson.p6"; }
  void show(PanelContext& ctx) override;

 private:
  const lesson::ConvSetup& conv_;
  int row_ = 0;  // the row of col shown (one window)
};

}  // namespace app
