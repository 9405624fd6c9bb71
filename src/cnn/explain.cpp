#include "cnn/explain.h"

#include "cnn/weights_io.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace cnn {

namespace {
void check_cell(const char* who, int c, int y, int x, int C, int H, int W) {
  if (c < 0 || c >= C || y < 0 || y >= H || x < 0 || x >= W)
    throw std::out_of_range(std::string(who) + ": cell (" + std::to_string(c) + ", " + std::to_string(y) + ", " +
                            std::to_string(x) + ") outside (" + std::to_string(C) + ", " + std::to_string(H) + ", " +
                            std::to_string(W) + ")");
}
}  // namespace

ConvExplanation explain_convolution(const Convolution& conv, const float* x, const Shape& s, int filter, int y, int xp) {
  check_shape("explain_convolution", "input", s, Shape{conv.channels(), s.at(1), s.at(2)});
  const int C = s[0], H = s[1], W = s[2], FH = conv.filter_h(), FW = conv.filter_w();
  const Shape out = conv.output_shape(Shape{1, C, H, W});
  check_cell("explain_convolution", filter, y, xp, out[1], out[2], out[3]);
  ConvExplanation e;
  e.y0 = y * conv.stride() - conv.pad();
  e.x0 = xp * conv.stride() - conv.pad();
  e.bias = conv.b[filter];
  std::vector<double> sums(C, 0.0);  // in double: 400 products of a later conv stay within 1e-6
  const float* w = conv.W.data() + static_cast<std::size_t>(filter) * C * FH * FW;
  for (int c = 0; c < C; ++c)
    for (int ky = 0; ky < FH; ++ky)
      for (int kx = 0; kx < FW; ++kx) {
        const int iy = e.y0 + ky, ix = e.x0 + kx;
        const bool padding = iy < 0 || iy >= H || ix < 0 || ix >= W;
        const float xv = padding ? 0.0f : x[(static_cast<std::size_t>(c) * H + iy) * W + ix];
        const float wv = w[(c * FH + ky) * FW + kx];
        e.terms.push_back({c, ky, kx, iy, ix, padding, wv, xv});
        sums[c] += static_cast<double>(wv) * xv;
      }
  double total = e.bias;
  for (double v : sums) {
    e.channel_sums.push_back(static_cast<float>(v));
    total += v;
  }
  e.total = static_cast<float>(total);
  return e;
}

PoolExplanation explain_pooling(const Pooling& pool, const float* x, const Shape& s, int channel, int y, int xp) {
  const int C = s.at(0), H = s.at(1), W = s.at(2);
  const Shape out = pool.output_shape(Shape{1, C, H, W});
  check_cell("explain_pooling", channel, y, xp, out[1], out[2], out[3]);
  const int wy = y * pool.stride() - pool.pad(), wx = xp * pool.stride() - pool.pad();
  PoolExplanation e;
  e.y0 = std::max(0, wy);
  e.x0 = std::max(0, wx);
  const int y1 = std::min(H, wy + pool.pool_h()), x1 = std::min(W, wx + pool.pool_w());
  e.rows = std::max(0, y1 - e.y0);
  e.cols = std::max(0, x1 - e.x0);
  for (int r = e.y0; r < y1; ++r)
    for (int c = e.x0; c < x1; ++c) {
      const float v = x[(static_cast<std::size_t>(channel) * H + r) * W + c];
      if (e.argmax < 0 || v > e.window[e.argmax]) e.argmax = static_cast<int>(e.window.size());
      e.window.push_back(v);
    }
  e.value = e.argmax >= 0 ? e.window[e.argmax] : 0.0f;
  return e;
}

AffineExplanation explain_affine(const Affine& affine, const float* x, int unit, int top_k) {
  const int in = affine.in_size(), out = affine.out_size();
  if (unit < 0 || unit >= out) throw std::out_of_range("explain_affine: unit " + std::to_string(unit) + " of " + std::to_string(out));
  std::vector<AffineTerm> all(in);
  for (int i = 0; i < in; ++i) all[i] = {i, affine.W[static_cast<std::size_t>(i) * out + unit], x[i]};
  const auto bigger = [](const AffineTerm& a, const AffineTerm& b) {
    const float pa = std::fabs(a.w * a.x), pb = std::fabs(b.w * b.x);
    return pa != pb ? pa > pb : a.index < b.index;
  };
  const int k = std::clamp(top_k, 0, in);
  std::partial_sort(all.begin(), all.begin() + k, all.end(), bigger);
  AffineExplanation e;
  e.top.assign(all.begin(), all.begin() + k);
  e.bias = affine.b[unit];
  double total = e.bias, rest = 0;
  for (int i = 0; i < in; ++i) {
    const double p = static_cast<double>(all[i].w) * all[i].x;
    total += p;
    if (i >= k) rest += p;
  }
  e.total = static_cast<float>(total);
  e.rest = static_cast<float>(rest);
  e.rest_count = in - k;
  return e;
}

SoftmaxExplanation explain_softmax(const float* logits, int classes, int k) {
  if (classes <= 0 || k < 0 || k >= classes)
    throw std::out_of_range("explain_softmax: class " + std::to_string(k) + " of " + std::to_string(classes));
  SoftmaxExplanation e;
  e.logits.assign(logits, logits + classes);
  e.max_logit = *std::max_element(e.logits.begin(), e.logits.end());
  for (float z : e.logits) {
    e.exps.push_back(std::exp(z - e.max_logit));
    e.sum += e.exps.back();
  }
  e.prob = e.exps[k] / e.sum;
  return e;
}

std::unique_ptr<Network> copy_network(Network& net) {
  const std::vector<uint8_t> bytes = save_weights(net);
  return load_network(bytes.data(), bytes.size());
}

void copy_weights(Network& from, Network& to) {
  std::vector<Param> a = from.params(), b = to.params();
  if (a.size() != b.size()) throw ShapeError("copy_weights: the networks have different layers");
  for (std::size_t i = 0; i < a.size(); ++i) {
    check_shape("copy_weights", a[i].name.c_str(), b[i].value->shape(), a[i].value->shape());
    std::copy(a[i].value->values().begin(), a[i].value->values().end(), b[i].value->values().begin());
  }
}

std::vector<float> gradient_times_input(Network& net, const float* image, int label) {
  const Tensor& logits = net.forward_one(image);
  const int classes = static_cast<int>(logits.size());
  if (label < 0 || label >= classes) throw std::out_of_range("gradient_times_input: class " + std::to_string(label));
  Tensor one_hot(logits.shape());
  one_hot[label] = 1.0f;
  const Tensor& grad = net.input_gradient(one_hot);
  std::vector<float> out(grad.size());
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = grad[i] * image[i];
  return out;
}

}  // namespace cnn
