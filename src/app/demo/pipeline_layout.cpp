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

// One stage's box (size only) for map cells of `cell` pixels and bodies about `body_h` tall.
StageBox stage_box(const StageSpec& s, float cell, float body_h, float width, const PipelineMetrics& m) {
  StageBox b;
  float w = 0, h = 0;
  switch (s.kind) {
    case StageKind::Input:
      b.cell = std::floor(std::min(body_h, cell * 3.5f));
      w = h = b.cell;
      break;
    case StageKind::Maps: {
      const int count = std::max(1, s.count);
      const int fit_rows = std::max(1, static_cast<int>((body_h + m.gap) / (cell + m.gap)));
      const int fit_cols = std::max(1, static_cast<int>((width + m.gap) / (cell + m.gap)));
      b.columns = std::min((count + fit_rows - 1) / fit_rows, fit_cols);
      b.cell = cell;
      const int rows = (count + b.columns - 1) / b.columns;
      w = b.columns * (cell + m.gap) - m.gap;
      h = rows * (cell + m.gap) - m.gap;
      break;
    }
    case StageKind::Tile: {
      const VectorTile t = vector_tile(std::max(1, s.count));
      b.cell = std::max(2.0f, std::floor(std::min(cell * 2.5f, body_h) / t.cols));
      w = b.cell * t.cols;
      h = b.cell * t.rows;
      break;
    }
    case StageKind::Column:
    case StageKind::Softmax: {
      // One labelled row per class; two columns of them when one would not fit the body; in a
      // still lower body one row of classes (cells or upright bars, the labels under them).
      const int n = std::max(1, s.count);
      const float one = s.kind == StageKind::Column ? m.column_w : m.softmax_w;
      if (body_h >= ((n + 1) / 2) * m.label_row + 4) {
        b.columns = body_h >= n * m.label_row + 4 ? 1 : 2;
        const int per = (n + b.columns - 1) / b.columns;
        b.cell = std::clamp((body_h - 4) / per, m.label_row, 18.0f);
        w = b.columns == 1 ? one : 2 * (s.kind == StageKind::Column ? one + 6 : std::floor(one * 0.75f)) + m.arrow_w * 0.5f;
        h = per * b.cell + 4;
      } else {
        b.columns = n;
        b.cell = m.label_row;
        w = n * (b.cell + 1);
        h = (s.kind == StageKind::Column ? 1 : 2) * b.cell + m.label_row + 4;
      }
      break;
    }
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
      l.row_body.push_back(row_h - m.header_h);
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
  if (!stages.empty()) l.row_body.push_back(row_h - m.header_h);
  l.rows = stages.empty() ? 0 : row + 1;
  l.height = y + row_h;
  return l;
}

// The search of layout_pipeline for bodies of at least `min_body`: for 1, 2, … rows, the largest
// cell whose packing needs no more rows; with `need_fit`, only layouts within `height` count.
PipelineLayout search(const std::vector<StageSpec>& stages, float width, float height, float min_body,
                      bool need_fit, const PipelineMetrics& m) {
  PipelineLayout best;
  bool have = false;
  const int max_rows = std::max<int>(1, static_cast<int>(stages.size()));
  for (int rows = 1; rows <= max_rows; ++rows) {
    const float body_h = std::max(min_body, (height - (rows - 1) * m.row_gap) / rows - m.header_h);
    for (float cell = m.max_cell; cell >= m.min_cell; cell -= 1) {
      PipelineLayout l = pack(stages, cell, body_h, width, m);
      if (l.rows > rows && cell > m.min_cell) continue;
      l.fits = l.height <= height + 0.5f;
      if (need_fit && !(l.fits && l.rows <= rows)) continue;
      if (!have || l.cell > best.cell) best = l, have = true;
      break;
    }
    if (have && best.cell >= m.comfort_cell) break;  // as few rows as give comfortable maps
  }
  return best;
}

}  // namespace

PipelineLayout layout_pipeline(const std::vector<StageSpec>& stages, float width, float height,
                               const PipelineMetrics& m) {
  PipelineLayout l = search(stages, width, height, m.min_cell, /*need_fit=*/true, m);
  if (!l.boxes.empty() || stages.empty()) return l;
  return search(stages, width, height, m.min_body, /*need_fit=*/false, m);  // taller than asked: scrolls
}

MapUnit unit_at(float px, float py, float size, int h, int w) {
  if (size <= 0 || h <= 0 || w <= 0) return {};
  return {std::clamp(static_cast<int>(std::floor(py / size * h)), 0, h - 1),
          std::clamp(static_cast<int>(std::floor(px / size * w)), 0, w - 1)};
}

}  // namespace app
