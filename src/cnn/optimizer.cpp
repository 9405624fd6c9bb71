#include "cnn/optimizer.h"

#include <cmath>
#include <algorithm>
#include <stdexcept>

#include "cnn/message.h"
#include "cnn/parallel.h"

namespace cnn {

void SGD::update(const std::vector<Param>& params) {
  for (const auto& p : params) {
    float* w = p.value->data();
    const float* g = p.grad->data();
    for (std::size_t i = 0, n = p.value->size(); i < n; ++i) w[i] -= lr * g[i];
  }
}

void Momentum::update(const std::vector<Param>& params) {
  if (v_.size() != params.size()) {
    v_.clear();
    for (const auto& p : params) v_.emplace_back(p.value->size(), 0.0f);
  }
  for (std::size_t k = 0; k < params.size(); ++k) {
    float* w = params[k].value->data();
    const float* g = params[k].grad->data();
    float* v = v_[k].data();
    for (std::size_t i = 0, n = params[k].value->size(); i < n; ++i) {
      v[i] = momentum * v[i] - lr * g[i];
      w[i] += v[i];
    }
  }
}

void Adam::update(const std::vector<Param>& params) {
  if (m_.size() != params.size()) {
    m_.clear();
    v_.clear();
    for (const auto& p : params) {
      m_.emplace_back(p.value->size(), 0.0f);
      v_.emplace_back(p.value->size(), 0.0f);
    }
    iter_ = 0;
  }
  ++iter_;
  // The book's form: lr_t = lr · sqrt(1 − β2ᵗ) / (1 − β1ᵗ)
  const float lr_t = static_cast<float>(lr * std::sqrt(1.0 - std::pow(beta2, static_cast<double>(iter_))) /
                                        (1.0 - std::pow(beta1, static_cast<double>(iter_))));
  for (std::size_t k = 0; k < params.size(); ++k) {
    // Distinct arrays: __restrict__ lets the compiler vectorise the update.
    float* __restrict__ w = params[k].value->data();
    const float* __restrict__ g = params[k].grad->data();
    float* __restrict__ m = m_[k].data();
    float* __restrict__ v = v_[k].data();
    const std::size_t n = params[k].value->size(), block = 16384;
    parallel_for(static_cast<int>((n + block - 1) / block), [&](int b0, int b1, int) {
      for (std::size_t i = b0 * block, end = std::min(n, b1 * block); i < end; ++i) {
        m[i] += (1.0f - beta1) * (g[i] - m[i]);
        v[i] += (1.0f - beta2) * (g[i] * g[i] - v[i]);
        w[i] -= lr_t * m[i] / (std::sqrt(v[i]) + 1e-7f);
      }
    });
  }
}

std::unique_ptr<Optimizer> make_optimizer(const std::string& name, float lr) {
  if (!(lr > 0.0f) || !std::isfinite(lr)) throw WithMessage<std::invalid_argument>(phrase("optimizer.lr"));
  if (name == kOptimizerNames[0]) return std::make_unique<SGD>(lr);
  if (name == kOptimizerNames[1]) return std::make_unique<Momentum>(lr);
  if (name == kOptimizerNames[2]) return std::make_unique<Adam>(lr);
  static_assert(kOptimizerCount == 3, "optimizer.choices names three");
  throw WithMessage<std::invalid_argument>(phrase(
      "optimizer.unknown", {text(name), phrase("optimizer.choices", {text(kOptimizerNames[0]), text(kOptimizerNames[1]),
                                                                     text(kOptimizerNames[2])})}));
}

}  // namespace cnn
