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
