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

Occlusion::Occlusion(const Network& net, const float* image, int label, int patch) {
  const Shape in = net.input_shape();
  if (in.size() != 3 || in[0] != 1) throw std::invalid_argument("occlusion_map: needs a one-channel image input");
  H_ = in[1];
  W_ = in[2];
  if (patch < 1 || patch > std::min(H_, W_))
    throw std::invalid_argument("occlusion_map: patch " + std::to_string(patch) + " must be 1.." + std::to_string(std::min(H_, W_)));
  classes_ = static_cast<int>(net.output_shape().back());
  if (label < 0 || label >= classes_) throw std::out_of_range("occlusion_map: class " + std::to_string(label));
  label_ = label;
  patch_ = patch;
  PY_ = H_ - patch + 1;
  PX_ = W_ - patch + 1;
  image_.assign(image, image + H_ * W_);
  drop_.assign(static_cast<std::size_t>(PY_) * PX_, 0.0f);
  for (int p = 0; p < PY_ * PX_; ++p) {  // a patch on background leaves the image as it is: no drop
    const int py = p / PX_, px = p % PX_;
    bool ink = false;
    for (int r = py; r < py + patch && !ink; ++r)
      for (int c = px; c < px + patch && !ink; ++c) ink = image_[r * W_ + c] != 0.0f;
    if (ink) todo_.push_back(p);
  }
}

const Tensor& Occlusion::forward_batch(Network& net) {
  outs_.resize(net.size());
  const Tensor* cur = &batch_;
  std::size_t i = 0;
  for (; i < net.size() && std::string(net.layer(i).kind()) != "Affine"; ++i) {
    net.layer(i).forward(*cur, outs_[i]);
    cur = &outs_[i];
  }
  if (i == net.size()) return *cur;
  const auto& affine = static_cast<const Affine&>(net.layer(i));
  const int in = affine.in_size(), out = affine.out_size(), n = cur->dim(0);
  check_shape("Occlusion", "the first Affine's input", Shape{static_cast<int>(cur->size() / n)}, Shape{in});
  const float* x = cur->data();
  const float* w = affine.W.data();
  if (!have_base_) {  // image 0 is the uncovered one: its input and output, in full
    affine_x_.assign(x, x + in);
    affine_out_.assign(affine.b.data(), affine.b.data() + out);
    for (int j = 0; j < in; ++j)
      if (x[j] != 0)
        for (int o = 0; o < out; ++o) affine_out_[o] += x[j] * w[static_cast<std::size_t>(j) * out + o];
  }
  Tensor& a = outs_[i];
  a.resize(Shape{n, out});
  for (int k = 0; k < n; ++k) {
    float* ak = a.data() + static_cast<std::size_t>(k) * out;
    std::copy(affine_out_.begin(), affine_out_.end(), ak);
    const float* xk = x + static_cast<std::size_t>(k) * in;
    for (int j = 0; j < in; ++j) {
      const float d = xk[j] - affine_x_[j];
      if (d == 0) continue;
      const float* wj = w + static_cast<std::size_t>(j) * out;
      for (int o = 0; o < out; ++o) ak[o] += d * wj[o];
    }
  }
  cur = &a;
  for (++i; i < net.size(); ++i) {
    net.layer(i).forward(*cur, outs_[i]);
    cur = &outs_[i];
  }
  return *cur;
}

bool Occlusion::step(Network& net, int max_images) {
  if (done()) return true;
  const int extra = have_base_ ? 0 : 1;  // the first batch starts with the image itself
  const int n = std::min(std::max(1, max_images), static_cast<int>(todo_.size()) - next_ + extra);
  const std::size_t px_count = static_cast<std::size_t>(H_) * W_;
  batch_.resize(Shape{n, 1, H_, W_});
  for (int i = 0; i < n; ++i) {
    float* img = batch_.data() + i * px_count;
    std::copy(image_.begin(), image_.end(), img);
    if (i < extra) continue;
    const int p = todo_[next_ + i - extra], py = p / PX_, px = p % PX_;
    for (int r = py; r < py + patch_; ++r) std::fill(img + r * W_ + px, img + r * W_ + px + patch_, 0.0f);
  }
  const Tensor& logits = forward_batch(net);
  std::vector<float> probs(classes_);
  if (!have_base_) {
    softmax(logits.data(), probs.data(), classes_);
    base_ = probs[label_];
    have_base_ = true;
  }
  for (int i = extra; i < n; ++i) {
    softmax(logits.data() + static_cast<std::size_t>(i) * classes_, probs.data(), classes_);
    drop_[todo_[next_ + i - extra]] = base_ - probs[label_];
  }
  next_ += n - extra;
  return done();
}

std::vector<float> Occlusion::map() const {
  if (!done()) throw std::logic_error("Occlusion::map: not every position is computed yet");
  std::vector<float> map(static_cast<std::size_t>(H_) * W_, 0.0f);
  for (int r = 0; r < H_; ++r)
    for (int c = 0; c < W_; ++c) {
      double sum = 0;
      int count = 0;
      for (int py = std::max(0, r - patch_ + 1); py <= std::min(PY_ - 1, r); ++py)
        for (int px = std::max(0, c - patch_ + 1); px <= std::min(PX_ - 1, c); ++px, ++count) sum += drop_[py * PX_ + px];
      map[r * W_ + c] = static_cast<float>(sum / count);
    }
  return map;
}

std::vector<float> occlusion_map(Network& net, const float* image, int label, int patch) {
  Occlusion o(net, image, label, patch);
  while (!o.step(net, kOcclusionBatch)) {
  }
  return o.map();
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
