// Helpers shared by the tests: random tensors and a numerical gradient check.
#pragma once
#include <cmath>
#include <functional>
#include <string>

#include "cnn/mnist_subset.h"
#include "cnn/network.h"
#include "cnn/random.h"
#include "cnn/tensor.h"

namespace cnn::test {

// `n` random 28×28 "digits" with random labels (for training code, not for accuracy).
inline MnistSet toy_set(int n, uint64_t seed) {
  Rng rng(seed);
  MnistSet s;
  s.count = n;
  s.images.resize(static_cast<size_t>(n) * kMnistPixels);
  for (auto& v : s.images) v = static_cast<uint8_t>(rng.below(256));
  for (int i = 0; i < n; ++i) s.labels.push_back(static_cast<uint8_t>(rng.below(10)));
  return s;
}

inline Tensor random_tensor(const Shape& shape, Rng& rng, float lo = -1.0f, float hi = 1.0f) {
  Tensor t(shape);
  for (auto& v : t.values()) v = rng.uniform(lo, hi);
  return t;
}

inline double dot(const Tensor& a, const Tensor& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += static_cast<double>(a[i]) * b[i];
  return s;
}

inline float max_abs_diff(const Tensor& a, const Tensor& b) {
  float m = 0;
  for (std::size_t i = 0; i < a.size(); ++i) m = std::fmax(m, std::fabs(a[i] - b[i]));
  return m;
}

// Central differences of f with respect to every element of `x` (float32 state, so
// eps = 1e-2 keeps the round-off error, about ulp(f)/eps ≈ 1e-5·|f|, well below the
// truncation error O(eps²) of a smooth function). Returns the largest relative error
// |numeric − analytic| / max(1, |numeric|, |analytic|) and reports it.
// `max_values` > 0 checks only that many elements, spread evenly over `x` (for large tensors).
inline double gradient_check(const std::string& what, Tensor& x, const Tensor& analytic,
                             const std::function<double()>& f, float eps = 1e-2f, std::size_t max_values = 0) {
  double worst = 0;
  const std::size_t step = max_values > 0 && x.size() > max_values ? x.size() / max_values : 1;
  for (std::size_t i = 0; i < x.size(); i += step) {
    const float keep = x[i];
    x[i] = keep + eps;
    const double fp = f();
    x[i] = keep - eps;
    const double fm = f();
    x[i] = keep;
    const double numeric = (fp - fm) / (2.0 * eps);
    const double err = std::fabs(numeric - analytic[i]) / std::fmax(1.0, std::fmax(std::fabs(numeric), std::fabs(analytic[i])));
    worst = std::fmax(worst, err);
  }
  std::printf("gradient check %-28s max relative error %.2e over %zu values\n", what.c_str(), worst,
              (x.size() + step - 1) / step);
  return worst;
}

// Every parameter of `net` against numerical gradients of its loss on (x, labels): backward once,
// then gradient_check per parameter tensor (`max_values` of each at most, 0: all). The largest
// relative error over all of them.
inline double network_gradient_check(Network& net, const Tensor& x, const uint8_t* labels, float eps,
                                     std::size_t max_values = 0) {
  net.loss(x, labels);
  net.backward();
  double worst = 0;
  for (auto& p : net.params()) {
    const Tensor grad = *p.grad;
    worst = std::fmax(worst, gradient_check("network " + p.name, *p.value, grad,
                                            [&] { return double(net.loss(x, labels)); }, eps, max_values));
  }
  return worst;
}

}  // namespace cnn::test
