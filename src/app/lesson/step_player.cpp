#include "app/lesson/step_player.h"

#include <algorithm>
#include <cstdio>

#include "app/ui/i18n.h"

namespace app::lesson {

void StepPlayer::set_count(int count, bool reduced_motion) {
  count_ = count;
  if (count > 0) step_ = std::clamp(step_, 0, count - 1);
  if (count <= 0 || reduced_motion) playing_ = false;
}

void StepPlayer::back() {
  if (count_ <= 0) return;
  step_ = (step_ - 1 + count_) % count_;
  playing_ = false;
}

void StepPlayer::forward() {
  if (count_ <= 0) return;
  step_ = (step_ + 1) % count_;
  playing_ = false;
}

void StepPlayer::toggle() {
  playing_ = !playing_;
  clock_ = 0;
}

void StepPlayer::tick(float seconds) {
  if (!playing_ || count_ <= 0) return;
  clock_ += seconds;
  if (clock_ >= kSecondsPerStep) {
    clock_ = 0;
    step_ = (step_ + 1) % count_;
  }
}

std::string step_description(int step, int count, const std::string& what) {
  if (count <= 0) return {};
  char buf[160];
  std::snprintf(buf, sizeof buf, tr("lesson.step_of"), step + 1, count);
  return buf + (": " + what);
}

}  // namespace app::lesson
