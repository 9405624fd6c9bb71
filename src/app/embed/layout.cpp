#include "app/embed/layout.h"

#include <algorithm>
#include <cmath>
#include <iterator>

#include "app/demo/prediction.h"
#include "app/demo/softmax_view.h"

namespace app {

bool use_narrow_layout(float avail_w) { return avail_w < kNarrowWidth; }

NarrowDemoLayout narrow_demo_layout(float avail_w, float avail_h) {
  NarrowDemoLayout l;
  const float w = std::max(avail_w, 300.0f);
  const float h = std::max(avail_h, 300.0f);
  l.gap = std::clamp(w * 0.03f, 8.0f, 20.0f);
  // The bars need ~112 px (label, a 35 px bar, "100.0%"); the pad takes the rest (a finger on
  // a phone needs every pixel of it), up to ~45% of the height so the buttons, the hint and the
  // start of the pipeline stay in view.
  const float bars_min = kNarrowBarsMin;
  l.pad_size = std::floor(std::clamp(std::min(w - bars_min - l.gap, h * 0.45f), 140.0f, 420.0f));
  l.bars_w = std::floor(std::min(w - l.pad_size - l.gap, 320.0f));
  l.bar_row_h = std::clamp(l.pad_size / 12.0f, 18.0f, 30.0f);
  if (10 * l.bar_row_h > l.pad_size && l.bars_w >= 2 * kNarrowBarsMin + kBarColumnGap) l.bar_columns = 2;
  l.seen_size = std::max(112.0f, std::floor(std::min(w * 0.4f, l.pad_size * 0.6f) / kInputSide) * kInputSide);
  return l;
}

TrainTabLayout train_tab_layout(float avail_w) {
  TrainTabLayout l;
  const float w = std::max(avail_w, kTrainTryMin);
  if (w >= kTrainThreeColumns) {
    l.columns = 3;
    l.controls_w = kTrainControlsW;
    const float rest = w - kTrainControlsW - 2 * kTrainGap;
    l.progress_w = std::floor(std::clamp(std::min(rest * 0.55f, rest - kTrainTryMin), kTrainProgressMin, kTrainProgressMax));
    l.try_w = rest - l.progress_w;
  } else if (w >= kTrainTwoColumns) {
    l.columns = 2;
    l.controls_w = kTrainControlsW;
    l.progress_w = l.try_w = w - kTrainControlsW - kTrainGap;
  } else {
    l.controls_w = l.progress_w = l.try_w = w;
  }
  return l;
}

namespace {
bool fits_width(const RowsRequest& r, float pad) { return r.row_width(pad) <= r.avail_w + 0.5f; }
// The largest pad on the grid pad_min + k·pad_step (≤ pad_max) for which ok(pad) holds, given
// that ok holds for every pad below one that it holds for; pad_min - 1 when none does.
template <class Ok>
float largest(const RowsRequest& r, Ok ok) {
  int lo = -1, hi = static_cast<int>(std::floor((r.pad_max - r.pad_min) / r.pad_step));  // ok(lo) holds, or lo = -1
  if (hi < 0) return r.pad_min - 1;
  auto at = [&](int k) { return r.pad_min + k * r.pad_step; };
  if (ok(at(hi))) return at(hi);
  while (hi - lo > 1) {  // ok(at(lo)) (or lo = -1), !ok(at(hi))
    const int mid = (lo + hi) / 2;
    (ok(at(mid)) ? lo : hi) = mid;
  }
  return lo < 0 ? r.pad_min - 1 : at(lo);
}
}  // namespace

bool rows_fit(const RowsRequest& r) { return fits_width(r, r.pad_min); }

// A larger pad makes the row wider and leaves the strip less height (so smaller cells): each
// test below holds for every pad under one that passes it, and a binary search finds the largest.
RowsPlan plan_rows(const RowsRequest& r) {
  for (float target : kRowsCellTargets) {
    const float pad = largest(r, [&](float p) {
      if (!fits_width(r, p)) return false;
      const float h = r.avail_h - r.height_above(p);
      if (h <= 0) return false;
      const PipelineLayout l = r.strip(r.avail_w, h);
      if (!(l.fits && l.cell >= target)) return false;
      return true;
    });
    if (pad >= r.pad_min) {
      const float h = r.avail_h - r.height_above(pad);
      return {pad, h, r.strip(r.avail_w, h).cell, true};
    }
  }
  // Too small for any target: the smallest pad, and the strip in what is left; but where that
  // left its maps under the last target (8 px cells of 24×24 maps at 640×480, where the 80 px
  // lower 640×400 got 19 px ones, its strip not fitting at all), the strip as tall as readable
  // maps need (the page scrolls down, with its scroll bar).
  RowsPlan p;
  p.pad = r.pad_min;
  p.strip_h = std::max(0.0f, r.avail_h - r.height_above(p.pad));
  p.cell = r.strip(r.avail_w, p.strip_h).cell;
  if (p.cell < kRowsCellTargets[std::size(kRowsCellTargets) - 1]) {
    p.strip_h = 0;
    p.cell = r.strip(r.avail_w, 0).cell;
  }
  return p;
}

float rows_preferred_height(RowsRequest r, float pad_good, float max_h) {
  const float widest = std::max(r.pad_min, largest(r, [&](float p) { return fits_width(r, p); }));
  const float want_pad = std::min(pad_good, widest);
  auto good = [&](float h) {
    r.avail_h = h;
    const RowsPlan p = plan_rows(r);
    return p.fits && p.pad >= want_pad && p.cell >= kRowsCellTargets[0];
  };
  float lo = 200, hi = max_h;
  if (!good(hi)) return hi;
  while (hi - lo > 2) {  // the least good height, to 2 px
    const float mid = std::floor((lo + hi) / 2);
    (good(mid) ? hi : lo) = mid;
  }
  return std::ceil(hi);
}

}  // namespace app
