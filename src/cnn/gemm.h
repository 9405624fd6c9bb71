// Matrix products, the work-horse behind Convolution (im2col · filters) and Affine.
//   C (M×N) = alpha · op(A) · op(B) + beta · C,   op(X) = X or Xᵀ,  all row-major.
// gemm() is the fast kernel: blocked and packed, with a register-tiled micro-kernel written
// once with GCC/Clang vector extensions, so the same source becomes AVX-512/AVX2 code
// natively and WASM SIMD128 under em++ -msimd128. gemm_reference() is the plain triple
// loop that the tests compare it against.
#pragma once

namespace cnn {

enum class Trans { No, Yes };

void gemm(Trans ta, Trans tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B, int ldb,
          float beta, float* C, int ldc);

void gemm_reference(Trans ta, Trans tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B,
                    int ldb, float beta, float* C, int ldc);

// gemm() with B handed over already packed, as gemm() would pack it, so that im2col can write
// its columns straight into that layout (im2col_packed) instead of into a matrix that gemm
// then copies: B (K×N) is stored as column panels of gemm_panel_width() columns, panel q
// (columns q·w … q·w+w−1) at packed_b + q·K·w, its row k at + k·w; columns past N are 0.
int gemm_panel_width();
void gemm_packed_b(Trans ta, int M, int N, int K, float alpha, const float* A, int lda, const float* packed_b,
                   float beta, float* C, int ldc);

// The rows of gemm()'s register tile on this target (6 natively, 3 in WebAssembly, where V8
// would spill a taller tile), and gemm() with a chosen tile (3 or 6; single-threaded), so that
// the native tests also check the tile the browser runs. Any other height throws.
int gemm_tile_rows();
void gemm_with_tile_rows(int tile_rows, Trans ta, Trans tb, int M, int N, int K, float alpha, const float* A, int lda,
                         const float* B, int ldb, float beta, float* C, int ldc);

// Name of the SIMD flavour compiled in ("avx512", "avx2", "sse", "wasm-simd128", "scalar").
const char* simd_name();

// Number of threads gemm() may use (native builds only; 1 in the browser). Default 1.
void set_num_threads(int n);
int num_threads();

}  // namespace cnn
