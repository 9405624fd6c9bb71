// The Demo tab's layout in a narrow box (an LMS iframe, a 360 px phone): pure arithmetic,
// tested natively (tests/test_embed_layout.cpp). Wide boxes keep App::show_demo's row of
// columns; below kNarrowWidth the screen reflows to
//   [1. pad | 3. prediction (digit + bars)]
//   [2. what the network sees + detail]
//   [4. pipeline]
#pragma once

namespace app {

// Content widths (ImGui pixels, window padding excluded) below which the narrow layout is used.
constexpr float kNarrowWidth = 760.0f;

struct NarrowDemoLayout {
  float pad_size = 0;    // the square drawing pad
  float gap = 0;         // between the pad and the prediction column
  float bars_w = 0;      // the ten softmax bars with their labels and percentages
  float bar_row_h = 0;   // one bar's row
  float seen_size = 0;   // the 28×28 image the network sees (a multiple of 28)
};

bool use_narrow_layout(float avail_w);
// `avail_w`, `avail_h`: the content region under the top bar. Never returns a negative or
// zero size; the pad and the bars always fit side by side in `avail_w` (>= 300 px).
NarrowDemoLayout narrow_demo_layout(float avail_w, float avail_h);

}  // namespace app
