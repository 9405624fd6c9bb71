// Network: an ordered list of layers followed by SoftmaxWithLoss (the book's
// `self.layers` + `self.last_layer`). Every layer's output of the last forward pass is
// kept and readable — the demo draws each of them as feature maps.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "cnn/layers.h"
#include "cnn/random.h"

namespace cnn {

class Network {
 public:
  // input_shape is one sample's shape, e.g. {1, 28, 28}.
  explicit Network(Shape input_shape) : input_shape_(std::move(input_shape)) {}

  template <class L, class... Args>
  L& add(Args&&... args) {
    auto layer = std::make_unique<L>(std::forward<Args>(args)...);
    L& ref = *layer;
    add_layer(std::move(layer));
    return ref;
  }
  void add_layer(LayerPtr layer);  // checks the new layer accepts the previous output shape

  const Shape& input_shape() const { return input_shape_; }
  Shape output_shape() const;  // one sample's output, e.g. {10}
  std::size_t size() const { return layers_.size(); }
  Layer& layer(std::size_t i) { return *layers_.at(i); }
  const Layer& layer(std::size_t i) const { return *layers_.at(i); }
  // The shape of layer i's output for one sample, e.g. {30, 24, 24}.
  Shape layer_output_shape(std::size_t i) const;

  // Runs every layer on x (N, ...input_shape) and returns the logits (N, classes).
  const Tensor& forward(const Tensor& x);
  // Same for one sample given as input_shape's element count of floats (no allocation
  // after the first call).
  const Tensor& forward_one(const float* sample);
  const Tensor& input() const { return input_; }
  // The output of layer i from the last forward pass.
  const Tensor& output(std::size_t i) const { return outputs_.at(i); }

  // forward + SoftmaxWithLoss; labels has N entries.
  float loss(const Tensor& x, const uint8_t* labels);
  // Gradients of the last loss() into every Param's grad.
  void backward();
  const Tensor& probs() const { return last_layer_.probs(); }
  // dL/d(input) for a given dL/d(logits) (N, classes) of the last forward pass, through every
  // layer (the parameter gradients are filled on the way, as backward() does). For explanations:
  // with dlogits = one-hot(k) it is ∂z_k/∂x.
  const Tensor& input_gradient(const Tensor& dlogits);

  std::vector<Param> params();
  std::size_t param_count();

  // Classify one sample; fills probs (classes floats) and returns the arg-max.
  int predict(const float* sample, float* probs);

 private:
  Shape input_shape_;
  std::vector<LayerPtr> layers_;
  Tensor input_;
  std::vector<Tensor> outputs_;
  std::vector<Tensor> grads_;
  SoftmaxWithLoss last_layer_;
  Tensor first_dx_;  // the first layer's input gradient: never needed, kept empty (need_dx = false)
  Tensor dlogits_, input_grad_;  // input_gradient()
};

// SimpleConvNet of the course:
//   Conv(filters FHxFW) → ReLU → Pool(2x2, stride 2) → Affine(→hidden) → ReLU → Affine(→classes) → Softmax
struct SimpleConvNetConfig {
  int channels = 1, height = 28, width = 28;
  int filters = 30, filter_size = 5, pad = 0, stride = 1;
  int hidden = 100;
  int classes = 10;
};
std::unique_ptr<Network> make_simple_conv_net(const SimpleConvNetConfig& cfg = {});

// Weight initialisation. std > 0: N(0, std²) (the book's weight_init_std = 0.01);
// std == 0: He initialisation, N(0, 2/fan_in). Biases become 0.
void init_weights(Network& net, Rng& rng, float std = 0.0f);

}  // namespace cnn
