// The Demo tab's layout in a narrow box (an LMS iframe, a 360 px phone): pure arithmetic,
// tested natively (tests/test_embed_layout.cpp). Wide boxes keep App::show_demo's row of
// columns; below kNarrowWidth the screen reflows to
//   [1. pad | 3. prediction (digit + bars)]
//   [2. what the network sees + detail]
//   [4. pipeline]
#pragma once
#include <functional>
#include <vector>

#include "app/demo/pipeline_layout.h"

namespace app {

// Content widths (ImGui pixels, window padding excluded) below which the narrow layout is used.
constexpr float kNarrowWidth = 760.0f;
// The narrow layout's prediction column is at least this wide: a digit's label, a 35 px bar and
// "100.0%" (app/demo/softmax_view.cpp); the pad takes the rest of the row.
constexpr float kNarrowBarsMin = 112.0f;

struct NarrowDemoLayout {
  float pad_size = 0;    // the square drawing pad
  float gap = 0;         // between the pad and the prediction column
  float bars_w = 0;      // the ten softmax bars with their labels and percentages
  float bar_row_h = 0;   // one bar's row
  int bar_columns = 1;   // 2 (0-4 | 5-9) where ten rows would stand taller than the pad and the width
                         // allows (a 480×360 LMS frame cut off the bars of 8 and 9)
  float seen_size = 0;   // the 28×28 image the network sees (a multiple of 28)
};

bool use_narrow_layout(float avail_w);
// `avail_w`, `avail_h`: the content region under the top bar. Never returns a negative or
// zero size; the pad and the bars always fit side by side in `avail_w` (>= 300 px).
NarrowDemoLayout narrow_demo_layout(float avail_w, float avail_h);

// --- The Train tab: [controls | progress | try it], fewer columns where they do not fit ------
// 3 columns from kTrainThreeColumns px; 2 (the try-it pad under the progress) from
// kTrainTwoColumns (an 800×500 LMS frame); below that (a phone) one column: controls, progress,
// try it, one under the other.
constexpr float kTrainControlsW = 360, kTrainGap = 24, kTrainProgressMin = 300, kTrainProgressMax = 560;
constexpr float kTrainTryMin = 220;  // the pad (140 px at least) or the digit and bars beside it
constexpr float kTrainTwoColumns = kTrainControlsW + kTrainGap + kTrainProgressMin;
constexpr float kTrainThreeColumns = kTrainTwoColumns + kTrainGap + kTrainTryMin;

struct TrainTabLayout {
  int columns = 1;
  float controls_w = 0;  // 1 column: the whole width
  float progress_w = 0;  // 2 columns: the rest of the width (the try-it pad under it); 1: the whole width
  float try_w = 0;       // the try-it column: beside (3), under the progress (2), at the bottom (1)
};
// `avail_w`: the content region's width; sizes are never negative or zero.
TrainTabLayout train_tab_layout(float avail_w);

// --- Rows: [pad | what the network sees | prediction] over the pipeline ----------------------
// Used whenever that row fits the width (an 800×500 or 700×600 LMS frame included); the pad is
// as large as leaves the pipeline, below it, maps of a readable size with every stage inside the
// box. For each size of map cell in kRowsCellTargets in turn, the largest pad (from pad_max down
// by pad_step) whose row fits `avail_w` and whose strip fits what is left of `avail_h` with
// cells of at least that size; a box too small for any of them gets pad_min, and the page
// scrolls (never sideways).
inline constexpr float kRowsCellTargets[] = {16, 13, 11, 9};
struct RowsPlan {
  float pad = 0;       // the pad's size
  float strip_h = 0;   // the height left for the pipeline's strip
  float cell = 0;      // its map cells
  bool fits = false;   // everything inside avail_w × avail_h
};
struct RowsRequest {
  float avail_w = 0, avail_h = 0;
  float pad_min = 120, pad_max = 420, pad_step = 4;
  // For a pad of `pad` pixels: the row's width and everything's height above the strip.
  std::function<float(float pad)> row_width, height_above;
  // The strip within width × height (PipelineView::layout).
  std::function<PipelineLayout(float width, float height)> strip;
};
RowsPlan plan_rows(const RowsRequest& r);
// Whether the row fits at all (its smallest pad within avail_w); else the narrow layout.
bool rows_fit(const RowsRequest& r);
// The box height a host should give the demo at this width (docs/embedding.md, 'resize'): the
// least height at which plan_rows gives a pad of at least min(pad_good, the widest the row
// allows) and map cells of kRowsCellTargets[0], with everything inside. It depends on the width
// only, so a host that sets the frame to it gets the same answer again (no feedback growth).
float rows_preferred_height(RowsRequest r, float pad_good, float max_h);

}  // namespace app
