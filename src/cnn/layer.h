// Layer: the interface every layer of the network implements (lecture names:
// Convolution, Pooling, Relu, Affine). forward() keeps what backward() needs;
// backward() takes dL/d(out) and returns dL/d(x), storing the parameter gradients.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "cnn/tensor.h"

namespace cnn {

// A learnable parameter and its gradient, e.g. {"conv1.W", &W, &dW}.
struct Param {
  std::string name;
  Tensor* value;
  Tensor* grad;
};

class Layer {
 public:
  explicit Layer(std::string name) : name_(std::move(name)) {}
  virtual ~Layer() = default;

  virtual const char* kind() const = 0;                  // "Convolution", "Pooling", "Relu", "Affine"
  const std::string& name() const { return name_; }      // "conv1"
  std::string who() const { return std::string(kind()) + " '" + name_ + "'"; }

  // Shape of the output for an input of shape `in` (throws ShapeError if `in` is wrong).
  virtual Shape output_shape(const Shape& in) const = 0;
  // out is resized by the layer (its buffer is reused across calls).
  virtual void forward(const Tensor& x, Tensor& out) = 0;
  // dx is resized to x's shape; when `need_dx` is false (first layer) dx may be left empty.
  virtual void backward(const Tensor& dout, Tensor& dx, bool need_dx = true) = 0;

  virtual std::vector<Param> params() { return {}; }
  std::size_t param_count();

 private:
  std::string name_;
};

using LayerPtr = std::unique_ptr<Layer>;

}  // namespace cnn
