// The practice items' words (src/app/lesson/practice_text.*): every question names its numbers,
// in English and in Korean, and the feedback carries the worked arithmetic.
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "app/lesson/practice_text.h"
#include "app/ui/i18n.h"

using namespace app::lesson;
using Catch::Matchers::ContainsSubstring;

TEST_CASE("practice text: questions and feedback in both languages", "[lesson][practice]") {
  for (app::Language lang : {app::Language::English, app::Language::Korean}) {
    app::set_language(lang);
    for (uint32_t seed = 1; seed <= 20; ++seed)
      for (int panel = 1; panel <= 6; ++panel)
        for (const PracticeItem& it : practice_items(panel, seed)) {
          const std::string q = practice_question(it, true);
          INFO(q);
          CHECK(q.size() > 20);
          CHECK(q.find('%') == std::string::npos);
          if (it.kind == PracticeKind::OutputSize) CHECK_THAT(q, ContainsSubstring("H = " + std::to_string(it.h)));
          if (it.kind == PracticeKind::ConvCell) CHECK_THAT(q, ContainsSubstring(format_number(it.filter.at(0, 0))));
          // The output cell asked for is named from 0, as the walkthrough above it counts.
          if (it.kind == PracticeKind::ConvCell || it.kind == PracticeKind::ConvCellBias || it.kind == PracticeKind::PoolValue) {
            if (lang == app::Language::English)
              CHECK_THAT(q, ContainsSubstring("row " + std::to_string(it.out_row) + ", column " + std::to_string(it.out_col) +
                                              " (counted from 0)"));
            else
              CHECK_THAT(q, ContainsSubstring(std::to_string(it.out_row) + "행 " + std::to_string(it.out_col) + "열(0부터 셈)"));
          }
          ItemRecord rec;
          rec.answered = true;
          rec.correct = false;
          rec.response = "3";
          const std::string f = practice_feedback(it, rec);
          CHECK_THAT(f, ContainsSubstring(it.worked));
          CHECK_THAT(f, ContainsSubstring("3"));
        }
    CHECK_FALSE(input_problem_text(InputProblem::Infinite, PracticeItem{}).empty());
    CHECK(input_problem_text(InputProblem::None, PracticeItem{}).empty());
  }
  app::set_language(app::Language::English);
  PracticeItem it;
  it.answer = {18};
  it.worked = "1*2 = 18";
  ItemRecord rec;
  rec.answered = true;
  rec.correct = true;
  rec.response = "18";
  CHECK(practice_feedback(it, rec) == "Correct: 18. 1*2 = 18");
  CHECK(score_text({1, 2, 3}) == "1 correct of 2 answered (3 questions)");
  CHECK(outcome_text(it, ItemRecord{}, CheckOutcome{InputProblem::Empty, Verdict::Incomplete}) ==
        "Type your answer first. Nothing was counted.");
  // Too few or too many numbers: a one-number answer says so, a shape says how many.
  CHECK(outcome_text(it, ItemRecord{}, CheckOutcome{InputProblem::None, Verdict::Incomplete}) ==
        "This answer is one number, such as 18. Nothing was counted.");
  PracticeItem shape = it;
  shape.answer = {4, 12, 12};
  CHECK_THAT(outcome_text(shape, ItemRecord{}, CheckOutcome{InputProblem::None, Verdict::Incomplete}),
             ContainsSubstring("This answer has 3 numbers"));
}
