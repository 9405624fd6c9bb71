// Output sizes, im2col layout and col2im as the adjoint of im2col.
#include <catch2/catch_test_macros.hpp>

#include "cnn/gemm.h"
#include "cnn/im2col.h"
#include "test_util.h"

using namespace cnn;
using namespace cnn::test;

TEST_CASE("conv_output_size implements OH = (H + 2P - FH)/S + 1", "[im2col][size]") {
  CHECK(conv_output_size(4, 3, 0, 1) == 2);    // the lecture's 4x4 * 3x3 example
  CHECK(conv_output_size(4, 3, 1, 1) == 4);    // padding 1 keeps the size
  CHECK(conv_output_size(7, 3, 0, 2) == 3);    // stride 2
  CHECK(conv_output_size(28, 5, 0, 1) == 24);  // SimpleConvNet's conv1
  CHECK(conv_output_size(24, 2, 0, 2) == 12);  // and its pooling
  CHECK(conv_output_size(5, 3, 1, 2) == 3);
  CHECK(conv_output_size(32, 5, 2, 1) == 32);
}

TEST_CASE("conv_output_size rejects impossible combinations and says why", "[im2col][size]") {
  CHECK_THROWS_AS(conv_output_size(6, 3, 0, 2), std::invalid_argument);  // (6-3)=3 not divisible by 2
  CHECK(conv_output_size_error(6, 3, 0, 2).find("not divisible by the stride 2") != std::string::npos);
  CHECK(conv_output_size_error(2, 3, 0, 1).find("larger than the padded input") != std::string::npos);
  CHECK_FALSE(conv_output_size_error(4, 0, 0, 1).empty());
  CHECK_FALSE(conv_output_size_error(4, 3, -1, 1).empty());
  CHECK_FALSE(conv_output_size_error(4, 3, 0, 0).empty());
  CHECK(conv_output_size_error(4, 3, 0, 1).empty());
}

TEST_CASE("im2col puts one window per row, in sliding order", "[im2col]") {
  const Tensor x({1, 1, 4, 4}, {1, 2, 3, 0, 0, 1, 2, 3, 3, 0, 1, 2, 2, 3, 0, 1});
  const Tensor col = im2col(x, 3, 3, 1, 0);
  REQUIRE(col.shape() == Shape{4, 9});
  // Second window (top right): rows 0..2, columns 1..3.
  CHECK(std::vector<float>(col.data() + 9, col.data() + 18) == std::vector<float>{2, 3, 0, 1, 2, 3, 0, 1, 2});
  // Padding appears as zeros.
  const Tensor padded = im2col(x, 3, 3, 1, 1);
  REQUIRE(padded.shape() == Shape{16, 9});
  CHECK(std::vector<float>(padded.data(), padded.data() + 9) == std::vector<float>{0, 0, 0, 0, 1, 2, 0, 0, 1});
}

TEST_CASE("col2im is the adjoint of im2col: <im2col(x), y> = <x, col2im(y)>", "[im2col][col2im]") {
  Rng rng(3);
  struct Case { int N, C, H, W, FH, FW, S, P; };
  for (Case c : {Case{2, 3, 5, 5, 3, 3, 1, 0}, Case{1, 2, 7, 5, 3, 3, 2, 1}, Case{3, 1, 6, 6, 2, 2, 2, 0},
                 Case{2, 2, 4, 4, 3, 3, 1, 2}}) {
    const Tensor x = random_tensor({c.N, c.C, c.H, c.W}, rng);
    const Tensor cx = im2col(x, c.FH, c.FW, c.S, c.P);
    const Tensor y = random_tensor(cx.shape(), rng);
    const Tensor cy = col2im(y, x.shape(), c.FH, c.FW, c.S, c.P);
    REQUIRE(cy.shape() == x.shape());
    const double lhs = dot(cx, y), rhs = dot(x, cy);
    INFO("<im2col(x), y> = " << lhs << ", <x, col2im(y)> = " << rhs);
    CHECK(std::fabs(lhs - rhs) < 1e-4 * std::fmax(1.0, std::fabs(lhs)));
  }
}

TEST_CASE("col2im adds overlapping windows", "[col2im]") {
  // 3x3 input, 2x2 windows, stride 1: the centre pixel lies in all 4 windows.
  Tensor ones({4, 4}, 1.0f);
  const Tensor dx = col2im(ones, {1, 1, 3, 3}, 2, 2, 1, 0);
  CHECK(dx.values() == std::vector<float>{1, 2, 1, 2, 4, 2, 1, 2, 1});
}

TEST_CASE("the transposed im2col / col2im used by Convolution agree with im2col / col2im", "[im2col][col2im]") {
  Rng rng(17);
  struct Case { int C, H, W, FH, FW, S, P; };
  for (Case c : {Case{1, 28, 28, 5, 5, 1, 0}, Case{3, 7, 5, 3, 3, 2, 1}, Case{2, 3, 3, 7, 7, 3, 2},
                 Case{2, 6, 6, 2, 2, 2, 0}, Case{1, 5, 9, 3, 5, 1, 2}, Case{2, 4, 4, 4, 4, 2, 2},
                 // "same" padding (stride 1, OW = W), the contiguous-copy road: conv2 of the
                 // two-stage network, conv1 padded, an input shorter than the filter, 1×1
                 Case{16, 14, 14, 5, 5, 1, 2}, Case{1, 28, 28, 5, 5, 1, 2}, Case{2, 1, 3, 5, 5, 1, 2},
                 Case{3, 4, 6, 3, 3, 1, 1}, Case{1, 2, 2, 1, 1, 1, 0}}) {
    const Tensor x = random_tensor({1, c.C, c.H, c.W}, rng);
    const Tensor col = im2col(x, c.FH, c.FW, c.S, c.P);
    const int P = col.dim(0), K = col.dim(1);
    std::vector<float> colT(static_cast<size_t>(P) * K, -7.0f);
    im2col_transposed(x.data(), c.C, c.H, c.W, c.FH, c.FW, c.S, c.P, colT.data());
    int mismatches = 0;
    for (int p = 0; p < P; ++p)
      for (int k = 0; k < K; ++k) mismatches += colT[static_cast<size_t>(k) * P + p] != col[static_cast<size_t>(p) * K + k];
    INFO("C=" << c.C << " H=" << c.H << " W=" << c.W << " FH=" << c.FH << " S=" << c.S << " P=" << c.P);
    CHECK(mismatches == 0);
    // col2im of a random gradient, both layouts.
    const Tensor g = random_tensor(col.shape(), rng);
    std::vector<float> gT(colT.size());
    for (int p = 0; p < P; ++p)
      for (int k = 0; k < K; ++k) gT[static_cast<size_t>(k) * P + p] = g[static_cast<size_t>(p) * K + k];
    const Tensor dx = col2im(g, x.shape(), c.FH, c.FW, c.S, c.P);
    std::vector<float> dxT(x.size(), 99.0f);
    col2im_transposed(gT.data(), c.C, c.H, c.W, c.FH, c.FW, c.S, c.P, dxT.data());
    float worst = 0;
    for (size_t i = 0; i < x.size(); ++i) worst = std::fmax(worst, std::fabs(dx[i] - dxT[i]));
    CHECK(worst < 1e-5f);
  }
}

TEST_CASE("im2col_packed writes im2col_transposed in gemm's column panels", "[im2col]") {
  Rng rng(23);
  struct Case { int C, H, W, FH, FW, S, P; };
  for (Case c : {Case{16, 14, 14, 5, 5, 1, 2}, Case{1, 28, 28, 5, 5, 1, 2}, Case{1, 28, 28, 5, 5, 1, 0},
                 Case{3, 7, 5, 3, 3, 2, 1}, Case{2, 1, 3, 5, 5, 1, 2}, Case{1, 2, 2, 1, 1, 1, 0}})
    for (int w : {gemm_panel_width(), 8, 5, 1}) {
      const int OH = conv_output_size(c.H, c.FH, c.P, c.S), OW = conv_output_size(c.W, c.FW, c.P, c.S);
      const int P = OH * OW, K = c.C * c.FH * c.FW, panels = (P + w - 1) / w;
      const Tensor x = random_tensor({c.C, c.H, c.W}, rng);
      std::vector<float> colT(static_cast<size_t>(K) * P);
      im2col_transposed(x.data(), c.C, c.H, c.W, c.FH, c.FW, c.S, c.P, colT.data());
      const size_t size = im2col_packed_size(c.C, c.H, c.W, c.FH, c.FW, c.S, c.P, w);
      REQUIRE(size == static_cast<size_t>(panels) * w * K);
      std::vector<float> packed(size, -7.0f);  // every float must be written, padding included
      im2col_packed(x.data(), c.C, c.H, c.W, c.FH, c.FW, c.S, c.P, w, packed.data());
      int mismatches = 0;
      for (int q = 0; q < panels; ++q)
        for (int k = 0; k < K; ++k)
          for (int j = 0; j < w; ++j) {
            const int p = q * w + j;
            const float want = p < P ? colT[static_cast<size_t>(k) * P + p] : 0.0f;
            mismatches += packed[(static_cast<size_t>(q) * K + k) * w + j] != want;
          }
      INFO("C=" << c.C << " H=" << c.H << " W=" << c.W << " FH=" << c.FH << " S=" << c.S << " P=" << c.P
                << " panel width " << w);
      CHECK(mismatches == 0);
    }
}
