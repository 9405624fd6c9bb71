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
