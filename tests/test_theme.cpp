// The theme the demo is drawn with (src/app/ui/theme.h, the same table ImGui's style and the
// views read) against WCAG 2 AA: 4.5:1 for text, 3:1 for large or bold labels.
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>

#include "app/ui/theme.h"

using app::contrast_ratio;
using app::kTheme;
using app::Rgb;

TEST_CASE("contrast: WCAG 2 reference values", "[theme]") {
  CHECK_THAT(contrast_ratio({0, 0, 0}, {1, 1, 1}), Catch::Matchers::WithinAbs(21.0, 1e-9));
  CHECK_THAT(contrast_ratio({1, 1, 1}, {1, 1, 1}), Catch::Matchers::WithinAbs(1.0, 1e-9));
  // #777777 on white is the classic 4.48:1 (just below AA).
  const float g = 0x77 / 255.0f;
  CHECK_THAT(contrast_ratio({g, g, g}, {1, 1, 1}), Catch::Matchers::WithinAbs(4.48, 0.01));
}

TEST_CASE("contrast: the theme's text colours meet WCAG AA on its backgrounds", "[theme]") {
  const struct { const char* name; Rgb c; } text[] = {
      {"text", kTheme.text},       {"text_disabled", kTheme.text_disabled}, {"muted", kTheme.muted},
      {"accent", kTheme.accent},   {"window_blue", kTheme.window_blue},     {"max_green", kTheme.max_green}};
  for (const auto& t : text) {
    INFO(t.name << " on window " << contrast_ratio(t.c, kTheme.window) << ", on frame " << contrast_ratio(t.c, kTheme.frame));
    CHECK(contrast_ratio(t.c, kTheme.window) >= 4.5);
    CHECK(contrast_ratio(t.c, kTheme.frame) >= 3.0);  // large/bold labels on frames
  }
  CHECK(contrast_ratio(kTheme.text, kTheme.button) >= 4.5);
  CHECK(contrast_ratio(kTheme.text, kTheme.button_hovered) >= 4.5);
  CHECK(contrast_ratio(kTheme.text, kTheme.frame) >= 4.5);
  CHECK(contrast_ratio(kTheme.text, kTheme.tab) >= 4.5);
}
