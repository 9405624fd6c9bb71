// The SIMD matrix product against the plain triple loop, on random shapes that are
// not multiples of the vector width or tile sizes, with every transpose combination.
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers.hpp>

#include "cnn/gemm.h"
#include "test_util.h"

using namespace cnn;
using namespace cnn::test;

namespace {
int nan_count(const Tensor& t) {
  int n = 0;
  for (std::size_t i = 0; i < t.size(); ++i) n += std::isnan(t[i]);
  return n;
}
}  // namespace

TEST_CASE("gemm equals gemm_reference on random shapes and transposes", "[gemm]") {
  Rng rng(42);
  const int sizes[][3] = {{1, 1, 1},   {3, 5, 7},     {6, 32, 256}, {7, 33, 257}, {30, 576, 25},
                          {100, 100, 4320}, {97, 13, 300}, {13, 97, 1},  {200, 70, 31}, {5, 1000, 3}};
  float worst = 0;
  for (auto& s : sizes) {
    const int M = s[0], N = s[1], K = s[2];
    for (Trans ta : {Trans::No, Trans::Yes})
      for (Trans tb : {Trans::No, Trans::Yes})
        for (float beta : {0.0f, 1.0f, 0.5f}) {
          const int lda = ta == Trans::No ? K : M, ldb = tb == Trans::No ? N : K;
          const Tensor A = random_tensor({ta == Trans::No ? M : K, lda}, rng);
          const Tensor B = random_tensor({tb == Trans::No ? K : N, ldb}, rng);
          Tensor C1 = random_tensor({M, N}, rng), C2 = C1;
          gemm(ta, tb, M, N, K, 0.75f, A.data(), lda, B.data(), ldb, beta, C1.data(), N);
          gemm_reference(ta, tb, M, N, K, 0.75f, A.data(), lda, B.data(), ldb, beta, C2.data(), N);
          const float d = max_abs_diff(C1, C2) / std::sqrt(float(K));
          worst = std::fmax(worst, d);
          INFO("M=" << M << " N=" << N << " K=" << K << " beta=" << beta);
          CHECK(d < 1e-5f);
        }
  }
  std::printf("gemm (%s) vs reference: max abs difference / sqrt(K) = %.2e\n", simd_name(), worst);
}

TEST_CASE("gemm with beta = 0 overwrites C even when it holds NaN", "[gemm]") {
  const float A[2] = {1, 2}, B[2] = {3, 4};
  float C[1] = {std::nanf("")};
  gemm(Trans::No, Trans::No, 1, 1, 2, 1.0f, A, 2, B, 1, 0.0f, C, 1);
  CHECK(C[0] == 11.0f);
}

TEST_CASE("gemm's one-row path (a single image through Affine) with sparse input", "[gemm]") {
  Rng rng(7);
  for (int M : {1, 2})
    for (int N : {1, 10, 100, 37})
      for (Trans ta : {Trans::No, Trans::Yes}) {
        const int K = 4320 / (N == 1 ? 10 : 1) + 3;
        const int lda = ta == Trans::No ? K : M;
        Tensor A = random_tensor({ta == Trans::No ? M : K, lda}, rng);
        for (std::size_t i = 0; i < A.size(); ++i)
          if (rng.uniform() < 0.6f) A[i] = 0.0f;  // like ReLU + pooling outputs
        const Tensor B = random_tensor({K, N}, rng);
        Tensor C1 = random_tensor({M, N}, rng), C2 = C1;
        gemm(ta, Trans::No, M, N, K, 1.0f, A.data(), lda, B.data(), N, 1.0f, C1.data(), N);
        gemm_reference(ta, Trans::No, M, N, K, 1.0f, A.data(), lda, B.data(), N, 1.0f, C2.data(), N);
        INFO("M=" << M << " N=" << N << " K=" << K);
        CHECK(max_abs_diff(C1, C2) / std::sqrt(float(K)) < 1e-5f);
      }
}

TEST_CASE("gemm's register tiles of 3 rows (WebAssembly's) and 6 rows (native) give the same floats", "[gemm]") {
  // Both tiles add each C element's terms in the same order, so they must agree exactly; and
  // the 3-row tile, which only the browser build runs, is checked against the reference here.
  Rng rng(11);
  const int sizes[][3] = {{3, 8, 1}, {7, 33, 257}, {30, 576, 25}, {25, 576, 30}, {100, 100, 300}, {97, 13, 31}};
  for (auto& s : sizes) {
    const int M = s[0], N = s[1], K = s[2];
    for (Trans ta : {Trans::No, Trans::Yes})
      for (Trans tb : {Trans::No, Trans::Yes}) {
        const int lda = ta == Trans::No ? K : M, ldb = tb == Trans::No ? N : K;
        const Tensor A = random_tensor({ta == Trans::No ? M : K, lda}, rng);
        const Tensor B = random_tensor({tb == Trans::No ? K : N, ldb}, rng);
        Tensor C3 = random_tensor({M, N}, rng), C6 = C3, Cr = C3;
        gemm_with_tile_rows(3, ta, tb, M, N, K, 0.5f, A.data(), lda, B.data(), ldb, 1.0f, C3.data(), N);
        gemm_with_tile_rows(6, ta, tb, M, N, K, 0.5f, A.data(), lda, B.data(), ldb, 1.0f, C6.data(), N);
        gemm_reference(ta, tb, M, N, K, 0.5f, A.data(), lda, B.data(), ldb, 1.0f, Cr.data(), N);
        INFO("M=" << M << " N=" << N << " K=" << K);
        CHECK(max_abs_diff(C3, C6) == 0.0f);
        CHECK(max_abs_diff(C3, Cr) / std::sqrt(float(K)) < 1e-5f);
      }
  }
  CHECK(gemm_tile_rows() == 6);  // natively; the browser build uses 3
  float c = 0;
  CHECK_THROWS_WITH(gemm_with_tile_rows(4, Trans::No, Trans::No, 1, 1, 1, 1.0f, &c, 1, &c, 1, 0.0f, &c, 1),
                    "gemm_with_tile_rows: the register tile has 3 or 6 rows, not 4");
}

TEST_CASE("gemm_packed_b (B already in gemm's panels, as im2col_packed writes it) equals gemm_reference",
          "[gemm]") {
  // Odd shapes: last panels of 1 … NR−1 columns (the one-vector tile too), K over several
  // packed slices, one- and two-row products, beta = 0 over NaN; 1 and 2 threads (the
  // column split hands each thread its own panels).
  Rng rng(5);
  const int w = gemm_panel_width();
  const int sizes[][3] = {{32, 196, 400}, {16, 784, 25}, {1, 1, 1}, {2, 37, 300}, {7, 33, 257}, {13, 5, 600},
                          {30, 3 * w + 1, 31}, {6, w, 256}, {100, 2 * w - 1, 513}};
  float worst = 0;
  for (int threads : {1, 2}) {
    set_num_threads(threads);
    for (auto& s : sizes) {
      const int M = s[0], N = s[1], K = s[2], panels = (N + w - 1) / w;
      const Tensor B = random_tensor({K, N}, rng);
      std::vector<float> packed(static_cast<size_t>(panels) * K * w, 0.0f);
      for (int k = 0; k < K; ++k)
        for (int j = 0; j < N; ++j) packed[(static_cast<size_t>(j / w) * K + k) * w + j % w] = B[static_cast<size_t>(k) * N + j];
      for (Trans ta : {Trans::No, Trans::Yes})
        for (float beta : {0.0f, 1.0f, 0.5f}) {
          const int lda = ta == Trans::No ? K : M;
          const Tensor A = random_tensor({ta == Trans::No ? M : K, lda}, rng);
          Tensor C1 = random_tensor({M, N}, rng), C2 = C1;
          if (beta == 0.0f) C1.fill(std::nanf(""));
          gemm_packed_b(ta, M, N, K, 0.75f, A.data(), lda, packed.data(), beta, C1.data(), N);
          gemm_reference(ta, Trans::No, M, N, K, 0.75f, A.data(), lda, B.data(), N, beta, C2.data(), N);
          const float d = max_abs_diff(C1, C2) / std::sqrt(float(K));  // (fmax skips NaN: counted apart)
          worst = std::fmax(worst, d);
          INFO("M=" << M << " N=" << N << " K=" << K << " beta=" << beta << " threads=" << threads);
          CHECK(d < 1e-5f);
          CHECK(nan_count(C1) == 0);
        }
    }
  }
  set_num_threads(1);
  std::printf("gemm_packed_b (%s) vs reference: max abs difference / sqrt(K) = %.2e\n", simd_name(), worst);
}

TEST_CASE("gemm with beta = 0 overwrites C holding NaN on the packed road too (several K slices)", "[gemm]") {
  Rng rng(9);
  const int M = 13, N = 41, K = 600;
  const Tensor A = random_tensor({M, K}, rng), B = random_tensor({K, N}, rng);
  for (Trans tb : {Trans::No, Trans::Yes}) {
    const Tensor Bt = tb == Trans::No ? B : random_tensor({N, K}, rng);
    const int ldb = tb == Trans::No ? N : K;
    Tensor C1({M, N}, std::nanf("")), C2({M, N}, 0.0f);
    gemm(Trans::No, tb, M, N, K, 1.0f, A.data(), K, Bt.data(), ldb, 0.0f, C1.data(), N);
    gemm_reference(Trans::No, tb, M, N, K, 1.0f, A.data(), K, Bt.data(), ldb, 0.0f, C2.data(), N);
    CHECK(max_abs_diff(C1, C2) / std::sqrt(float(K)) < 1e-5f);
    CHECK(nan_count(C1) == 0);
  }
}
