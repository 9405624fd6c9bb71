#include "cnn/top_activations.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

namespace cnn {

bool is_spatial_layer(const Network& net, int layer) {
  return layer >= 0 && layer < static_cast<int>(net.size()) && net.layer_output_shape(layer).size() == 3;
}

namespace {
void check_layer(const Network& net, int layer, const char* who) {
  if (is_spatial_layer(net, layer)) return;
  int last = -1;
  for (int i = 0; i < static_cast<int>(net.size()); ++i)
    if (is_spatial_layer(net, i)) last = i;
  throw std::out_of_range(std::string(who) + ": layer must be a feature map, 0.." + std::to_string(last) + ", got " +
                          std::to_string(layer));
}
}  // namespace

void ActivationPeaks::add(const Tensor& out) {
  check_shape("ActivationPeaks", "a layer's output", out.shape(), Shape{-1, -1, -1, -1});
  const int n = out.dim(0), c = out.dim(1), h = out.dim(2), w = out.dim(3);
  if (channels == 0) channels = c;
  check_shape("ActivationPeaks", "a layer's output", out.shape(), Shape{-1, channels, -1, -1});
  const std::size_t plane = static_cast<std::size_t>(h) * w;
  for (int i = 0; i < n; ++i)
    for (int ch = 0; ch < c; ++ch) {
      const float* v = out.data() + (static_cast<std::size_t>(i) * c + ch) * plane;
      const std::size_t best = static_cast<std::size_t>(std::max_element(v, v + plane) - v);  // first on ties
      peaks.push_back({v[best], static_cast<int>(best / w), static_cast<int>(best % w)});
    }
}

ActivationPeaks activation_peaks(Network& net, int layer, const float* images, int count, int batch) {
  check_layer(net, layer, "activation_peaks");
  if (count < 0 || batch < 1) throw std::invalid_argument("activation_peaks: count must be >= 0 and batch >= 1");
  const Shape in = net.input_shape();
  const std::size_t per = shape_size(in);
  ActivationPeaks peaks;
  Tensor x;
  std::vector<Tensor> outs(layer + 1);
  for (int first = 0; first < count; first += batch) {
    const int n = std::min(batch, count - first);
    Shape s{n};
    s.insert(s.end(), in.begin(), in.end());
    x.resize(s);
    std::copy(images + first * per, images + (first + n) * per, x.data());
    const Tensor* cur = &x;
    for (int i = 0; i <= layer; ++i) {
      net.layer(i).forward(*cur, outs[i]);
      cur = &outs[i];
    }
    peaks.add(*cur);
  }
  return peaks;
}

std::vector<TopActivation> top_activations(const Network& net, int layer, const ActivationPeaks& peaks, int channel,
                                           int k) {
  check_layer(net, layer, "top_activations");
  const int channels = net.layer_output_shape(layer)[0];
  if (channel < 0 || channel >= channels)
    throw std::out_of_range("top_activations: channel must be 0.." + std::to_string(channels - 1) + " for " +
                            net.layer(layer).name() + ", got " + std::to_string(channel));
  if (peaks.images() > 0 && peaks.channels != channels)
    throw std::invalid_argument("top_activations: the peaks hold " + std::to_string(peaks.channels) + " channels, " +
                                net.layer(layer).name() + " has " + std::to_string(channels));
  std::vector<int> order(peaks.images());
  std::iota(order.begin(), order.end(), 0);
  auto key = [&](int i) {  // a NaN ranks last (and keeps the order strict)
    const float v = peaks.at(i, channel).value;
    return std::isnan(v) ? -std::numeric_limits<float>::infinity() : v;
  };
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return key(a) > key(b); });
  order.resize(std::min<std::size_t>(order.size(), static_cast<std::size_t>(std::max(0, k))));
  std::vector<TopActivation> out;
  for (int i : order) {
    const ChannelPeak& p = peaks.at(i, channel);
    out.push_back({i, p.y, p.x, p.value, receptive_rect(net, layer, p.y, p.x)});
  }
  return out;
}

}  // namespace cnn
