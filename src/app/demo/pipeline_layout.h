// The pipeline view's arithmetic, kept apart from its drawing so that it is natively tested
// (tests/test_demo_layout.cpp): how a stage's values are laid out as an image. Every size comes
// from the network's shapes; nothing here knows how many layers or units a model has.
#pragma once

namespace app {

// A vector of n values (an Affine layer's output) drawn as a tile of cols × rows cells, row by
// row, as square as it gets (cols = ⌈√n⌉); cells past n are blank. 100 → 10×10, 50 → 8×7.
struct VectorTile {
  int cols = 0, rows = 0;
};
VectorTile vector_tile(int n);

// Whether a vector stage is drawn as a tile (hidden units) or as a labelled column (one row per
// class: the network's output, `classes` values).
inline bool draw_as_tile(int n, int classes) { return n > classes; }

}  // namespace app
