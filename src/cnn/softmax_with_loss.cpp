// Softmax and SoftmaxWithLoss (softmax + cross-entropy error).
//   y_k = exp(a_k − max a) / Σ exp(a_i − max a)    — subtracting the max keeps exp() finite
//   loss = −(1/N) Σ log y_t, computed as log-sum-exp so logits of ±1000 stay finite
//   d loss / d a = (y − onehot(t)) / N
#include <cmath>
#include <string>

#include "cnn/layers.h"

namespace cnn {

void softmax(const float* logits, float* probs, int k) {
  float mx = logits[0];
  for (int i = 1; i < k; ++i) mx = std::fmax(mx, logits[i]);
  double sum = 0;
  for (int i = 0; i < k; ++i) {
    probs[i] = std::exp(logits[i] - mx);
    sum += probs[i];
  }
  const float inv = static_cast<float>(1.0 / sum);
  for (int i = 0; i < k; ++i) probs[i] *= inv;
}

void softmax(const Tensor& logits, Tensor& probs) {
  check_shape("softmax", "logits", logits.shape(), {-1, -1});
  probs.resize(logits.shape());
  const int n = logits.dim(0), k = logits.dim(1);
  for (int i = 0; i < n; ++i)
    softmax(logits.data() + static_cast<size_t>(i) * k, probs.data() + static_cast<size_t>(i) * k, k);
}

float SoftmaxWithLoss::forward(const Tensor& logits, const uint8_t* labels, int n) {
  check_shape("SoftmaxWithLoss", "logits", logits.shape(), {n, -1});
  const int k = logits.dim(1);
  softmax(logits, probs_);
  labels_.assign(labels, labels + n);
  double loss = 0;
  for (int i = 0; i < n; ++i) {
    if (labels[i] >= k)
      throw std::invalid_argument("SoftmaxWithLoss: label " + std::to_string(labels[i]) + " of sample " +
                                  std::to_string(i) + " is not a class in [0, " + std::to_string(k) + ")");
    const float* a = logits.data() + static_cast<size_t>(i) * k;
    float mx = a[0];
    for (int j = 1; j < k; ++j) mx = std::fmax(mx, a[j]);
    double s = 0;
    for (int j = 0; j < k; ++j) s += std::exp(static_cast<double>(a[j]) - mx);
    loss += -(static_cast<double>(a[labels[i]]) - mx - std::log(s));
  }
  return static_cast<float>(loss / n);
}

void SoftmaxWithLoss::backward(Tensor& dlogits) const {
  dlogits.resize(probs_.shape());
  const int n = probs_.dim(0), k = probs_.dim(1);
  const float inv = 1.0f / static_cast<float>(n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < k; ++j) {
      const size_t idx = static_cast<size_t>(i) * k + j;
      dlogits[idx] = (probs_[idx] - (labels_[i] == j ? 1.0f : 0.0f)) * inv;
    }
}

}  // namespace cnn
