// The demo's colours and spacing, as data: the ImGui style (ui/style.cpp), the views and the
// contrast test (tests/test_theme.cpp) all read this one table, so a change here is what the
// student sees and what the WCAG check measures. No ImGui here (the test is native).
#pragma once

namespace app {

struct Rgb {
  float r, g, b;  // 0..1, sRGB
};

struct Theme {
  // Backgrounds.
  Rgb window{0.075f, 0.082f, 0.10f};   // the page and every window (main.cpp clears with it)
  Rgb frame{0.16f, 0.17f, 0.21f};      // input fields, child frames
  Rgb border{0.25f, 0.27f, 0.32f};
  Rgb separator{0.22f, 0.24f, 0.29f};
  Rgb tab{0.14f, 0.15f, 0.19f};
  Rgb button{0.20f, 0.33f, 0.55f};     // also the active tab
  Rgb button_hovered{0.26f, 0.42f, 0.68f};
  // Text.
  Rgb text{0.92f, 0.93f, 0.95f};
  Rgb text_disabled{0.55f, 0.58f, 0.63f};
  Rgb muted{0.62f, 0.65f, 0.70f};      // captions, secondary numbers
  // Meaning.
  Rgb accent{0.98f, 0.62f, 0.22f};     // orange: the predicted class, an output cell, a pressed button
  Rgb window_blue{0.35f, 0.62f, 1.0f}; // the lecture's blue sliding window
  Rgb max_green{0.35f, 0.85f, 0.45f};  // the maximum a pooling window picks
  Rgb bar{0.35f, 0.55f, 0.85f};        // a probability bar that is not the answer
  Rgb outline{0.78f, 0.78f, 0.82f};    // a stage's outline in the pipeline (unselected)
  // Spacing (pixels).
  float window_padding_x = 20, window_padding_y = 14;
  float frame_padding_x = 12, frame_padding_y = 6;
  float item_spacing_x = 10, item_spacing_y = 8;
  float rounding = 6;
};

// The theme the demo is drawn with.
inline constexpr Theme kTheme{};

// WCAG 2 relative luminance of an sRGB colour.
double relative_luminance(Rgb c);
// (L_lighter + 0.05) / (L_darker + 0.05): 1 (same colour) .. 21 (black on white).
double contrast_ratio(Rgb a, Rgb b);

}  // namespace app
