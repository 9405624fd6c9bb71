// The words of the practice items (practice.h) in the current language: the question, the
// feedback after a check, and the input problems. Pure (tr() only): the Lesson tab draws these,
// the screen reader hears them (LessonView::description) and the page's HTML mirror of the
// items (web/embed.js) shows them.
#pragma once
#include <string>

#include "app/lesson/practice.h"

namespace app::lesson {

// "Output element (row 2, column 1) of the convolution of the input and the filter above?"
// Grids are written out row by row ("input rows: 1 2 3 0 / 0 1 2 3 / …") when `with_grids`.
std::string practice_question(const PracticeItem& item, bool with_grids);
// "Type the answer first: nothing was counted." and the like; "" for InputProblem::None.
std::string input_problem_text(InputProblem p, const PracticeItem& item);
// After a counted check: "Correct. 1*2 + … = 18" / "Not quite: the answer is 18 (you answered
// 17). 1*2 + … = 18".
std::string practice_feedback(const PracticeItem& item, const ItemRecord& record);
// What a check said: the problem, or the feedback of the (now) recorded answer.
std::string outcome_text(const PracticeItem& item, const ItemRecord& record, const CheckOutcome& outcome);
// "2 of 3 correct" style score line.
std::string score_text(const PracticeScore& s);
// How many numbers the answer has (1, or a shape's), for hints.
int answer_parts(const PracticeItem& item);

}  // namespace app::lesson
