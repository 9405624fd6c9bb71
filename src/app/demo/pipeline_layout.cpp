#include "app/demo/pipeline_layout.h"

#include <algorithm>
#include <cmath>

namespace app {

VectorTile vector_tile(int n) {
  if (n <= 0) return {};
  int cols = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(n))));
  while (cols * cols < n) ++cols;           // guard against rounding of sqrt
  while ((cols - 1) * (cols - 1) >= n) --cols;
  return {cols, (n + cols - 1) / cols};
}

std::vector<StageSpec> pipeline_stages(const cnn::Network& net) {
  const int classes = static_cast<int>(net.output_shape().back());
  std::vector<StageSpec> specs{{StageKind::Input, 1, 0}};
  for (std::size_t i = 0; i < net.size(); ++i) {
    const std::vector<int> shape = net.layer_output_shape(i);
    const StageKind kind = shape.size() == 3 ? StageKind::Maps
                           : draw_as_tile(shape[0], classes) ? StageKind::Tile : StageKind::Column;
    specs.push_back({kind, shape[0], 0});
  }
  specs.push_back({StageKind::Softmax, classes, 0});
  return specs;
}

namespace {

// One stage's box (size only) for map cells of `cell` pixels and bodies `body_h` tall.
StageBox stage_box(const StageSpec& s, float cell, float body_h, float width, const PipelineMetrics& m) {
  StageBox b;
  float w = 0, h = body_h;
  switch (s.kind) {
    case StageKind::Input:
      b.cell = std::floor(std::min(body_h, cell * 3.5f));
      w = b.cell;
      break;
    case StageKind::Maps: {
      const int count = std::max(1, s.count);
      const int fit_rows = std::max(1, static_cast<int>((body_h + m.gap) / (cell + m.gap)));
      const int fit_cols = std::max(1, static_cast<int>((width + m.gap) / (cell + m.gap)));
      b.columns = std::min((count + fit_rows - 1) / fit_rows, fit_cols);
      b.cell = cell;
      const int rows = (count + b.columns - 1) / b.columns;
      w = b.columns * (cell + m.gap) - m.gap;
      h = std::max(body_h, rows * (cell + m.gap) - m.gap);
      break;
    }
    case StageKind::Tile: {
      const VectorTile t = vector_tile(std::max(1, s.count));
      b.cell = std::max(2.0f, std::floor(std::min(cell * 2.5f, body_h) / t.cols));
      w = b.cell * t.cols;
      h = std::max(body_h, b.cell * t.rows);
      break;
    }
    case StageKind::Column: w = m.column_w; break;
    case StageKind::Softmax: w = m.softmax_w; break;
  }
  b.rect.w = std::min(width, std::max(w, s.min_w));
  b.rect.h = m.header_h + h;
  return b;
}

// Packs the stages left to right, starting a new row when the next one would pass `width`.
PipelineLayout pack(const std::vector<StageSpec>& stages, float cell, float body_h, float width,
                    const PipelineMetrics& m) {
  PipelineLayout l;
  l.cell = cell;
  l.body_h = body_h;
  float x = 0, y = 0, row_h = 0;
  int row = 0;
  for (std::size_t i = 0; i < stages.size(); ++i) {
    StageBox b = stage_box(stages[i], cell, body_h, width, m);
    const float lead = i == 0 ? 0 : m.arrow_w;  // a row after the first starts with an arrow too
    if (i > 0 && x > 0 && x + lead + b.rect.w > width) {
      y += row_h + m.row_gap;
      x = 0, row_h = 0;
      ++row;
    }
    const float arrow = i == 0 ? 0 : std::min(lead, std::max(0.0f, width - b.rect.w - x));
    b.rect.x = x + arrow;
    b.rect.y = y;
    b.row = row;
    x = b.rect.x + b.rect.w;
    row_h = std::max(row_h, b.rect.h);
    l.width = std::max(l.width, x);
    l.boxes.push_back(b);
  }
  l.rows = stages.empty() ? 0 : row + 1;
  l.height = y + row_h;
  return l;
}

}  // namespace

PipelineLayout layout_pipeline(const std::vector<StageSpec>& stages, float width, float height,
                               const PipelineMetrics& m) {
  PipelineLayout best;
  bool have = false;
  const int max_rows = std::max<int>(1, static_cast<int>(stages.size()));
  for (int rows = 1; rows <= max_rows; ++rows) {
    const float body_h = std::max(m.min_body, (height - (rows - 1) * m.row_gap) / rows - m.header_h);
    // The largest cell whose packing needs no more than `rows` rows.
    for (float cell = m.max_cell; cell >= m.min_cell; cell -= 1) {
      PipelineLayout l = pack(stages, cell, body_h, width, m);
      if (l.rows > rows && cell > m.min_cell) continue;
      if (!have || l.cell > best.cell) best = l, have = true;
      break;
    }
    if (have && best.cell >= m.comfort_cell) break;  // as few rows as give comfortable maps
  }
  return best;
}

MapUnit unit_at(float px, float py, float size, int h, int w) {
  if (size <= 0 || h <= 0 || w <= 0) return {};
  return {std::clamp(static_cast<int>(std::floor(py / size * h)), 0, h - 1),
          std::clamp(static_cast<int>(std::floor(px / size * w)), 0, w - 1)};
}

}  // namespace app
