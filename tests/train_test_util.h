// Shared by the Train tab's tests (controller and worker): training settings small enough that a
// run on the toy data takes milliseconds.
#pragma once
#include "app/train/controller.h"

namespace app::test {

inline TrainSettings small_settings() {
  TrainSettings s;
  s.filters = 4;
  s.hidden = 16;
  s.batch = 16;
  s.seed = 3;
  return s;
}

}  // namespace app::test
