// Panel 1, "Why not fully connected?": the 28×28 image the network sees and the same 784 values
// in one row, as the first Affine layer receives them; a 5×5 window around the pixel the
// student picks falls apart into five runs of that row.
#pragma once
#include "app/lesson/panel.h"

namespace app {

class FullyConnectedPanel : public LessonPanel {
 public:
  const char* title_key() const override { return "lesson.p1"; }
  void show(PanelContext& ctx) override;

 private:
  int pixel_row_ = 10, pixel_col_ = 12;  // the pixel picked in the image
};

}  // namespace app
