#include "cnn/tensor.h"

#include <algorithm>

namespace cnn {

std::string shape_str(const Shape& shape) {
  std::string s = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i) s += ", ";
    s += shape[i] < 0 ? std::string("N") : std::to_string(shape[i]);
  }
  if (shape.size() == 1) s += ",";
  return s + ")";
}

std::size_t shape_size(const Shape& shape) {
  std::size_t n = 1;
  for (int d : shape) {
    if (d < 0) throw ShapeError("shape " + shape_str(shape) + " has a negative dimension");
    n *= static_cast<std::size_t>(d);
  }
  return n;
}

Tensor::Tensor(Shape shape, float fill) : shape_(std::move(shape)), data_(shape_size(shape_), fill) {}

Tensor::Tensor(Shape shape, std::vector<float> values) : shape_(std::move(shape)), data_(std::move(values)) {
  if (data_.size() != shape_size(shape_))
    throw ShapeError("tensor of shape " + shape_str(shape_) + " needs " + std::to_string(shape_size(shape_)) +
                     " values, got " + std::to_string(data_.size()));
}

float& Tensor::at(int n, int c, int h, int w) {
  return data_[((static_cast<std::size_t>(n) * shape_[1] + c) * shape_[2] + h) * shape_[3] + w];
}
float Tensor::at(int n, int c, int h, int w) const {
  return data_[((static_cast<std::size_t>(n) * shape_[1] + c) * shape_[2] + h) * shape_[3] + w];
}

void Tensor::reshape(const Shape& shape) {
  if (shape_size(shape) != data_.size())
    throw ShapeError("cannot reshape " + shape_str(shape_) + " to " + shape_str(shape) + ": element counts differ");
  shape_ = shape;
}

void Tensor::resize(const Shape& shape) {
  shape_ = shape;
  data_.resize(shape_size(shape));
}

void Tensor::fill(float v) { std::fill(data_.begin(), data_.end(), v); }

void check_shape(const std::string& who, const char* what, const Shape& actual, const Shape& expected) {
  bool ok = actual.size() == expected.size();
  for (std::size_t i = 0; ok && i < actual.size(); ++i)
    if (expected[i] >= 0 && actual[i] != expected[i]) ok = false;
  if (!ok)
    throw ShapeError(who + ": expected " + what + " " + shape_str(expected) + ", got " + shape_str(actual));
}

}  // namespace cnn
