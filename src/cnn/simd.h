// The vector types the kernels are written with: GCC/Clang vector extensions, so one source
// becomes AVX-512, AVX2 or SSE code natively and WASM SIMD128 under em++ -msimd128.
//   vfloat: the widest float vector of the target (VW lanes), for the matrix products.
//   v4f / v4i: four lanes everywhere, for the small kernels that shuffle (pooling, transposes).
#pragma once
#include <cstdint>
#include <cstring>

namespace cnn {
namespace simd {

#if defined(__AVX512F__)
constexpr int VW = 16;
constexpr const char* kName = "avx512";
#elif defined(__AVX2__) || defined(__AVX__)
constexpr int VW = 8;
constexpr const char* kName = "avx2";
#elif defined(__wasm_simd128__)
constexpr int VW = 4;
constexpr const char* kName = "wasm-simd128";
#elif defined(__SSE2__)
constexpr int VW = 4;
constexpr const char* kName = "sse";
#else
constexpr int VW = 4;
constexpr const char* kName = "scalar";
#endif

typedef float vfloat __attribute__((vector_size(VW * sizeof(float))));
typedef float v4f __attribute__((vector_size(16)));
typedef int32_t v4i __attribute__((vector_size(16)));

// Unaligned loads and stores (memcpy compiles to one vector move).
template <class V>
inline V load(const float* p) {
  V v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
template <class V>
inline void store(float* p, V v) {
  std::memcpy(p, &v, sizeof v);
}

// Lane-wise mask ? yes : no, where mask lanes are -1 (true) or 0 (what comparisons give).
inline v4i select(v4i mask, v4i yes, v4i no) { return (mask & yes) | (~mask & no); }
inline v4f select(v4i mask, v4f yes, v4f no) {
  v4i y, n;
  std::memcpy(&y, &yes, sizeof y);
  std::memcpy(&n, &no, sizeof n);
  const v4i r = select(mask, y, n);
  v4f out;
  std::memcpy(&out, &r, sizeof out);
  return out;
}

// Lanes i, j, k, l of the eight lanes (a, b).
#if defined(__clang__)
#define CNN_SHUFFLE4(a, b, i, j, k, l) __builtin_shufflevector(a, b, i, j, k, l)
#else
#define CNN_SHUFFLE4(a, b, i, j, k, l) __builtin_shuffle(a, b, ::cnn::simd::v4i{i, j, k, l})
#endif

// Even lanes (0, 2, 4, 6) and odd lanes (1, 3, 5, 7) of the eight floats p[0..7].
inline void deinterleave(const float* p, v4f& even, v4f& odd) {
  const v4f lo = load<v4f>(p), hi = load<v4f>(p + 4);
  even = CNN_SHUFFLE4(lo, hi, 0, 2, 4, 6);
  odd = CNN_SHUFFLE4(lo, hi, 1, 3, 5, 7);
}

// Transposes the 4×4 block held in rows r0..r3 (r0 becomes the first column).
inline void transpose4(v4f& r0, v4f& r1, v4f& r2, v4f& r3) {
  const v4f t0 = CNN_SHUFFLE4(r0, r1, 0, 4, 1, 5), t1 = CNN_SHUFFLE4(r0, r1, 2, 6, 3, 7);
  const v4f t2 = CNN_SHUFFLE4(r2, r3, 0, 4, 1, 5), t3 = CNN_SHUFFLE4(r2, r3, 2, 6, 3, 7);
  r0 = CNN_SHUFFLE4(t0, t2, 0, 1, 4, 5);
  r1 = CNN_SHUFFLE4(t0, t2, 2, 3, 6, 7);
  r2 = CNN_SHUFFLE4(t1, t3, 0, 1, 4, 5);
  r3 = CNN_SHUFFLE4(t1, t3, 2, 3, 6, 7);
}

}  // namespace simd
}  // namespace cnn
