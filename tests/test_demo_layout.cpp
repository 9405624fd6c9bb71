// The pipeline view's arithmetic (src/app/demo/pipeline_layout.*): a stage's layout comes
// from the network's shapes, whatever the model (SimpleConvNet with 100 or 50 hidden units).
#include <catch2/catch_test_macros.hpp>

#include "app/demo/pipeline_layout.h"

using app::vector_tile;

TEST_CASE("pipeline: hidden units as a square-ish tile that holds them all", "[demo]") {
  CHECK(vector_tile(100).cols == 10);
  CHECK(vector_tile(100).rows == 10);
  CHECK(vector_tile(50).cols == 8);
  CHECK(vector_tile(50).rows == 7);
  CHECK(vector_tile(1).cols == 1);
  CHECK(vector_tile(0).cols == 0);
  for (int n = 1; n <= 2000; ++n) {
    const auto t = vector_tile(n);
    INFO("n = " << n);
    REQUIRE(t.cols * t.rows >= n);            // every unit has a cell
    REQUIRE(t.cols * (t.rows - 1) < n);       // no empty last row
    REQUIRE(t.cols - t.rows <= 1);            // as square as it gets
    REQUIRE(t.rows <= t.cols);
  }
}

TEST_CASE("pipeline: the output layer is a labelled column, hidden layers tiles", "[demo]") {
  CHECK_FALSE(app::draw_as_tile(10, 10));
  CHECK(app::draw_as_tile(100, 10));
  CHECK(app::draw_as_tile(50, 10));
}

// --- The strip: every stage of whichever model, never past the right edge -------------------

#include <string>

#include "app/demo/model.h"
#include "cnn/architecture.h"

namespace {

std::vector<app::StageSpec> stages_of(const std::string& arch, float header_w) {
  auto net = cnn::make_network(arch, {1, 28, 28});
  std::vector<app::StageSpec> specs = app::pipeline_stages(*net);
  for (auto& s : specs) s.min_w = header_w;  // about what "Conv2 (logits)" / "32x14x14" take
  return specs;
}

// Boxes in order, within [0, width], not overlapping, the rows top to bottom.
void check_layout(const app::PipelineLayout& l, std::size_t stages, float width) {
  REQUIRE(l.boxes.size() == stages);
  CHECK(l.width <= width);
  for (std::size_t i = 0; i < l.boxes.size(); ++i) {
    const app::StageBox& b = l.boxes[i];
    INFO("stage " << i << " at x " << b.rect.x << " w " << b.rect.w << " row " << b.row);
    CHECK(b.rect.x >= 0);
    CHECK(b.rect.x + b.rect.w <= width + 1e-3f);
    CHECK(b.rect.w > 0);
    if (i > 0) {
      const app::StageBox& p = l.boxes[i - 1];
      CHECK(b.row >= p.row);
      if (b.row == p.row) CHECK(b.rect.x >= p.rect.x + p.rect.w);  // left to right, an arrow between
      else CHECK(b.rect.y >= p.rect.y + p.rect.h);                  // a new row under the last
    }
  }
}

}  // namespace

TEST_CASE("pipeline strip: the stages of a model, one per layer plus input and softmax", "[demo]") {
  const auto specs = stages_of("two-stage", 0);
  REQUIRE(specs.size() == 11);  // Input, conv1 relu1 pool1 conv2 relu2 pool2 affine1 relu3 affine2, Softmax
  CHECK(specs[0].kind == app::StageKind::Input);
  CHECK(specs[1].kind == app::StageKind::Maps);
  CHECK(specs[1].count == 16);
  CHECK(specs[4].count == 32);
  CHECK(specs[6].count == 32);
  CHECK(specs[7].kind == app::StageKind::Tile);
  CHECK(specs[7].count == 100);
  CHECK(specs[9].kind == app::StageKind::Column);
  CHECK(specs[10].kind == app::StageKind::Softmax);
}

TEST_CASE("pipeline strip: both models fit one row of a 1280×800 window", "[demo]") {
  // The Demo tab at 1280×800 leaves the strip about 1260 px by 250 px (demo_tab.cpp).
  for (const char* arch : {"simple", "two-stage"}) {
    INFO(arch);
    const auto specs = stages_of(arch, 64);
    const app::PipelineLayout l = app::layout_pipeline(specs, 1260, 250);
    check_layout(l, specs.size(), 1260);
    CHECK(l.rows == 1);
    CHECK(l.cell >= app::PipelineMetrics{}.comfort_cell);
  }
}

TEST_CASE("pipeline strip: in an 800×500 frame every stage is shown, wrapped, none cut off", "[demo]") {
  const auto specs = stages_of("two-stage", 64);
  for (float width : {780.0f, 600.0f, 440.0f, 340.0f}) {
    INFO("width " << width);
    const app::PipelineLayout l = app::layout_pipeline(specs, width, 170);
    check_layout(l, specs.size(), width);
    CHECK(l.cell >= app::PipelineMetrics{}.min_cell);
  }
  // At 780 × 170 px every stage still fits the height, with smaller maps; given twice the height,
  // the two-stage strip wraps onto rows of comfortable maps, as it does not fit one row of them.
  const app::PipelineLayout l = app::layout_pipeline(specs, 780, 170);
  CHECK(l.fits);
  CHECK(l.height <= 170.5f);
  const app::PipelineLayout tall = app::layout_pipeline(specs, 780, 340);
  CHECK(tall.fits);
  CHECK(tall.rows >= 2);
  CHECK(tall.cell >= app::PipelineMetrics{}.comfort_cell);
}

TEST_CASE("pipeline strip: a map stage too wide on its own gets fewer columns", "[demo]") {
  std::vector<app::StageSpec> specs{{app::StageKind::Maps, 256, 0}};
  app::PipelineMetrics m;
  const app::PipelineLayout l = app::layout_pipeline(specs, 120, 100, m);
  check_layout(l, 1, 120);
  const app::StageBox& b = l.boxes[0];
  CHECK(b.columns * (b.cell + m.gap) - m.gap <= 120);
  const int rows = (256 + b.columns - 1) / b.columns;
  CHECK(b.rect.h >= m.header_h + rows * (b.cell + m.gap) - m.gap);  // taller, not wider
}

TEST_CASE("pipeline: the unit under the pointer in a map cell", "[demo]") {
  CHECK(app::unit_at(0, 0, 28, 14, 14).y == 0);
  CHECK(app::unit_at(27.9f, 27.9f, 28, 14, 14).x == 13);
  CHECK(app::unit_at(14.5f, 3, 28, 14, 14).x == 7);
  CHECK(app::unit_at(14.5f, 3, 28, 14, 14).y == 1);
  CHECK(app::unit_at(-5, 100, 28, 7, 7).x == 0);   // clamped
  CHECK(app::unit_at(-5, 100, 28, 7, 7).y == 6);
}

TEST_CASE("model switch: names looked up, listed in words", "[demo]") {
  const uint8_t none[1] = {0};
  const app::ShippedModel models[] = {{"simple", none, 1}, {"two-stage", none, 1}};
  CHECK(app::find_model(models, 2, "simple") == 0);
  CHECK(app::find_model(models, 2, "two-stage") == 1);
  CHECK(app::find_model(models, 2, "nonsense") == -1);
  CHECK(app::find_model(models, 2, "") == -1);
  CHECK(app::model_names(models, 2) == "simple or two-stage");
  CHECK(app::model_names(models, 1) == "simple");
  // The switch's names are the architectures' names (cnn/architecture.h).
  for (const auto& m : models) CHECK_NOTHROW(cnn::architecture_spec(m.name));
  CHECK(cnn::architecture_spec("two-stage") != "two-stage");
}

TEST_CASE("pipeline strip: a low row puts the output column and the softmax in two columns, then one row", "[demo]") {
  const auto specs = stages_of("two-stage", 64);
  app::PipelineMetrics m;
  for (float h : {400.0f, 250.0f, 170.0f, 130.0f}) {
    INFO("height " << h);
    const app::PipelineLayout l = app::layout_pipeline(specs, 780, h, m);
    check_layout(l, specs.size(), 780);
    const app::StageBox& soft = l.boxes.back();
    const float body = soft.rect.h - m.header_h;
    if (soft.columns == 1) CHECK(body >= 10 * m.label_row);
    else if (soft.columns == 2) CHECK(body >= 5 * m.label_row);
    else CHECK(soft.columns == 10);  // one row of upright bars
    CHECK(soft.cell >= m.label_row);  // a label's height each
    if (l.fits) CHECK(l.height <= h + 0.5f);
  }
}

TEST_CASE("pipeline strip: within the height asked for whenever cells of min_cell allow it", "[demo]") {
  const auto specs = stages_of("simple", 64);
  const app::PipelineLayout l = app::layout_pipeline(specs, 760, 190);
  CHECK(l.fits);
  CHECK(l.height <= 190.5f);
  REQUIRE(l.row_body.size() == static_cast<std::size_t>(l.rows));
  const app::PipelineLayout none = app::layout_pipeline(specs, 300, 60);  // no room: rows of min_body, scrolls
  CHECK_FALSE(none.fits);
  check_layout(none, specs.size(), 300);
}
