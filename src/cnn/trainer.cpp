#include "cnn/trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

#include "cnn/message.h"

namespace cnn {

Trainer::Trainer(Network& net, Dataset train, TrainConfig cfg)
    : net_(net), train_(train), cfg_(std::move(cfg)), opt_(make_optimizer(cfg_.optimizer, cfg_.lr)), rng_(cfg_.seed) {
  if (train_.count <= 0 || !train_.images || !train_.labels) throw WithMessage<std::invalid_argument>(phrase("trainer.empty"));
  if (cfg_.batch <= 0) throw WithMessage<std::invalid_argument>(phrase("trainer.batch"));
  const Shape in = net_.input_shape();
  if (in != Shape{1, train_.rows, train_.cols})
    throw WithMessage<ShapeError>(
        phrase("trainer.shape", {text(shape_str(in)), number(train_.rows), number(train_.cols)}));
  order_.resize(static_cast<size_t>(train_.count));
  std::iota(order_.begin(), order_.end(), 0);
}

void Trainer::fill_batch(int n) {
  const int px = train_.rows * train_.cols;
  x_.resize({n, 1, train_.rows, train_.cols});
  t_.resize(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    const int idx = order_[static_cast<size_t>(pos_ + i)];
    const uint8_t* src = train_.images + static_cast<size_t>(idx) * px;
    float* dst = x_.data() + static_cast<size_t>(i) * px;
    if (cfg_.augment)
      augment_image(src, dst, train_.rows, train_.cols, rng_, cfg_);
    else
      for (int p = 0; p < px; ++p) dst[p] = src[p] * (1.0f / 255.0f);
    t_[static_cast<size_t>(i)] = train_.labels[idx];
  }
}

float Trainer::step() {
  if (pos_ == 0) rng_.shuffle(order_.begin(), order_.end());
  const int n = std::min(cfg_.batch, train_.count - pos_);
  fill_batch(n);
  last_loss_ = net_.loss(x_, t_.data());
  net_.backward();
  opt_->update(net_.params());
  const Tensor& p = net_.probs();
  const int k = p.dim(1);
  int correct = 0;
  for (int i = 0; i < n; ++i) {
    const float* row = p.data() + static_cast<size_t>(i) * k;
    if (std::max_element(row, row + k) - row == t_[static_cast<size_t>(i)]) ++correct;
  }
  last_acc_ = static_cast<float>(correct) / n;
  ++steps_;
  pos_ += n;
  if (pos_ >= train_.count) {
    pos_ = 0;
    ++epoch_;
    opt_->lr *= cfg_.lr_decay;
  }
  return last_loss_;
}

int Trainer::run_for(double seconds) {
  const auto start = std::chrono::steady_clock::now();
  int done = 0;
  do {
    step();
    ++done;
  } while (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < seconds);
  return done;
}

void augment_image(const uint8_t* src, float* dst, int rows, int cols, Rng& rng, const TrainConfig& cfg) {
  const float th = rng.uniform(-cfg.max_rotate_deg, cfg.max_rotate_deg) * 3.14159265f / 180.0f;
  const float s = 1.0f + rng.uniform(-cfg.max_scale, cfg.max_scale);
  const float sh = rng.uniform(-cfg.max_shear, cfg.max_shear);
  const float dx = rng.uniform(-cfg.max_shift, cfg.max_shift), dy = rng.uniform(-cfg.max_shift, cfg.max_shift);
  const bool thicken = rng.uniform() < cfg.thicken_prob;
  // Inverse map of "shear, then rotate by θ and scale by s, then shift": output pixel → source.
  const float c = std::cos(th) / s, sn = std::sin(th) / s;
  const float cx = (cols - 1) * 0.5f, cy = (rows - 1) * 0.5f;
  auto at = [&](int x, int y) {
    return (x < 0 || y < 0 || x >= cols || y >= rows) ? 0.0f : src[static_cast<size_t>(y) * cols + x] * (1.0f / 255.0f);
  };
  for (int y = 0; y < rows; ++y)
    for (int x = 0; x < cols; ++x) {
      const float u = x - cx - dx, v = y - cy - dy;
      const float ry = -sn * u + c * v;
      const float rx = c * u + sn * v - sh * ry;  // undo the slant: x' = x + sh·y
      const float sx = rx + cx, sy = ry + cy;
      const int ix = static_cast<int>(std::floor(sx)), iy = static_cast<int>(std::floor(sy));
      const float fx = sx - ix, fy = sy - iy;
      dst[static_cast<size_t>(y) * cols + x] = (1 - fy) * ((1 - fx) * at(ix, iy) + fx * at(ix + 1, iy)) +
                                               fy * ((1 - fx) * at(ix, iy + 1) + fx * at(ix + 1, iy + 1));
    }
  if (thicken) {  // grey-level dilation with a plus-shaped window, softened so edges stay anti-aliased
    std::vector<float> copy(dst, dst + static_cast<size_t>(rows) * cols);
    auto px = [&](int x, int y) { return (x < 0 || y < 0 || x >= cols || y >= rows) ? 0.0f : copy[static_cast<size_t>(y) * cols + x]; };
    for (int y = 0; y < rows; ++y)
      for (int x = 0; x < cols; ++x) {
        const float n = std::max(std::max(px(x - 1, y), px(x + 1, y)), std::max(px(x, y - 1), px(x, y + 1)));
        float& d = dst[static_cast<size_t>(y) * cols + x];
        d = std::max(d, 0.8f * n);
      }
  }
}

EvalResult evaluate(Network& net, Dataset data, int batch) {
  EvalResult r;
  const int px = data.rows * data.cols;
  Tensor x;
  Tensor probs;
  for (int start = 0; start < data.count; start += batch) {
    const int n = std::min(batch, data.count - start);
    x.resize({n, 1, data.rows, data.cols});
    for (size_t i = 0; i < static_cast<size_t>(n) * px; ++i)
      x[i] = data.images[static_cast<size_t>(start) * px + i] * (1.0f / 255.0f);
    softmax(net.forward(x), probs);
    const int k = probs.dim(1);
    for (int i = 0; i < n; ++i) {
      const float* row = probs.data() + static_cast<size_t>(i) * k;
      const int pred = static_cast<int>(std::max_element(row, row + k) - row);
      const int t = data.labels[start + i];
      r.loss -= std::log(std::max(row[t], 1e-12f));
      if (t < 10 && pred < 10) r.confusion[t][pred]++;
      r.correct += pred == t;
      r.total++;
    }
  }
  if (r.total) r.loss /= r.total;
  return r;
}

}  // namespace cnn
