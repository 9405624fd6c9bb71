// Accessibility arithmetic for the embedded demo: WCAG 2 contrast ratios of the UI's colours
// (tests/test_embed_layout.cpp checks the theme against AA: 4.5 for text, 3 for large text).
#pragma once

namespace app {

struct Rgb {
  float r, g, b;  // 0..1, sRGB
};

// WCAG 2 relative luminance of an sRGB colour.
double relative_luminance(Rgb c);
// (L_lighter + 0.05) / (L_darker + 0.05): 1 (same colour) .. 21 (black on white).
double contrast_ratio(Rgb a, Rgb b);

}  // namespace app
