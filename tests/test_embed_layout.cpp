// The embedded demo's pure logic: the narrow (iframe / phone) layout of the Demo tab
// (src/app/embed/layout.*) and the theme's WCAG AA contrast (src/app/embed/a11y.*).
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>

#include "app/embed/a11y.h"
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

TEST_CASE("contrast: WCAG 2 reference values", "[embed]") {
  CHECK_THAT(contrast_ratio({0, 0, 0}, {1, 1, 1}), Catch::Matchers::WithinAbs(21.0, 1e-9));
  CHECK_THAT(contrast_ratio({1, 1, 1}, {1, 1, 1}), Catch::Matchers::WithinAbs(1.0, 1e-9));
  // #777777 on white is the classic 4.48:1 (just below AA).
  const float g = 0x77 / 255.0f;
  CHECK_THAT(contrast_ratio({g, g, g}, {1, 1, 1}), Catch::Matchers::WithinAbs(4.48, 0.01));
}

TEST_CASE("contrast: the theme's text colours meet WCAG AA on the window background", "[embed]") {
  // The colours of src/app/main.cpp (apply_theme), lesson_widgets.h and softmax_view.cpp.
  const Rgb window{0.075f, 0.082f, 0.10f}, child_frame{0.16f, 0.17f, 0.21f}, button{0.20f, 0.33f, 0.55f};
  const Rgb text{0.92f, 0.93f, 0.95f}, disabled{0.55f, 0.58f, 0.63f}, muted{0.62f, 0.65f, 0.70f};
  const Rgb accent{0.98f, 0.62f, 0.22f}, window_blue{0.35f, 0.62f, 1.0f}, max_green{0.35f, 0.85f, 0.45f};
  for (Rgb fg : {text, disabled, muted, accent, window_blue, max_green}) {
    CHECK(contrast_ratio(fg, window) >= 4.5);
    CHECK(contrast_ratio(fg, child_frame) >= 3.0);  // large/bold labels on frames
  }
  CHECK(contrast_ratio(text, button) >= 4.5);
  CHECK(contrast_ratio(text, child_frame) >= 4.5);
}
