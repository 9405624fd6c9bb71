// Affine (fully connected) layer: out = x · W + b.
//   x is (N, in) — a 4-D input (N, C, H, W) is flattened to (N, C*H*W) here: this is the
//   step where an image loses its shape — W is (in, out), b is (out,), out is (N, out)
// Backward: dx = dout · Wᵀ (reshaped back to x's shape), dW = xᵀ · dout, db = Σ dout.
#include "cnn/gemm.h"
#include "cnn/layers.h"

namespace cnn {

Affine::Affine(std::string name, int in, int out) : Layer(std::move(name)), in_(in), out_(out) {
  if (in <= 0 || out <= 0) throw std::invalid_argument(who() + ": sizes must be positive");
  W = Tensor({in, out});
  b = Tensor({out});
  dW = Tensor(W.shape());
  db = Tensor(b.shape());
}

Shape Affine::output_shape(const Shape& in) const {
  if (in.size() < 2) throw ShapeError(who() + ": expected input (N, " + std::to_string(in_) + "), got " + shape_str(in));
  std::size_t features = 1;
  for (std::size_t i = 1; i < in.size(); ++i) features *= static_cast<std::size_t>(in[i]);
  if (features != static_cast<std::size_t>(in_))
    throw ShapeError(who() + ": expected input (N, " + std::to_string(in_) + ") after flattening, got " + shape_str(in) +
                     " = " + std::to_string(features) + " values per sample");
  return {in[0], out_};
}

void Affine::forward(const Tensor& x, Tensor& out) {
  const Shape os = output_shape(x.shape());
  x_shape_ = x.shape();
  x_ = &x;
  const int N = os[0];
  out.resize(os);
  for (int n = 0; n < N; ++n)
    for (int j = 0; j < out_; ++j) out[static_cast<size_t>(n) * out_ + j] = b[j];
  gemm(Trans::No, Trans::No, N, out_, in_, 1.0f, x.data(), in_, W.data(), out_, 1.0f, out.data(), out_);
}

void Affine::backward(const Tensor& dout, Tensor& dx, bool need_dx) {
  if (!x_) throw std::logic_error(who() + ": backward called before forward");
  const Shape os = output_shape(x_shape_);
  check_shape(who(), "gradient", dout.shape(), os);
  const int N = os[0];
  db.fill(0.0f);
  for (int n = 0; n < N; ++n)
    for (int j = 0; j < out_; ++j) db[j] += dout[static_cast<size_t>(n) * out_ + j];
  gemm(Trans::Yes, Trans::No, in_, out_, N, 1.0f, x_->data(), in_, dout.data(), out_, 0.0f, dW.data(), out_);
  if (!need_dx) {
    dx.resize({0});
    return;
  }
  dx.resize(x_shape_);  // restores the image shape the forward pass flattened
  gemm(Trans::No, Trans::Yes, N, in_, out_, 1.0f, dout.data(), out_, W.data(), out_, 0.0f, dx.data(), in_);
}

std::vector<Param> Affine::params() { return {{name() + ".W", &W, &dW}, {name() + ".b", &b, &db}}; }

}  // namespace cnn
