// The pipeline view's arithmetic, kept apart from its drawing so that it is natively tested
// (tests/test_demo_layout.cpp): how a stage's values are laid out as an image, and where every
// stage of the strip goes. Every size comes from the network's shapes; nothing here knows how
// many layers or units a model has.
#pragma once
#include <vector>

#include "cnn/network.h"

namespace app {

// A rectangle on screen (pixels): x, y of its top-left corner, width and height.
struct ScreenRect {
  float x = 0, y = 0, w = 0, h = 0;
};

// A vector of n values (an Affine layer's output) drawn as a tile of cols × rows cells, row by
// row, as square as it gets (cols = ⌈√n⌉); cells past n are blank. 100 → 10×10, 50 → 8×7.
struct VectorTile {
  int cols = 0, rows = 0;
};
VectorTile vector_tile(int n);

// Whether a vector stage is drawn as a tile (hidden units) or as a labelled column (one row per
// class: the network's output, `classes` values).
inline bool draw_as_tile(int n, int classes) { return n > classes; }

// --- The strip: Input → every layer → Softmax, on one row or wrapped onto several -------------
enum class StageKind {
  Input,    // the 28×28 image, a square
  Maps,     // (C, H, W) feature maps: C square cells in a grid of `columns` columns
  Tile,     // hidden units as a vector_tile(n)
  Column,   // the output (one labelled value per class)
  Softmax,  // the probabilities as bars
};
struct StageSpec {
  StageKind kind = StageKind::Maps;
  int count = 1;         // Maps: channels; Tile: units
  float min_w = 0;       // the stage's header (name and shape) is this wide
};
// Input, one stage per layer of `net` (its output's shape says which kind), Softmax; min_w 0
// (the view sets the headers' widths).
std::vector<StageSpec> pipeline_stages(const cnn::Network& net);

struct PipelineMetrics {
  float header_h = 36;   // name + shape lines above every stage's body
  float arrow_w = 24;    // the arrow between two stages, with its spacing
  float gap = 3;         // between the cells of a map grid
  float row_gap = 10;    // between two rows when the strip wraps
  float min_cell = 8, max_cell = 56;  // a map cell's size range (pixels)
  float comfort_cell = 16;  // wrap onto another row rather than draw maps smaller than this
  float min_body = 110;  // when nothing fits the height given: a row's body is at least this tall
  float column_w = 70, softmax_w = 110;  // the output column and the softmax bars, one column of labels
  float label_row = 16;  // the least height of one labelled value (class) in those two stages
};
struct StageBox {
  ScreenRect rect;     // the whole stage (header included), relative to the strip's origin
  int row = 0;
  int columns = 1;     // Maps: the grid's columns (rows = ⌈count / columns⌉); Column, Softmax:
                       // 1, or 2 side by side (classes 0-4 | 5-9) when one would be too tall, or
                       // one per class (a single row of them) in a still lower row
  float cell = 0;      // Maps: a cell's size; Tile: a unit's size; Input: the image's size;
                       // Column, Softmax: one class's row
};
struct PipelineLayout {
  std::vector<StageBox> boxes;  // one per StageSpec, in order
  int rows = 0;
  float cell = 0;               // the map cell size chosen
  float body_h = 0;             // the body height the rows were planned for
  std::vector<float> row_body;  // each row's body height (its tallest stage, header excluded)
  float width = 0, height = 0;  // the strip's extent
  bool fits = false;            // height <= the height asked for
};
// Lays `stages` out within `width` pixels (never wider, so nothing is cut off at the right edge)
// and, whenever it can, within `height` pixels (fits): one row with cells as large as fit, or,
// when the maps would be drawn smaller than comfort_cell, as many rows as make them largest.
// Each row is as tall as its tallest stage. When no layout with cells of at least min_cell fits
// the height, rows get bodies of at least min_body and the strip is taller than `height` (the
// page scrolls down, never sideways). A map stage wider than `width` on its own gets fewer
// columns and more rows.
PipelineLayout layout_pipeline(const std::vector<StageSpec>& stages, float width, float height,
                               const PipelineMetrics& m = {});

// The unit (y, x) of an h×w map drawn in a size×size cell at (0, 0) under the point (px, py),
// clamped to the map.
struct MapUnit {
  int y = 0, x = 0;
};
MapUnit unit_at(float px, float py, float size, int h, int w);

}  // namespace app
