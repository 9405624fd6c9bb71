// Rng: a small seedable generator (xoshiro128**) with our own uniform and normal draws,
// so a training run gives the same numbers with g++/libstdc++ and em++/libc++
// (std::normal_distribution differs between standard libraries).
#pragma once
#include <cmath>
#include <cstdint>

namespace cnn {

class Rng {
 public:
  explicit Rng(uint64_t seed = 1) { this->seed(seed); }
  void seed(uint64_t seed) {
    for (auto& s : s_) {  // splitmix64 spreads the seed over the state
      seed += 0x9E3779B97F4A7C15ull;
      uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      s = static_cast<uint32_t>(z ^ (z >> 31));
    }
    if (!(s_[0] | s_[1] | s_[2] | s_[3])) s_[0] = 1;
    has_spare_ = false;
  }
  uint32_t next_u32() {
    const uint32_t result = rotl(s_[1] * 5, 7) * 9;
    const uint32_t t = s_[1] << 9;
    s_[2] ^= s_[0]; s_[3] ^= s_[1]; s_[1] ^= s_[2]; s_[0] ^= s_[3];
    s_[2] ^= t; s_[3] = rotl(s_[3], 11);
    return result;
  }
  // Uniform in [0, 1).
  float uniform() { return static_cast<float>(next_u32() >> 8) * (1.0f / 16777216.0f); }
  float uniform(float lo, float hi) { return lo + (hi - lo) * uniform(); }
  // Uniform integer in [0, n).
  uint32_t below(uint32_t n) { return static_cast<uint32_t>((static_cast<uint64_t>(next_u32()) * n) >> 32); }
  // Standard normal (Box–Muller, computed in double for portability).
  float normal() {
    if (has_spare_) { has_spare_ = false; return spare_; }
    double u1 = (static_cast<double>(next_u32()) + 1.0) / 4294967297.0;
    double u2 = static_cast<double>(next_u32()) / 4294967296.0;
    double r = std::sqrt(-2.0 * std::log(u1));
    double th = 6.283185307179586 * u2;
    spare_ = static_cast<float>(r * std::sin(th));
    has_spare_ = true;
    return static_cast<float>(r * std::cos(th));
  }
  template <class It>
  void shuffle(It first, It last) {
    for (auto n = last - first; n > 1; --n) {
      auto j = below(static_cast<uint32_t>(n));
      std::swap(first[n - 1], first[j]);
    }
  }

 private:
  static uint32_t rotl(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }
  uint32_t s_[4];
  bool has_spare_ = false;
  float spare_ = 0;
};

}  // namespace cnn
