#include "app/embed/layout.h"

#include <algorithm>
#include <cmath>

#include "app/demo/prediction.h"

namespace app {

bool use_narrow_layout(float avail_w) { return avail_w < kNarrowWidth; }

NarrowDemoLayout narrow_demo_layout(float avail_w, float avail_h) {
  NarrowDemoLayout l;
  const float w = std::max(avail_w, 300.0f);
  const float h = std::max(avail_h, 300.0f);
  l.gap = std::clamp(w * 0.03f, 8.0f, 20.0f);
  // The bars need ~140 px (label, bar, "100.0%"); the pad takes the rest, up to ~45% of the
  // height so the buttons, the hint and the start of the pipeline stay in view.
  const float bars_min = 140.0f;
  l.pad_size = std::floor(std::clamp(std::min(w - bars_min - l.gap, h * 0.45f), 140.0f, 420.0f));
  l.bars_w = std::floor(std::min(w - l.pad_size - l.gap, 320.0f));
  l.bar_row_h = std::clamp(l.pad_size / 12.0f, 18.0f, 30.0f);
  l.seen_size = std::max(112.0f, std::floor(std::min(w * 0.4f, l.pad_size * 0.6f) / kInputSide) * kInputSide);
  return l;
}

}  // namespace app
