// StepPlayer: the Back / Play / Step machinery of the step-by-step panels (2 convolution,
// 3 padding and stride, 5 pooling): which of `count` steps is shown, and Play, which moves
// to the next step every 0.9 s (never with reduced motion). Pure logic, natively tested; the
// buttons that drive it are play_controls() in widgets.h.
#pragma once
#include <string>

namespace app::lesson {

class StepPlayer {
 public:
  static constexpr float kSecondsPerStep = 0.9f;

  int step() const { return step_; }
  bool playing() const { return playing_; }
  int count() const { return count_; }

  // Each frame, before the controls: the panel's number of steps (the step is kept within
  // them); no steps or reduced motion stop Play.
  void set_count(int count, bool reduced_motion);
  void back();     // one step back (wraps), stops Play
  void forward();  // one step on (wraps), stops Play
  void toggle();   // Play / Pause; the clock starts again
  void restart() { step_ = 0; }
  // While playing: `seconds` more have passed; every kSecondsPerStep the next step.
  void tick(float seconds);

 private:
  int step_ = 0, count_ = 0;
  bool playing_ = false;
  float clock_ = 0;
};

// For screen readers: "window 2 of 4: <what>" (`what`: step `step`'s own text, 0 <= step < count);
// "" when there are no steps.
std::string step_description(int step, int count, const std::string& what);

}  // namespace app::lesson
