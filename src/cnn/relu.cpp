// ReLU: out = max(0, x); backward passes the gradient only where the output was positive
// (the same places where x was positive), so no separate mask is stored.
#include <algorithm>

#include "cnn/layers.h"
#include "cnn/parallel.h"

namespace cnn {

void Relu::forward(const Tensor& x, Tensor& out) {
  out.resize(x.shape());
  const float* in = x.data();
  float* o = out.data();
  const int blocks = static_cast<int>((x.size() + 4095) / 4096);
  parallel_for(blocks, [&](int begin, int end, int) {
    const size_t i1 = std::min(x.size(), static_cast<size_t>(end) * 4096);
    for (size_t i = static_cast<size_t>(begin) * 4096; i < i1; ++i) {
      const float v = in[i];
      o[i] = v > 0.0f ? v : 0.0f;
    }
  }, /*grain=*/8);
  out_ = &out;
}

void Relu::backward(const Tensor& dout, Tensor& dx, bool need_dx) {
  if (!out_) throw std::logic_error(who() + ": backward called before forward");
  check_shape(who(), "gradient", dout.shape(), out_->shape());
  if (!need_dx) {
    dx.resize({0});
    return;
  }
  dx.resize(dout.shape());
  const float* o = out_->data();
  const float* d = dout.data();
  float* g = dx.data();
  const int blocks = static_cast<int>((dout.size() + 4095) / 4096);
  parallel_for(blocks, [&](int begin, int end, int) {
    const size_t i1 = std::min(dout.size(), static_cast<size_t>(end) * 4096);
    for (size_t i = static_cast<size_t>(begin) * 4096; i < i1; ++i) {
      const float v = d[i];  // loaded unconditionally so that the loop vectorises
      g[i] = o[i] > 0.0f ? v : 0.0f;
    }
  }, /*grain=*/8);
}

}  // namespace cnn
