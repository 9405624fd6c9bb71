// The embedded demo's pure logic: the narrow (iframe / phone) layout of the Demo tab
// (src/app/embed/layout.*).
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>

#include "app/embed/layout.h"

using namespace app;

TEST_CASE("narrow layout: the pad and the bars fit side by side from 300 px up", "[embed]") {
  CHECK(use_narrow_layout(320));
  CHECK(use_narrow_layout(700));
  CHECK_FALSE(use_narrow_layout(1160));
  for (float w = 300; w < kNarrowWidth; w += 20)
    for (float h : {300.0f, 560.0f, 760.0f}) {
      const NarrowDemoLayout l = narrow_demo_layout(w, h);
      INFO("w=" << w << " h=" << h);
      CHECK(l.pad_size >= 140);
      CHECK(l.bars_w >= 140);
      CHECK(l.pad_size + l.gap + l.bars_w <= w + 0.5f);
      CHECK(l.pad_size <= h * 0.45f + 140);
      CHECK(static_cast<int>(l.seen_size) % 28 == 0);
      CHECK(l.bar_row_h >= 18);
    }
}

TEST_CASE("narrow layout: a 360 px phone (320 px of content)", "[embed]") {
  const NarrowDemoLayout l = narrow_demo_layout(320, 560);
  CHECK(l.pad_size == 170);  // floor(320 - 140 for the bars - 9.6 gap): the width decides
  CHECK(l.bars_w >= 140);
}

TEST_CASE("narrow layout: nonsense sizes give a usable layout", "[embed]") {
  for (float w : {0.0f, -5.0f, 1e-3f}) {
    const NarrowDemoLayout l = narrow_demo_layout(w, w);
    CHECK(l.pad_size > 0);
    CHECK(l.bars_w > 0);
    CHECK(l.seen_size > 0);
  }
}
