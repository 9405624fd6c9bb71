// Panel 5, "Pooling": 2×2 max pooling step by step on an editable input, its properties, and
// its robustness to a one-pixel shift.
#pragma once
#include <string>

#include "app/lesson/panel.h"
#include "app/lesson/pool.h"
#include "app/lesson/step_player.h"

namespace app {

class PoolingPanel : public LessonPanel {
 public:
  const char* title_key() const override { return "lesson.p5"; }
  void show(PanelContext& ctx) override;
  std::string description() const override;
  bool playing() const override { return player_.playing(); }

 private:
  lesson::PoolSetup pool_ = lesson::pool_example();
  lesson::StepPlayer player_;
  int shift_dir_ = 0;  // 0: right, 1: down
};

}  // namespace app
