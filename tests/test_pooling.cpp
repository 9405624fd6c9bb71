// Max pooling on a hand-worked 4x4 example, forward and backward.
#include <catch2/catch_test_macros.hpp>
#include <cmath>

#include "cnn/layers.h"
#include "test_util.h"

using namespace cnn;
using namespace cnn::test;

TEST_CASE("max pooling 2x2 stride 2 on a 4x4 example", "[pooling]") {
  // The lecture's figure: the maximum of each 2x2 window.
  const Tensor x({1, 1, 4, 4}, {1, 2, 1, 0,
                                0, 1, 2, 3,
                                3, 0, 1, 2,
                                2, 4, 0, 1});
  Pooling pool("pool", 2, 2, 2);
  Tensor out;
  pool.forward(x, out);
  REQUIRE(out.shape() == Shape{1, 1, 2, 2});
  CHECK(out.values() == std::vector<float>{2, 3, 4, 2});

  SECTION("backward sends each gradient to its window's maximum only") {
    Tensor dx;
    pool.backward(Tensor({1, 1, 2, 2}, {10, 20, 30, 40}), dx);
    CHECK(dx.values() == std::vector<float>{0, 10, 0, 0,
                                            0, 0, 0, 20,
                                            0, 0, 0, 40,
                                            0, 30, 0, 0});
  }
}

TEST_CASE("pooling keeps the channel count and has no parameters", "[pooling]") {
  Pooling pool("pool", 2, 2, 2);
  CHECK(pool.output_shape({5, 30, 24, 24}) == Shape{5, 30, 12, 12});
  CHECK(pool.params().empty());
  CHECK_THROWS_AS(pool.output_shape({1, 1, 5, 5}), ShapeError);  // 5 does not split into 2x2 windows
}

TEST_CASE("pooling with stride 1 and padding matches a direct maximum", "[pooling]") {
  Rng rng(9);
  const Tensor x = random_tensor({2, 3, 5, 5}, rng);
  Pooling pool("pool", 3, 3, 1, 1);
  Tensor out;
  pool.forward(x, out);
  REQUIRE(out.shape() == Shape{2, 3, 5, 5});
  for (int n = 0; n < 2; ++n)
    for (int c = 0; c < 3; ++c)
      for (int oy = 0; oy < 5; ++oy)
        for (int ox = 0; ox < 5; ++ox) {
          float m = -1e30f;
          for (int y = oy - 1; y <= oy + 1; ++y)
            for (int xx = ox - 1; xx <= ox + 1; ++xx)
              if (y >= 0 && y < 5 && xx >= 0 && xx < 5) m = std::fmax(m, x.at(n, c, y, xx));
          CHECK(out.at(n, c, oy, ox) == m);
        }
}

TEST_CASE("the 2x2 stride-2 fast path matches a direct maximum and its first arg-max, ties included", "[pooling]") {
  // Output widths 1..3 take the scalar loop; 4..9 the four-wide vector loop, whose last group
  // overlaps the one before when the width is not a multiple of four. Values on a coarse grid
  // make ties common.
  Rng rng(17);
  for (int W = 2; W <= 18; W += 2) {
    Tensor x = random_tensor({2, 3, 6, W}, rng);
    for (auto& v : x.values()) v = std::round(v * 2.0f) / 2.0f;  // -1, -0.5, 0, 0.5, 1
    Pooling pool("pool", 2, 2, 2);
    Tensor out;
    pool.forward(x, out);
    const int OW = W / 2;
    REQUIRE(out.shape() == Shape{2, 3, 3, OW});
    size_t i = 0;
    for (int n = 0; n < 2; ++n)
      for (int c = 0; c < 3; ++c)
        for (int oy = 0; oy < 3; ++oy)
          for (int ox = 0; ox < OW; ++ox, ++i) {
            float best = -1e30f;
            int arg = -1;
            for (int fy = 0; fy < 2; ++fy)  // window order: top-left, top-right, bottom-left, bottom-right
              for (int fx = 0; fx < 2; ++fx) {
                const float v = x.at(n, c, 2 * oy + fy, 2 * ox + fx);
                if (v > best) {
                  best = v;
                  arg = ((n * 3 + c) * 6 + 2 * oy + fy) * W + 2 * ox + fx;
                }
              }
            INFO("W=" << W << " n=" << n << " c=" << c << " oy=" << oy << " ox=" << ox);
            CHECK(out.at(n, c, oy, ox) == best);
            CHECK(pool.argmax()[i] == arg);
          }
  }
}

TEST_CASE("Pooling backward matches numerical gradients", "[pooling][gradient]") {
  Rng rng(21);
  // Distinct values spaced further apart than 2·eps so that no window's arg-max changes.
  Tensor x({2, 2, 4, 4});
  std::vector<int> order(x.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  rng.shuffle(order.begin(), order.end());
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = 0.1f * order[i];
  Pooling pool("pool", 2, 2, 2);
  Tensor out, dx;
  pool.forward(x, out);
  const Tensor r = random_tensor(out.shape(), rng);
  pool.backward(r, dx);
  auto loss = [&] {
    Tensor o;
    pool.forward(x, o);
    return dot(o, r);
  };
  CHECK(gradient_check("Pooling dx", x, dx, loss) < 1e-3);
}
