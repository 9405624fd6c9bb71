// ReLU: out = max(0, x); backward passes the gradient only where x was positive.
#include "cnn/layers.h"

namespace cnn {

void Relu::forward(const Tensor& x, Tensor& out) {
  out.resize(x.shape());
  mask_.resize(x.shape());
  const float* in = x.data();
  float* o = out.data();
  float* m = mask_.data();
  for (size_t i = 0, n = x.size(); i < n; ++i) {
    const bool pos = in[i] > 0.0f;
    o[i] = pos ? in[i] : 0.0f;
    m[i] = pos ? 1.0f : 0.0f;
  }
}

void Relu::backward(const Tensor& dout, Tensor& dx, bool need_dx) {
  check_shape(who(), "gradient", dout.shape(), mask_.shape());
  if (!need_dx) {
    dx.resize({0});
    return;
  }
  dx.resize(dout.shape());
  for (size_t i = 0, n = dout.size(); i < n; ++i) dx[i] = dout[i] * mask_[i];
}

}  // namespace cnn
