// Tensor: an N-dimensional float32 array in row-major order (NCHW for images).
// Shapes are part of every layer's interface: check_shape() throws a ShapeError that
// names the layer and both shapes, so a student sees "Affine 'affine1': expected input
// (N, 4320), got (100, 30, 24, 24)" instead of a crash.
#pragma once
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace cnn {

using Shape = std::vector<int>;

// "(100, 30, 24, 24)"; a negative dimension prints as "N" (any batch size).
std::string shape_str(const Shape& shape);
std::size_t shape_size(const Shape& shape);

class ShapeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Tensor {
 public:
  Tensor() = default;
  explicit Tensor(Shape shape, float fill = 0.0f);
  Tensor(Shape shape, std::vector<float> values);  // values.size() must match the shape

  const Shape& shape() const { return shape_; }
  int ndim() const { return static_cast<int>(shape_.size()); }
  int dim(int i) const { return shape_.at(static_cast<std::size_t>(i)); }
  std::size_t size() const { return data_.size(); }
  bool empty() const { return data_.empty(); }

  float* data() { return data_.data(); }
  const float* data() const { return data_.data(); }
  float& operator[](std::size_t i) { return data_[i]; }
  float operator[](std::size_t i) const { return data_[i]; }
  std::vector<float>& values() { return data_; }
  const std::vector<float>& values() const { return data_; }

  // 4-D element access (n, c, h, w) for NCHW tensors.
  float& at(int n, int c, int h, int w);
  float at(int n, int c, int h, int w) const;

  // Same data, new shape with the same element count (throws ShapeError otherwise).
  void reshape(const Shape& shape);
  // New shape, contents unspecified; reuses the existing allocation when it is big enough,
  // so layers can keep their buffers across calls without allocating.
  void resize(const Shape& shape);
  void fill(float v);

 private:
  Shape shape_;
  std::vector<float> data_;
};

// Throws ShapeError unless `actual` matches `expected` (a negative expected dimension
// matches anything). `who` names the layer, e.g. "Convolution 'conv1'".
void check_shape(const std::string& who, const char* what, const Shape& actual, const Shape& expected);

}  // namespace cnn
