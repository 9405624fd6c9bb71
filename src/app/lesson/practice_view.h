// The practice items at the end of lesson panels 2 to 7 ("work it out, then check"), drawn with
// Dear ImGui: the question (with its grids), a number field, Check (and Impossible where it
// applies), the feedback with the worked arithmetic, the panel's score and New numbers. The
// logic is lesson::PracticeBook (practice.h), the words practice_text.h.
#pragma once
#include <array>
#include <string>

#include "app/lesson/panel.h"
#include "app/lesson/practice.h"

namespace app {

class PracticeView {
 public:
  static constexpr int kMaxItems = 3;
  void show(PanelContext& ctx, lesson::PracticeBook& book, int panel);
  // The same as typing `text` and pressing Check (or Impossible) on item `item` of `panel`;
  // from the page's HTML mirror (src/web/practice_exports.cpp). Returns the outcome.
  lesson::CheckOutcome check(lesson::PracticeBook& book, int panel, int item, const std::string& text, bool impossible,
                             double now);
  void new_attempt(lesson::PracticeBook& book, int panel);
  // The last check's words on `panel` ("Question 1: Correct: 18. 1*2 + … = 18"), for screen
  // readers; "" when nothing was checked there since it was shown.
  std::string announcement(const lesson::PracticeBook& book, int panel) const;
  // The message under item `item` after its last check (a problem with the input or the feedback).
  std::string message(const lesson::PracticeBook& book, int panel, int item) const;

 private:
  void sync(const lesson::PracticeBook& book, int panel);  // a new panel or attempt: empty fields
  int panel_ = -1;
  uint32_t seed_ = 0;
  std::array<std::array<char, 64>, kMaxItems> input_{};
  std::array<lesson::CheckOutcome, kMaxItems> last_{};
  std::array<bool, kMaxItems> checked_{};
  int last_item_ = -1;
};

}  // namespace app
