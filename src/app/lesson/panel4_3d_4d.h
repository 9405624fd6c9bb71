// Panel 4, "3-D and 4-D data": a 3-channel input and two filters, each output cell the sum of
// one partial map per channel; then the shapes of a batch, (N, C, H, W) ⊛ (FN, C, FH, FW).
#pragma once
#include "app/lesson/conv.h"
#include "app/lesson/panel.h"

namespace app {

class Data3d4dPanel : public LessonPanel {
 public:
  const char* title_key() const override { return "lesson.p4"; }
  void show(PanelContext& ctx) override;

 private:
  lesson::MultiConvSetup setup_ = lesson::example_3d(2);
  int filter_ = 0, cell_ = 0;                    // the filter picked, the output cell shown
  int batch_n_ = 10, batch_c_ = 3, batch_fn_ = 30;  // the batch's N, C and FN sliders
};

}  // namespace app
