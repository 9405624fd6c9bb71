// Blocked, packed matrix product (the BLIS recipe, kept small):
//   for each KC-deep slice of K:   pack op(B)[k-slice, :] into NR-wide column panels
//     for each MC-tall block of M: pack op(A)[block, k-slice] into MR-tall row panels
//       for each MR×NR tile:       micro_kernel() keeps the whole tile in registers.
// Packing also absorbs the transposes, so one micro-kernel serves all four cases.
// The vector type is a GCC/Clang vector extension (simd.h): the compiler emits AVX-512, AVX2
// or SSE natively and WASM SIMD128 under em++ -msimd128 from this one source.
#include "cnn/gemm.h"

#include "cnn/parallel.h"
#include "cnn/simd.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace cnn {
namespace {

using simd::VW;
using vfloat = simd::vfloat;
constexpr const char* kSimd = simd::kName;

// Rows of a register tile. The tile's MR×NR sums stay in vector registers: 6×2 vectors are
// 12 of AVX's 16 (or AVX-512's 32) registers, the BLIS shape. V8 compiles WebAssembly with
// fewer registers to spare, and a 6-row tile spills: measured in Node, a 3-row tile makes
// every product of this network 1.5–1.8× faster in WASM SIMD128 (conv 30×576×25: 34 → 19 µs),
// while natively 6 rows stay best. Both heights are compiled everywhere (the tests check both).
#if defined(__wasm__)
constexpr int kTileRows = 3;
#else
constexpr int kTileRows = 6;
#endif
constexpr int NR = 2 * VW;   // columns of a register tile (two vectors)
constexpr int KC = 256;      // depth of a packed slice (A panel + B panel stay in L1/L2)
constexpr int MC = 96;       // rows of a packed A block (a multiple of every tile height)
constexpr int NC = 4096;     // columns of a packed B slice (multiple of NR)

inline vfloat load(const float* p) { return simd::load<vfloat>(p); }
inline void store(float* p, vfloat v) { simd::store(p, v); }

// Element (i, k) of op(A) and (k, j) of op(B).
inline float elem_a(Trans t, const float* A, int lda, int i, int k) {
  return t == Trans::No ? A[static_cast<size_t>(i) * lda + k] : A[static_cast<size_t>(k) * lda + i];
}

// Packs op(A)[i0:i0+mc, k0:k0+kc] as panels of MR rows: panel p holds, for each k, MR values.
template <int MR>
void pack_a(Trans ta, const float* A, int lda, int i0, int mc, int k0, int kc, float* dst) {
  for (int ip = 0; ip < mc; ip += MR) {
    const int rows = std::min(MR, mc - ip);
    if (ta == Trans::No) {
      for (int k = 0; k < kc; ++k) {
        for (int r = 0; r < rows; ++r) dst[k * MR + r] = A[static_cast<size_t>(i0 + ip + r) * lda + k0 + k];
        for (int r = rows; r < MR; ++r) dst[k * MR + r] = 0.0f;
      }
    } else {  // op(A) = Aᵀ: row i of op(A) is column i of A, contiguous along i for fixed k
      for (int k = 0; k < kc; ++k) {
        const float* src = A + static_cast<size_t>(k0 + k) * lda + i0 + ip;
        for (int r = 0; r < rows; ++r) dst[k * MR + r] = src[r];
        for (int r = rows; r < MR; ++r) dst[k * MR + r] = 0.0f;
      }
    }
    dst += static_cast<size_t>(kc) * MR;
  }
}

// Packs op(B)[k0:k0+kc, j0:j0+nc] as panels of NR columns: panel p holds, for each k, NR values.
void pack_b(Trans tb, const float* B, int ldb, int k0, int kc, int j0, int nc, float* dst) {
  for (int jp = 0; jp < nc; jp += NR) {
    const int cols = std::min(NR, nc - jp);
    if (tb == Trans::No) {
      for (int k = 0; k < kc; ++k) {
        const float* src = B + static_cast<size_t>(k0 + k) * ldb + j0 + jp;
        float* d = dst + k * NR;
        if (cols == NR) {  // two vector moves (a memcpy call per row cost 7 % of training)
          store(d, load(src));
          store(d + VW, load(src + VW));
        } else {
          for (int c = 0; c < cols; ++c) d[c] = src[c];
          for (int c = cols; c < NR; ++c) d[c] = 0.0f;
        }
      }
    } else {  // op(B) = Bᵀ: column j of op(B) is row j of B, turned in 4×4 blocks
      const int cols4 = cols / 4 * 4, kc4 = kc / 4 * 4;
      for (int c = 0; c < cols4; c += 4) {
        const float* src = B + static_cast<size_t>(j0 + jp + c) * ldb + k0;
        for (int k = 0; k < kc4; k += 4) {
          simd::v4f r0 = simd::load<simd::v4f>(src + k), r1 = simd::load<simd::v4f>(src + ldb + k),
                    r2 = simd::load<simd::v4f>(src + 2 * static_cast<size_t>(ldb) + k),
                    r3 = simd::load<simd::v4f>(src + 3 * static_cast<size_t>(ldb) + k);
          simd::transpose4(r0, r1, r2, r3);  // r0 now holds k's values of the four columns
          simd::store(dst + k * NR + c, r0);
          simd::store(dst + (k + 1) * NR + c, r1);
          simd::store(dst + (k + 2) * NR + c, r2);
          simd::store(dst + (k + 3) * NR + c, r3);
        }
        for (int k = kc4; k < kc; ++k)
          for (int t = 0; t < 4; ++t) dst[k * NR + c + t] = src[static_cast<size_t>(t) * ldb + k];
      }
      for (int c = cols4; c < cols; ++c) {
        const float* src = B + static_cast<size_t>(j0 + jp + c) * ldb + k0;
        for (int k = 0; k < kc; ++k) dst[k * NR + c] = src[k];
      }
      for (int c = cols; c < NR; ++c)
        for (int k = 0; k < kc; ++k) dst[k * NR + c] = 0.0f;
    }
    dst += static_cast<size_t>(kc) * NR;
  }
}

// C[0:rows, 0:cols] += alpha * (packed A panel · packed B panel), or = when `overwrite`
// (beta = 0 on the first slice of K: C is then never read, so it need not be cleared first).
// NV vectors of the panel's two are used: a last panel of at most VW columns takes NV = 1 and
// skips the half of the work that would only multiply padding. Each element's terms are added
// in the same order whatever MR and NV, so every tile gives the same floats.
template <int MR, int NV>
void micro_kernel(int kc, float alpha, const float* a, const float* b, float* C, int ldc, int rows, int cols,
                  bool overwrite) {
  vfloat acc[NV][MR];
  for (int v = 0; v < NV; ++v)
    for (int r = 0; r < MR; ++r) acc[v][r] = vfloat{};
  for (int k = 0; k < kc; ++k) {
    vfloat bv[NV];
    for (int v = 0; v < NV; ++v) bv[v] = load(b + v * VW);
#pragma GCC unroll 6
    for (int r = 0; r < MR; ++r) {
      const float ar = a[r];
      for (int v = 0; v < NV; ++v) acc[v][r] += ar * bv[v];
    }
    a += MR;
    b += NR;
  }
  if (rows == MR && cols == NV * VW) {
    for (int r = 0; r < MR; ++r) {
      float* c = C + static_cast<size_t>(r) * ldc;
      for (int v = 0; v < NV; ++v)
        store(c + v * VW, overwrite ? alpha * acc[v][r] : load(c + v * VW) + alpha * acc[v][r]);
    }
  } else {
    float tile[MR][NV * VW];
    for (int r = 0; r < MR; ++r)
      for (int v = 0; v < NV; ++v) store(tile[r] + v * VW, acc[v][r]);
    for (int r = 0; r < rows; ++r) {
      float* c = C + static_cast<size_t>(r) * ldc;
      if (overwrite)
        for (int j = 0; j < cols; ++j) c[j] = alpha * tile[r][j];
      else
        for (int j = 0; j < cols; ++j) c[j] += alpha * tile[r][j];
    }
  }
}

void scale_c(int M, int N, float beta, float* C, int ldc) {
  if (beta == 1.0f) return;
  for (int i = 0; i < M; ++i) {
    float* c = C + static_cast<size_t>(i) * ldc;
    if (beta == 0.0f)
      std::fill(c, c + N, 0.0f);  // beta = 0 means "overwrite", even if C held NaN
    else
      for (int j = 0; j < N; ++j) c[j] *= beta;
  }
}

int g_threads = 1;

}  // namespace

const char* simd_name() { return kSimd; }
void set_num_threads(int n) { g_threads = std::max(1, n); }
int num_threads() { return g_threads; }

void gemm_reference(Trans ta, Trans tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B,
                    int ldb, float beta, float* C, int ldc) {
  scale_c(M, N, beta, C, ldc);
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j) {
      double s = 0;
      for (int k = 0; k < K; ++k)
        s += static_cast<double>(elem_a(ta, A, lda, i, k)) *
             (tb == Trans::No ? B[static_cast<size_t>(k) * ldb + j] : B[static_cast<size_t>(j) * ldb + k]);
      C[static_cast<size_t>(i) * ldc + j] += alpha * static_cast<float>(s);
    }
}

namespace {
// packed_b, when given, is op(B) already in pack_b's panels over the whole of K (gemm_packed_b);
// B and tb are then unused.
template <int MR>
void gemm_serial(Trans ta, Trans tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B, int ldb,
                 float beta, float* C, int ldc, const float* packed_b = nullptr) {
  // beta = 0 is left to the micro-kernel (it writes instead of adding) where it runs.
  const bool streams_rows = M <= 2 && tb == Trans::No && !packed_b;  // the one-row path below
  const bool overwrite = beta == 0.0f && M > 0 && N > 0 && K > 0 && alpha != 0.0f && !streams_rows;
  if (!overwrite) scale_c(M, N, beta, C, ldc);
  if (M <= 0 || N <= 0 || K <= 0 || alpha == 0.0f) return;
  if (streams_rows) {
    // One or two rows (a single image through Affine): packing B would copy all of it for a
    // single use, so stream its rows instead, four at a time:
    //   C[i, :] += a_ik0 · B[k0, :] + a_ik1 · B[k1, :] + a_ik2 · B[k2, :] + a_ik3 · B[k3, :]
    // After ReLU and pooling many a_ik are 0: their rows of B are skipped altogether.
    thread_local std::vector<int> rows;
    thread_local std::vector<float> coef;
    for (int i = 0; i < M; ++i) {
      rows.resize(static_cast<size_t>(K));
      coef.resize(static_cast<size_t>(K));
      size_t nz = 0;
      for (int k = 0; k < K; ++k) {  // written every time, kept when nonzero: no branch
        const float a = alpha * elem_a(ta, A, lda, i, k);
        rows[nz] = k;
        coef[nz] = a;
        nz += a != 0.0f;
      }
      rows.resize(nz);
      coef.resize(nz);
      float* __restrict__ c = C + static_cast<size_t>(i) * ldc;
      size_t t = 0;
      for (; t + 4 <= rows.size(); t += 4) {
        const float* __restrict__ b0 = B + static_cast<size_t>(rows[t]) * ldb;
        const float* __restrict__ b1 = B + static_cast<size_t>(rows[t + 1]) * ldb;
        const float* __restrict__ b2 = B + static_cast<size_t>(rows[t + 2]) * ldb;
        const float* __restrict__ b3 = B + static_cast<size_t>(rows[t + 3]) * ldb;
        const float a0 = coef[t], a1 = coef[t + 1], a2 = coef[t + 2], a3 = coef[t + 3];
        for (int j = 0; j < N; ++j) c[j] += (a0 * b0[j] + a1 * b1[j]) + (a2 * b2[j] + a3 * b3[j]);
      }
      for (; t < rows.size(); ++t) {
        const float* __restrict__ b = B + static_cast<size_t>(rows[t]) * ldb;
        const float a = coef[t];
        for (int j = 0; j < N; ++j) c[j] += a * b[j];
      }
    }
    return;
  }
  // Packing buffers are kept per thread and reused: no allocation after the first call.
  thread_local std::vector<float> pa, pb;
  const int ncap = std::min(NC, (N + NR - 1) / NR * NR);
  pa.resize(static_cast<size_t>(MC) * KC);
  if (!packed_b && pb.size() < static_cast<size_t>(ncap) * KC) pb.resize(static_cast<size_t>(ncap) * KC);

  for (int j0 = 0; j0 < N; j0 += NC) {
    const int nc = std::min(NC, N - j0);
    for (int k0 = 0; k0 < K; k0 += KC) {
      const int kc = std::min(KC, K - k0);
      if (!packed_b) pack_b(tb, B, ldb, k0, kc, j0, nc, pb.data());
      for (int i0 = 0; i0 < M; i0 += MC) {
        const int mc = std::min(MC, M - i0);
        pack_a<MR>(ta, A, lda, i0, mc, k0, kc, pa.data());
        for (int jr = 0; jr < nc; jr += NR) {
          const float* bp = packed_b ? packed_b + (static_cast<size_t>((j0 + jr) / NR) * K + k0) * NR
                                     : pb.data() + static_cast<size_t>(jr / NR) * kc * NR;
          for (int ir = 0; ir < mc; ir += MR) {
            const float* ap = pa.data() + static_cast<size_t>(ir / MR) * kc * MR;
            float* c = C + static_cast<size_t>(i0 + ir) * ldc + j0 + jr;
            const int rows = std::min(MR, mc - ir), cols = std::min(NR, nc - jr);
            if (cols <= VW)
              micro_kernel<MR, 1>(kc, alpha, ap, bp, c, ldc, rows, cols, overwrite && k0 == 0);
            else
              micro_kernel<MR, 2>(kc, alpha, ap, bp, c, ldc, rows, cols, overwrite && k0 == 0);
          }
        }
      }
    }
  }
}

}  // namespace

namespace {
// Large products are split across threads into independent blocks of C: by rows when
// there are enough of them, otherwise by columns. Each block is a serial gemm.
void gemm_split(Trans ta, Trans tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B, int ldb,
                float beta, float* C, int ldc, const float* packed_b) {
  const double flops = 2.0 * M * N * K;
  constexpr int MR = kTileRows;
  const int by_rows = M >= 4 * MR ? M / MR : 0, by_cols = N >= 2 * NR ? N / NR : 0;
  const int units = std::max(by_rows, by_cols);
  if (flops < 2e6 || units < 2 || parallel_chunks(units) < 2) {
    gemm_serial<MR>(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc, packed_b);
    return;
  }
  if (by_rows >= by_cols) {
    parallel_for(by_rows, [&](int begin, int end, int) {
      const int i0 = begin * MR, i1 = end == by_rows ? M : end * MR;
      const float* a = ta == Trans::No ? A + static_cast<size_t>(i0) * lda : A + i0;
      gemm_serial<MR>(ta, tb, i1 - i0, N, K, alpha, a, lda, B, ldb, beta, C + static_cast<size_t>(i0) * ldc, ldc,
                      packed_b);
    });
  } else {
    parallel_for(by_cols, [&](int begin, int end, int) {
      const int j0 = begin * NR, j1 = end == by_cols ? N : end * NR;
      const float* b = packed_b ? nullptr : tb == Trans::No ? B + j0 : B + static_cast<size_t>(j0) * ldb;
      const float* pb = packed_b ? packed_b + static_cast<size_t>(begin) * K * NR : nullptr;
      gemm_serial<MR>(ta, tb, M, j1 - j0, K, alpha, A, lda, b, ldb, beta, C + j0, ldc, pb);
    });
  }
}
}  // namespace

void gemm(Trans ta, Trans tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B, int ldb,
          float beta, float* C, int ldc) {
  gemm_split(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc, nullptr);
}

int gemm_panel_width() { return NR; }

void gemm_packed_b(Trans ta, int M, int N, int K, float alpha, const float* A, int lda, const float* packed_b,
                   float beta, float* C, int ldc) {
  gemm_split(ta, Trans::No, M, N, K, alpha, A, lda, nullptr, 0, beta, C, ldc, packed_b);
}

int gemm_tile_rows() { return kTileRows; }

void gemm_with_tile_rows(int tile_rows, Trans ta, Trans tb, int M, int N, int K, float alpha, const float* A, int lda,
                         const float* B, int ldb, float beta, float* C, int ldc) {
  if (tile_rows == 3)
    gemm_serial<3>(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
  else if (tile_rows == 6)
    gemm_serial<6>(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
  else
    throw std::invalid_argument("gemm_with_tile_rows: the register tile has 3 or 6 rows, not " +
                                std::to_string(tile_rows));
}

}  // namespace cnn
