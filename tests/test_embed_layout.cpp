// The embedded demo's pure logic: the narrow (iframe / phone) layout of the Demo tab
// (src/app/embed/layout.*).
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>

#include <iterator>

#include "app/demo/softmax_view.h"
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
      CHECK(l.bars_w >= kNarrowBarsMin);
      CHECK(l.pad_size + l.gap + l.bars_w <= w + 0.5f);
      CHECK(l.pad_size <= h * 0.45f + 140);
      CHECK(static_cast<int>(l.seen_size) % 28 == 0);
      CHECK(l.bar_row_h >= 18);
    }
}

TEST_CASE("narrow layout: 320 px of content (a 340 px phone)", "[embed]") {
  const NarrowDemoLayout l = narrow_demo_layout(320, 560);
  CHECK(l.pad_size == 198);  // floor(320 - 112 for the bars - 9.6 gap): the width decides
  CHECK(l.bars_w >= kNarrowBarsMin);
}

TEST_CASE("narrow layout: in a low frame the bars take two columns where the width allows", "[embed]") {
  // A 480×360 LMS frame (about 460×250 under the top bar): ten rows stood taller than the pad
  // and the frame cut off 8 and 9; five rows stand beside it.
  const NarrowDemoLayout low = narrow_demo_layout(460, 250);
  CHECK(low.bar_columns == 2);
  CHECK(5 * low.bar_row_h <= low.pad_size);
  CHECK(low.bars_w >= 2 * kNarrowBarsMin + kBarColumnGap);
  // A low frame without the width for two columns beside the pad (bars 189 px wide): one.
  const NarrowDemoLayout narrow = narrow_demo_layout(340, 300);
  CHECK(10 * narrow.bar_row_h > narrow.pad_size);
  CHECK(narrow.bars_w < 2 * kNarrowBarsMin + kBarColumnGap);
  CHECK(narrow.bar_columns == 1);
  // A phone: its ten rows stand no taller than the pad, one column.
  const NarrowDemoLayout phone = narrow_demo_layout(320, 560);
  CHECK(phone.bar_columns == 1);
  // Tall enough for ten rows beside the pad: one column.
  const NarrowDemoLayout tall = narrow_demo_layout(700, 900);
  CHECK(10 * tall.bar_row_h <= tall.pad_size);
  CHECK(tall.bar_columns == 1);
}

TEST_CASE("narrow layout: nonsense sizes give a usable layout", "[embed]") {
  for (float w : {0.0f, -5.0f, 1e-3f}) {
    const NarrowDemoLayout l = narrow_demo_layout(w, w);
    CHECK(l.pad_size > 0);
    CHECK(l.bars_w > 0);
    CHECK(l.seen_size > 0);
  }
}

// --- Rows: the pad as large as leaves every stage of the pipeline inside the box ------------

#include <memory>

#include "cnn/architecture.h"

namespace {

// A row like the Demo tab's: width and height grow with the pad (headings, buttons, bars, the
// pipeline's title lines), and the real strip of `arch` (headers ~70 px wide, as the app's are).
RowsRequest request_for(const std::string& arch, float w, float h, std::shared_ptr<cnn::Network>& keep) {
  keep = std::shared_ptr<cnn::Network>(cnn::make_network(arch, {1, 28, 28}).release());
  std::vector<StageSpec> specs = pipeline_stages(*keep);
  for (auto& s : specs) s.min_w = 70;
  RowsRequest r;
  r.avail_w = w, r.avail_h = h;
  r.row_width = [](float pad) { return pad + 160 + 160 + 230; };
  r.height_above = [](float pad) { return 28 + std::max(pad, 100.0f) + 8 + 87; };
  PipelineMetrics m;
  m.header_h = 42;
  r.strip = [specs, m](float sw, float sh) { return layout_pipeline(specs, sw, sh, m); };
  return r;
}

}  // namespace

TEST_CASE("rows: in an 800x500 frame the two-stage pipeline fits under a smaller pad", "[embed]") {
  std::shared_ptr<cnn::Network> net;
  const RowsRequest r = request_for("two-stage", 780, 440, net);
  const RowsPlan p = plan_rows(r);
  CHECK(p.fits);
  CHECK(p.pad >= r.pad_min);
  CHECK(p.pad < 200);  // smaller than the 1280x800 frame's
  const PipelineLayout l = r.strip(r.avail_w, p.strip_h);
  CHECK(l.fits);
  CHECK(l.height <= p.strip_h + 0.5f);
  CHECK(l.cell >= kRowsCellTargets[3]);
  for (const StageBox& b : l.boxes) CHECK(b.rect.x + b.rect.w <= 780 + 1e-3f);
  CHECK(l.boxes.back().rect.y + l.boxes.back().rect.h <= p.strip_h + 0.5f);  // Softmax inside
  CHECK(r.height_above(p.pad) + l.height <= 440 + 0.5f);
}

TEST_CASE("rows: a taller frame gives a pad at least as large; a frame too small scrolls", "[embed]") {
  std::shared_ptr<cnn::Network> net;
  float last = 0;
  for (float h : {440.0f, 560.0f, 700.0f, 900.0f}) {
    const RowsPlan p = plan_rows(request_for("two-stage", 1000, h, net));
    INFO("h = " << h);
    CHECK(p.fits);
    CHECK(p.pad >= last);
    last = p.pad;
  }
  const RowsRequest small = request_for("two-stage", 780, 250, net);
  const RowsPlan tiny = plan_rows(small);
  CHECK_FALSE(tiny.fits);
  CHECK(tiny.pad == small.pad_min);  // the page scrolls down to the rest
}

TEST_CASE("rows: a frame too small for readable maps scrolls to them; it never squeezes them under the last target", "[embed]") {
  std::shared_ptr<cnn::Network> net;
  int scrolled = 0;
  for (const char* arch : {"simple", "two-stage"})
    for (float w : {620.0f, 700.0f})
      for (float h = 250; h <= 700; h += 10) {
        const RowsRequest r = request_for(arch, w, h, net);
        const RowsPlan p = plan_rows(r);
        INFO(arch << " " << w << "x" << h << ": cell " << p.cell << ", strip " << p.strip_h);
        CHECK(p.cell >= kRowsCellTargets[std::size(kRowsCellTargets) - 1]);
        if (!p.fits) {
          ++scrolled;
          const PipelineLayout l = r.strip(r.avail_w, p.strip_h);
          CHECK(l.cell == p.cell);
          for (const StageBox& b : l.boxes) CHECK(b.rect.x + b.rect.w <= w + 1e-3f);  // down, never sideways
        }
      }
  CHECK(scrolled > 0);  // the sizes include frames too small
}

TEST_CASE("rows: the preferred height depends on the width only, and fits at that height", "[embed]") {
  std::shared_ptr<cnn::Network> net;
  for (float w : {700.0f, 780.0f, 1000.0f, 1260.0f}) {
    INFO("w = " << w);
    const float a = rows_preferred_height(request_for("two-stage", w, 300, net), 300, 2400);
    const float b = rows_preferred_height(request_for("two-stage", w, 1500, net), 300, 2400);
    CHECK(a == b);  // the frame's present height does not enter
    const RowsPlan p = plan_rows(request_for("two-stage", w, a, net));
    CHECK(p.fits);
    CHECK(p.cell >= kRowsCellTargets[0]);
    const RowsPlan again = plan_rows(request_for("two-stage", w, a, net));  // a host that follows it: the same
    CHECK(again.pad == p.pad);
  }
}

TEST_CASE("rows: a row wider than the box is not used (the narrow layout is)", "[embed]") {
  std::shared_ptr<cnn::Network> net;
  CHECK(rows_fit(request_for("simple", 780, 440, net)));
  CHECK_FALSE(rows_fit(request_for("simple", 340, 640, net)));
}

// --- The Train tab ------------------------------------------------------------------------

TEST_CASE("Train tab: three columns, two (try it under the progress), or one on a phone", "[embed]") {
  CHECK(train_tab_layout(1280).columns == 3);
  CHECK(train_tab_layout(780).columns == 2);  // an 800×500 LMS frame
  CHECK(train_tab_layout(340).columns == 1);  // a 360 px phone
  for (float w = 200; w <= 2000; w += 7) {
    const TrainTabLayout l = train_tab_layout(w);
    INFO("w=" << w << " columns=" << l.columns);
    CHECK(l.controls_w > 0);
    CHECK(l.progress_w > 0);
    CHECK(l.try_w > 0);
    if (w < kTrainTryMin) continue;
    switch (l.columns) {
      case 3:  // side by side, nothing past the right edge, each column at its minimum or more
        CHECK(l.controls_w + l.progress_w + l.try_w + 2 * kTrainGap <= w + 0.5f);
        CHECK(l.progress_w >= kTrainProgressMin);
        CHECK(l.progress_w <= kTrainProgressMax);
        CHECK(l.try_w >= kTrainTryMin);
        break;
      case 2:
        CHECK(l.controls_w + kTrainGap + l.progress_w <= w + 0.5f);
        CHECK(l.progress_w >= kTrainProgressMin);
        CHECK(l.try_w == l.progress_w);
        break;
      default:
        CHECK(l.columns == 1);
        CHECK(w < kTrainTwoColumns);
        CHECK(l.controls_w <= w);
    }
  }
}
