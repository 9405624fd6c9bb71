#include "cnn/network.h"

#include <algorithm>
#include <cmath>

namespace cnn {

std::size_t Layer::param_count() {
  std::size_t n = 0;
  for (auto& p : params()) n += p.value->size();
  return n;
}

namespace {
Shape batch_of(int n, const Shape& sample) {
  Shape s{n};
  s.insert(s.end(), sample.begin(), sample.end());
  return s;
}
Shape drop_batch(const Shape& s) { return Shape(s.begin() + 1, s.end()); }
}  // namespace

void Network::add_layer(LayerPtr layer) {
  Shape in = layers_.empty() ? batch_of(1, input_shape_) : batch_of(1, layer_output_shape(layers_.size() - 1));
  layer->output_shape(in);  // throws ShapeError naming the layer when it does not fit
  layers_.push_back(std::move(layer));
  outputs_.resize(layers_.size());
  grads_.resize(layers_.size());
}

Shape Network::layer_output_shape(std::size_t i) const {
  Shape s = batch_of(1, input_shape_);
  for (std::size_t j = 0; j <= i && j < layers_.size(); ++j) s = layers_[j]->output_shape(s);
  return drop_batch(s);
}

Shape Network::output_shape() const { return layers_.empty() ? input_shape_ : layer_output_shape(layers_.size() - 1); }

const Tensor& Network::forward(const Tensor& x) {
  check_shape("Network input", "batch", x.shape(), batch_of(-1, input_shape_));
  if (layers_.empty()) throw std::logic_error("Network::forward: the network has no layers");
  input_.resize(x.shape());
  std::copy(x.values().begin(), x.values().end(), input_.values().begin());
  const Tensor* cur = &input_;
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    layers_[i]->forward(*cur, outputs_[i]);
    cur = &outputs_[i];
  }
  return *cur;
}

const Tensor& Network::forward_one(const float* sample) {
  if (layers_.empty()) throw std::logic_error("Network::forward_one: the network has no layers");
  input_.resize(batch_of(1, input_shape_));
  std::copy(sample, sample + input_.size(), input_.data());
  const Tensor* cur = &input_;
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    layers_[i]->forward(*cur, outputs_[i]);
    cur = &outputs_[i];
  }
  return *cur;
}

float Network::loss(const Tensor& x, const uint8_t* labels) {
  const Tensor& logits = forward(x);
  return last_layer_.forward(logits, labels, x.dim(0));
}

void Network::backward() {
  Tensor* dout = &grads_.back();
  last_layer_.backward(*dout);
  for (std::size_t i = layers_.size(); i-- > 0;) {
    Tensor& dx = i == 0 ? first_dx_ : grads_[i - 1];
    layers_[i]->backward(*dout, dx, /*need_dx=*/i > 0);  // the first layer's input gradient is never used
    dout = &dx;
  }
}

const Tensor& Network::input_gradient(const Tensor& dlogits) {
  if (layers_.empty()) throw std::logic_error("Network::input_gradient: the network has no layers");
  check_shape("Network::input_gradient", "dlogits", dlogits.shape(), outputs_.back().shape());
  dlogits_.resize(dlogits.shape());
  std::copy(dlogits.values().begin(), dlogits.values().end(), dlogits_.values().begin());
  const Tensor* dout = &dlogits_;
  for (std::size_t i = layers_.size(); i-- > 0;) {
    Tensor& dx = i == 0 ? input_grad_ : grads_[i - 1];
    layers_[i]->backward(*dout, dx, /*need_dx=*/true);
    dout = &dx;
  }
  return input_grad_;
}

std::vector<Param> Network::params() {
  std::vector<Param> all;
  for (auto& l : layers_)
    for (auto& p : l->params()) all.push_back(p);
  return all;
}

std::size_t Network::param_count() {
  std::size_t n = 0;
  for (auto& l : layers_) n += l->param_count();
  return n;
}

int Network::predict(const float* sample, float* probs) {
  const Tensor& logits = forward_one(sample);
  const int k = static_cast<int>(logits.size());
  softmax(logits.data(), probs, k);
  return static_cast<int>(std::max_element(probs, probs + k) - probs);
}

std::unique_ptr<Network> make_simple_conv_net(const SimpleConvNetConfig& c) {
  auto net = std::make_unique<Network>(Shape{c.channels, c.height, c.width});
  net->add<Convolution>("conv1", c.filters, c.channels, c.filter_size, c.filter_size, c.stride, c.pad);
  net->add<Relu>("relu1");
  net->add<Pooling>("pool1", 2, 2, 2);
  const Shape pooled = net->layer_output_shape(2);
  net->add<Affine>("affine1", static_cast<int>(shape_size(pooled)), c.hidden);
  net->add<Relu>("relu2");
  net->add<Affine>("affine2", c.hidden, c.classes);
  return net;
}

void init_weights(Network& net, Rng& rng, float std) {
  for (std::size_t i = 0; i < net.size(); ++i) {
    auto ps = net.layer(i).params();
    if (ps.empty()) continue;
    Tensor& W = *ps[0].value;
    const std::size_t fan_in = W.size() / static_cast<std::size_t>(
        std::string(net.layer(i).kind()) == "Affine" ? W.dim(1) : W.dim(0));
    const float s = std > 0 ? std : std::sqrt(2.0f / static_cast<float>(fan_in));  // He: sqrt(2 / fan_in)
    for (auto& v : W.values()) v = s * rng.normal();
    for (std::size_t j = 1; j < ps.size(); ++j) ps[j].value->fill(0.0f);
  }
}

}  // namespace cnn
