// Practice items (src/app/lesson/practice.*): reproducible from a seed, and every answer the
// core computed agrees with the lecture's formulas written out here by hand.
#include <catch2/catch_test_macros.hpp>

#include <algorithm>

#include "app/lesson/practice.h"

using namespace app::lesson;

namespace {
double oh(int h, int f, int p, int s) { return (h + 2 * p - f) / s + 1; }
}  // namespace

TEST_CASE("practice: the same seed gives the same items, other seeds other numbers", "[lesson][practice]") {
  for (int panel = 1; panel <= 6; ++panel) {
    const auto a = practice_items(panel, 42), b = practice_items(panel, 42);
    REQUIRE(a.size() == b.size());
    REQUIRE(a.size() >= 2);
    REQUIRE(a.size() <= 3);
    for (std::size_t i = 0; i < a.size(); ++i) {
      CHECK(a[i].answer == b[i].answer);
      CHECK(a[i].worked == b[i].worked);
      CHECK(a[i].id == "p" + std::to_string(panel + 1) + ".q" + std::to_string(i + 1));
    }
    int differ = 0;
    for (uint32_t seed = 1; seed <= 20; ++seed) differ += practice_items(panel, seed)[0].worked != a[0].worked;
    CHECK(differ >= 15);
  }
  CHECK(practice_items(0, 1).empty());  // panel 1 (why not fully connected) asks nothing
  CHECK(practice_items(7, 1).empty());
}

TEST_CASE("practice: every answer agrees with the formulas, over many seeds", "[lesson][practice]") {
  for (uint32_t seed = 1; seed <= 300; ++seed) {
    int impossible = 0;
    for (int panel = 1; panel <= 6; ++panel)
      for (const PracticeItem& it : practice_items(panel, seed)) {
        INFO("seed " << seed << " " << it.id << ": " << it.worked);
        switch (it.kind) {
          case PracticeKind::ConvCell:
          case PracticeKind::ConvCellBias: {
            double sum = it.kind == PracticeKind::ConvCellBias ? it.bias : 0;
            for (int r = 0; r < it.filter.rows; ++r)
              for (int c = 0; c < it.filter.cols; ++c)
                sum += it.input.at(it.out_row + r, it.out_col + c) * it.filter.at(r, c);
            REQUIRE(it.answer == std::vector<double>{sum});
            if (it.kind == PracticeKind::ConvCellBias) CHECK(it.bias != 0);
            break;
          }
          case PracticeKind::OutputSize:
            if ((it.h + 2 * it.pad - it.fh) % it.stride != 0) {
              ++impossible;
              REQUIRE(it.impossible);
              REQUIRE(it.answer.empty());
            } else {
              REQUIRE_FALSE(it.impossible);
              REQUIRE(it.answer == std::vector<double>{oh(it.h, it.fh, it.pad, it.stride)});
            }
            break;
          case PracticeKind::ConvShape3D:
            REQUIRE(it.answer == std::vector<double>{double(it.fn), oh(it.h, it.fh, it.pad, it.stride), oh(it.w, it.fw, it.pad, it.stride)});
            break;
          case PracticeKind::ConvShape4D:
            REQUIRE(it.answer == std::vector<double>{double(it.n), double(it.fn), oh(it.h, it.fh, it.pad, it.stride),
                                                     oh(it.w, it.fw, it.pad, it.stride)});
            break;
          case PracticeKind::PoolValue: {
            float m = -1;
            for (int r = 0; r < 2; ++r)
              for (int c = 0; c < 2; ++c) m = std::max(m, it.input.at(2 * it.out_row + r, 2 * it.out_col + c));
            REQUIRE(it.answer == std::vector<double>{m});
            break;
          }
          case PracticeKind::PoolShape:
            REQUIRE(it.answer == std::vector<double>{double(it.c), it.h / 2.0, it.w / 2.0});
            break;
          case PracticeKind::Im2colShape: {
            const double o = oh(it.h, it.fh, it.pad, it.stride);
            REQUIRE(it.answer == std::vector<double>{it.n * o * o, double(it.c * it.fh * it.fw)});
            break;
          }
          case PracticeKind::ParamCount:
            if (it.affine)
              REQUIRE(it.answer == std::vector<double>{double(it.h) * it.w + it.w});
            else
              REQUIRE(it.answer == std::vector<double>{double(it.fn) * it.c * it.fh * it.fw + it.fn});
            break;
        }
        for (double a : it.answer)  // the worked arithmetic arrives at every number of the answer
          CHECK(it.worked.find(format_number(static_cast<float>(a))) != std::string::npos);
      }
    REQUIRE(impossible == 1);  // panel 3 always has exactly one impossible combination
  }
}

TEST_CASE("practice: checking a response", "[lesson][practice]") {
  PracticeItem it;
  it.answer = {18};
  CHECK(check_answer(it, {{18}, false}) == Verdict::Correct);
  CHECK(check_answer(it, {{17}, false}) == Verdict::Wrong);
  CHECK(check_answer(it, {{}, false}) == Verdict::Incomplete);
  CHECK(check_answer(it, {{}, true}) == Verdict::Wrong);  // it was possible
  it.tolerance = 0.05;
  CHECK(check_answer(it, {{18.04}, false}) == Verdict::Correct);
  CHECK(check_answer(it, {{18.06}, false}) == Verdict::Wrong);
  PracticeItem shape;
  shape.answer = {30, 24, 24};
  CHECK(check_answer(shape, {{30, 24, 24}, false}) == Verdict::Correct);
  CHECK(check_answer(shape, {{30, 24}, false}) == Verdict::Incomplete);
  CHECK(check_answer(shape, {{24, 24, 30}, false}) == Verdict::Wrong);
  PracticeItem no;
  no.impossible = true;
  CHECK(check_answer(no, {{}, true}) == Verdict::Correct);
  CHECK(check_answer(no, {{3}, false}) == Verdict::Wrong);
}

TEST_CASE("practice: typed numbers in the forms students write them", "[lesson][practice]") {
  std::vector<double> v;
  CHECK(parse_numbers("18", v));
  CHECK(v == std::vector<double>{18});
  CHECK(parse_numbers(" (30, 24, 24) ", v));
  CHECK(v == std::vector<double>{30, 24, 24});
  CHECK(parse_numbers("30x24x24", v));
  CHECK(v.size() == 3);
  CHECK(parse_numbers("-1.5", v));
  CHECK(v == std::vector<double>{-1.5});
  CHECK_FALSE(parse_numbers("", v));
  CHECK_FALSE(parse_numbers("abc", v));
  CHECK_FALSE(parse_numbers("12a", v));
  CHECK_FALSE(parse_numbers("nan", v));
  CHECK_FALSE(parse_numbers("1e999", v));
}

TEST_CASE("practice: bad input is named and never counted", "[lesson][practice]") {
  std::vector<double> v;
  CHECK(read_response("", v) == InputProblem::Empty);
  CHECK(read_response("   ", v) == InputProblem::Empty);
  CHECK(read_response("abc", v) == InputProblem::NotNumber);
  CHECK(read_response("12a", v) == InputProblem::NotNumber);
  CHECK(read_response("nan", v) == InputProblem::NotNumber);
  CHECK(read_response("Infinity", v) == InputProblem::Infinite);
  CHECK(read_response("-inf", v) == InputProblem::Infinite);
  CHECK(read_response("1e999", v) == InputProblem::TooLarge);
  CHECK(read_response("123456789012345678901234567890", v) == InputProblem::TooLarge);
  CHECK(read_response("(4, 1e12, 3)", v) == InputProblem::TooLarge);
  CHECK(v.empty());
  CHECK(read_response("(30, 24, 24)", v) == InputProblem::None);
  CHECK(v == std::vector<double>{30, 24, 24});

  PracticeBook book(7);
  const int panel = 1;  // the convolution: two single-number items
  for (const char* bad : {"", "abc", "Infinity", "1e999", "99999999999"}) {
    const CheckOutcome o = book.answer(panel, 0, bad, false, 1.0);
    CHECK_FALSE(o.counted());
    CHECK(o.problem != InputProblem::None);
  }
  CHECK(book.score(panel).asked == 0);
  CHECK(book.journal().empty());
  // Too few numbers for a shape: not counted either.
  const CheckOutcome few = book.answer(3, 0, "4", false, 1.0);
  CHECK_FALSE(few.counted());
  CHECK(few.verdict == Verdict::Incomplete);
  CHECK(book.score(3).asked == 0);
}

TEST_CASE("practice book: answers, scores, journal, latency; answered once per attempt", "[lesson][practice]") {
  PracticeBook book(2024);
  CHECK(book.total().total == 2 + 3 + 2 + 2 + 2 + 2);
  CHECK(book.total().asked == 0);
  CHECK(book.items(0).empty());
  const uint64_t v0 = book.version();
  const PracticeItem& first = book.items(1)[0];
  book.shown(1, 10.0);
  const CheckOutcome ok = book.answer(1, 0, answer_text(first), false, 12.5);
  CHECK(ok.counted());
  CHECK(ok.verdict == Verdict::Correct);
  CHECK(book.record(1, 0).latency_s == 2.5);
  CHECK(book.version() > v0);
  // The second item, answered wrong (the answer + 1).
  const CheckOutcome bad = book.answer(1, 1, format_number(static_cast<float>(book.items(1)[1].answer[0] + 1)), false, 13);
  CHECK(bad.verdict == Verdict::Wrong);
  CHECK(book.score(1).correct == 1);
  CHECK(book.score(1).asked == 2);
  // Answering again changes nothing.
  book.answer(1, 1, answer_text(book.items(1)[1]), false, 14);
  CHECK(book.score(1).correct == 1);
  CHECK(book.journal().size() == 2);
  CHECK(book.journal()[0].panel == 1);
  CHECK(book.journal()[1].item == 1);
  // The impossible OH item: only "impossible" is right.
  int impossible = -1;
  for (std::size_t i = 0; i < book.items(2).size(); ++i) if (book.items(2)[i].impossible) impossible = static_cast<int>(i);
  REQUIRE(impossible >= 0);
  CHECK(book.answer(2, impossible, "", true, 20).verdict == Verdict::Correct);
  CHECK(book.record(2, impossible).response == "impossible");
  CHECK(book.total().correct == 2);
  // New numbers on panel 2: its answers go, the others stay; the seed moves on.
  const uint32_t seed = book.seed(1);
  book.new_attempt(1);
  CHECK(book.seed(1) != seed);
  CHECK(book.attempt(1) == 1);
  CHECK(book.score(1).asked == 0);
  CHECK(book.total().correct == 1);
  // Bad indices are ignored.
  CHECK_FALSE(book.answer(9, 0, "1", false, 0).counted());
  CHECK_FALSE(book.answer(1, 7, "1", false, 0).counted());
}

TEST_CASE("practice book: save/load round trip; damaged text is refused", "[lesson][practice]") {
  PracticeBook book(99);
  book.answer(1, 0, answer_text(book.items(1)[0]), false, 1);
  book.answer(3, 1, "1 2 3", false, 1);
  book.new_attempt(5);
  book.answer(6, 0, answer_text(book.items(6)[0]), false, 1);
  const std::string saved = book.save();
  CHECK(saved.size() < 400);
  PracticeBook back(1);
  REQUIRE(back.load(saved));
  CHECK(back.save() == saved);
  for (int p = 1; p < PracticeBook::kPanels; ++p) {  // panel 1 (0) has no items, so no seed to keep
    CHECK(back.seed(p) == book.seed(p));
    CHECK(back.score(p).correct == book.score(p).correct);
    CHECK(back.score(p).asked == book.score(p).asked);
  }
  CHECK(back.journal().empty());  // restored answers were reported in their own session
  // Damaged: every kind refused, and the book unchanged.
  std::string flipped = saved;
  const std::size_t c = flipped.find("c:");
  REQUIRE(c != std::string::npos);
  flipped[c] = 'w';  // a verdict that the seed's items contradict
  std::string tampered_seed = saved;
  tampered_seed[tampered_seed.find(';') + 1] = tampered_seed[tampered_seed.find(';') + 1] == '1' ? '2' : '1';
  for (const std::string& bad : {std::string(), std::string("P2") + saved.substr(2), saved + ";1,0,-", flipped,
                                 saved.substr(0, saved.size() - 3), std::string(3000, 'x'), tampered_seed,
                                 std::string("P1;a,0,-/-;1,0,-/-/-;1,0,-/-;1,0,-/-;1,0,-/-;1,0,-/-")}) {
    PracticeBook b(5);
    const std::string before = b.save();
    CHECK_FALSE(b.load(bad));
    CHECK(b.save() == before);
  }
}
