#include "cnn/occlusion.h"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

#include "cnn/layers.h"
#include "cnn/simd.h"

namespace cnn {

namespace {
using simd::VW;
using simd::vfloat;

// The sum the convolution and the first Affine come down to here: out[0..n) += Σ_k d_k·row_k[0..n)
// over the inputs k that changed (row_k: the weights that input multiplies). The accumulators
// stay in SIMD registers, up to 8 vectors (32 filters in WebAssembly) at a time, while
// `for_each_term(add)` calls add(d_k, row_k) for every term. Returns how far it got (a multiple
// of VW); the caller adds the rest.
template <int NV, class ForEachTerm>
inline void add_terms_block(float* out, int offset, const ForEachTerm& for_each_term) {
  vfloat acc[NV];
  for (int v = 0; v < NV; ++v) acc[v] = simd::load<vfloat>(out + offset + v * VW);
  for_each_term([&](float d, const float* row) {
    const vfloat dv = d - vfloat{};  // d in every lane
    const float* w = row + offset;
    for (int v = 0; v < NV; ++v) acc[v] += dv * simd::load<vfloat>(w + v * VW);
  });
  for (int v = 0; v < NV; ++v) simd::store(out + offset + v * VW, acc[v]);
}

template <class ForEachTerm>
int add_terms(float* out, int n, const ForEachTerm& for_each_term) {
  int f = 0;
  while (f + VW <= n) {
    const int nv = std::min(8, (n - f) / VW);
    switch (nv) {
      case 8: add_terms_block<8>(out, f, for_each_term); break;
      case 7: add_terms_block<7>(out, f, for_each_term); break;
      case 6: add_terms_block<6>(out, f, for_each_term); break;
      case 5: add_terms_block<5>(out, f, for_each_term); break;
      case 4: add_terms_block<4>(out, f, for_each_term); break;
      case 3: add_terms_block<3>(out, f, for_each_term); break;
      case 2: add_terms_block<2>(out, f, for_each_term); break;
      default: add_terms_block<1>(out, f, for_each_term); break;
    }
    f += nv * VW;
  }
  return f;
}

// out[0..n) += Σ_k d[k]·rows[k][0..n)
void add_weighted_rows(float* out, int n, const std::vector<float>& d, const std::vector<const float*>& rows) {
  const std::size_t terms = d.size();
  const int f = add_terms(out, n, [&](const auto& add) {
    for (std::size_t k = 0; k < terms; ++k) add(d[k], rows[k]);
  });
  for (int i = f; i < n; ++i)
    for (std::size_t k = 0; k < terms; ++k) out[i] += d[k] * rows[k][i];
}
}  // namespace

// Convolution, input (H, W, C) → output (OH, OW, FN), on `out_rect` of the output: adds W·Δx for
// the elements of `in_rect` that differ from `ref` (Δx = x − ref; `ref` null: Δx = x), which are
// the only ones that changed. Unit (oy, ox) reads rows oy·S − P + ky and columns ox·S − P + kx.
void Occlusion::convolution_rect(const Stage& s, const Map& in, const float* x, const float* ref,
                                 const InputRect& in_rect, float* out_values, int out_w, const InputRect& out_rect) {
  const LayerWindow& win = s.window;
  const int C = in.C, F = s.filters, RW = in_rect.x1 - in_rect.x0;
  // The nonzero Δx of the input rectangle, pixel by pixel.
  delta_start_.assign(1, 0);
  delta_offset_.clear();
  delta_value_.clear();
  for (int iy = in_rect.y0; iy < in_rect.y1; ++iy)
    for (int ix = in_rect.x0; ix < in_rect.x1; ++ix) {
      const std::size_t at = (static_cast<std::size_t>(iy) * in.W + ix) * C;
      for (int c = 0; c < C; ++c) {
        const float d = ref ? x[at + c] - ref[at + c] : x[at + c];
        if (d == 0) continue;
        delta_offset_.push_back(c * win.kh * win.kw * s.padded_filters);  // channel c's taps in w_by_tap
        delta_value_.push_back(d);
      }
      delta_start_.push_back(static_cast<int>(delta_value_.size()));
    }
  acc_.assign(s.padded_filters, 0.0f);
  tap_weights_.resize(static_cast<std::size_t>(win.kh) * win.kw);
  tap_pixel_.resize(tap_weights_.size());
  const int KH = win.kh, KW = win.kw, S = win.stride, P = win.pad, FP = s.padded_filters;
  const int* start = delta_start_.data();
  const float* w_by_tap = s.w_by_tap.data();
  for (int oy = out_rect.y0; oy < out_rect.y1; ++oy)
    for (int ox = out_rect.x0; ox < out_rect.x1; ++ox) {
      // The taps of the window that fall on the rectangle (and on some Δx): weights and pixel.
      const int y0 = oy * S - P, x0 = ox * S - P;
      const int ky0 = std::max(0, in_rect.y0 - y0), ky1 = std::min(KH, in_rect.y1 - y0);
      const int kx0 = std::max(0, in_rect.x0 - x0), kx1 = std::min(KW, in_rect.x1 - x0);
      int taps = 0;
      for (int ky = ky0; ky < ky1; ++ky)
        for (int kx = kx0; kx < kx1; ++kx) {
          const int pixel = (y0 + ky - in_rect.y0) * RW + (x0 + kx - in_rect.x0);
          if (start[pixel] == start[pixel + 1]) continue;
          tap_weights_[taps] = w_by_tap + (static_cast<std::size_t>(ky) * KW + kx) * FP;
          tap_pixel_[taps++] = pixel;
        }
      if (taps == 0) continue;
      float* o = out_values + (static_cast<std::size_t>(oy) * out_w + ox) * F;
      std::copy(o, o + F, acc_.begin());
      const float* const* tap_w = tap_weights_.data();
      const int* tap_px = tap_pixel_.data();
      const int* offset = delta_offset_.data();
      const float* value = delta_value_.data();
      add_terms(acc_.data(), FP, [&](const auto& add) {
        for (int i = 0; i < taps; ++i)
          for (int t = start[tap_px[i]], end = start[tap_px[i] + 1]; t < end; ++t) add(value[t], tap_w[i] + offset[t]);
      });
      std::copy(acc_.begin(), acc_.begin() + F, o);
    }
}

namespace {
// ReLU on `rect` (same shape in and out).
void relu_rect(const float* x, int W, int C, const InputRect& rect, float* out) {
  for (int y = rect.y0; y < rect.y1; ++y) {
    const std::size_t a = (static_cast<std::size_t>(y) * W + rect.x0) * C, n = static_cast<std::size_t>(rect.x1 - rect.x0) * C;
    const float* __restrict in = x + a;
    float* __restrict o = out + a;
    for (std::size_t i = 0; i < n; ++i) o[i] = in[i] > 0 ? in[i] : 0.0f;
  }
}

// Max pooling, input (H, W, C) → output (OH, OW, C), on `rect` of the output. Padding never
// wins; a window that is all padding gives 0 (as Pooling::forward).
void pooling_rect(const float* x, int H, int W, int C, const LayerWindow& win, const InputRect& rect, float* out, int OW) {
  for (int oy = rect.y0; oy < rect.y1; ++oy)
    for (int ox = rect.x0; ox < rect.x1; ++ox) {
      float* __restrict o = out + (static_cast<std::size_t>(oy) * OW + ox) * C;
      std::fill(o, o + C, -std::numeric_limits<float>::infinity());
      bool any = false;
      for (int fy = 0; fy < win.kh; ++fy) {
        const int y = oy * win.stride - win.pad + fy;
        if (y < 0 || y >= H) continue;
        for (int fx = 0; fx < win.kw; ++fx) {
          const int xx = ox * win.stride - win.pad + fx;
          if (xx < 0 || xx >= W) continue;
          any = true;
          const float* __restrict in = x + (static_cast<std::size_t>(y) * W + xx) * C;
          for (int c = 0; c < C; ++c) o[c] = in[c] > o[c] ? in[c] : o[c];
        }
      }
      if (!any) std::fill(o, o + C, 0.0f);
    }
}

void copy_rect(const std::vector<float>& from, int W, int C, const InputRect& rect, std::vector<float>& to) {
  for (int y = rect.y0; y < rect.y1; ++y) {
    const std::size_t a = (static_cast<std::size_t>(y) * W + rect.x0) * C, n = static_cast<std::size_t>(rect.x1 - rect.x0) * C;
    std::copy(from.begin() + a, from.begin() + a + n, to.begin() + a);
  }
}
}  // namespace

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

  // The layers before the first Affine, and their maps.
  maps_.push_back(Map{1, H_, W_, {}, {}, {}});
  for (first_affine_ = 0; first_affine_ < net.size(); ++first_affine_) {
    const Layer& layer = net.layer(first_affine_);
    const std::string kind = layer.kind();
    if (kind == "Affine") break;
    Stage s;
    s.window = layer_window(layer);
    if (kind == "Convolution") {
      const auto& conv = static_cast<const Convolution&>(layer);
      s.kind = Stage::Kind::Convolution;
      s.filters = conv.filters();
      const int C = conv.channels(), FH = conv.filter_h(), FW = conv.filter_w(), F = s.filters;
      s.padded_filters = (F + VW - 1) / VW * VW;
      s.w_by_tap.assign(static_cast<std::size_t>(C) * FH * FW * s.padded_filters, 0.0f);
      for (int f = 0; f < F; ++f)
        for (int c = 0; c < C; ++c)
          for (int ky = 0; ky < FH; ++ky)
            for (int kx = 0; kx < FW; ++kx)
              s.w_by_tap[((static_cast<std::size_t>(c) * FH + ky) * FW + kx) * s.padded_filters + f] =
                  conv.W[((static_cast<std::size_t>(f) * C + c) * FH + ky) * FW + kx];
      s.bias.assign(conv.b.values().begin(), conv.b.values().end());
    } else if (kind == "Relu") {
      s.kind = Stage::Kind::Relu;
    } else if (kind == "Pooling") {
      s.kind = Stage::Kind::Pooling;
    } else {
      throw std::invalid_argument("occlusion_map: layer " + layer.name() + " (" + kind +
                                  ") before the first Affine is not a Convolution, ReLU or Pooling");
    }
    const Shape os = net.layer_output_shape(first_affine_);  // (C, H, W)
    maps_.push_back(Map{os[0], os[1], os[2], {}, {}, {}});
    stages_.push_back(std::move(s));
  }
  if (first_affine_ == net.size()) throw std::invalid_argument("occlusion_map: the network has no Affine layer");
  const auto& affine = static_cast<const Affine&>(net.layer(first_affine_));
  const Map& last = maps_.back();
  check_shape("Occlusion", "the first Affine's input", Shape{last.C * last.H * last.W}, Shape{affine.in_size()});
  affine_index_.resize(static_cast<std::size_t>(last.C) * last.H * last.W);
  for (int y = 0; y < last.H; ++y)  // (H, W, C) here, (C, H, W) flattened for the Affine
    for (int x = 0; x < last.W; ++x)
      for (int c = 0; c < last.C; ++c)
        affine_index_[(static_cast<std::size_t>(y) * last.W + x) * last.C + c] = (c * last.H + y) * last.W + x;
}

void Occlusion::compute_base(Network& net) {
  maps_[0].base = image_;
  for (std::size_t l = 0; l < stages_.size(); ++l) {
    const Stage& s = stages_[l];
    const Map& in = maps_[l];
    Map& out = maps_[l + 1];
    out.base.assign(static_cast<std::size_t>(out.C) * out.H * out.W, 0.0f);
    const InputRect all{0, 0, out.H, out.W};
    switch (s.kind) {
      case Stage::Kind::Convolution:
        for (std::size_t i = 0; i < out.base.size(); i += out.C) std::copy(s.bias.begin(), s.bias.end(), out.base.begin() + i);
        convolution_rect(s, in, in.base.data(), nullptr, InputRect{0, 0, in.H, in.W}, out.base.data(), out.W, all);
        break;
      case Stage::Kind::Relu: relu_rect(in.base.data(), in.W, in.C, all, out.base.data()); break;
      case Stage::Kind::Pooling: pooling_rect(in.base.data(), in.H, in.W, in.C, s.window, all, out.base.data(), out.W); break;
    }
  }
  for (Map& m : maps_) m.cur = m.base;
  const auto& affine = static_cast<const Affine&>(net.layer(first_affine_));
  const int out = affine.out_size();
  const std::vector<float>& x = maps_.back().base;
  affine_out_.assign(affine.b.data(), affine.b.data() + out);
  coeffs_.clear();
  rows_.clear();
  for (std::size_t j = 0; j < x.size(); ++j)
    if (x[j] != 0) {
      coeffs_.push_back(x[j]);
      rows_.push_back(affine.W.data() + static_cast<std::size_t>(affine_index_[j]) * out);
    }
  add_weighted_rows(affine_out_.data(), out, coeffs_, rows_);
}

void Occlusion::cover(int position) {
  const int py = position / PX_, px = position % PX_;
  Map& img = maps_[0];
  img.changed = InputRect{py, px, py + patch_, px + patch_};
  for (int r = py; r < py + patch_; ++r) std::fill(img.cur.begin() + r * W_ + px, img.cur.begin() + r * W_ + px + patch_, 0.0f);
  for (std::size_t l = 0; l < stages_.size(); ++l) {
    const Stage& s = stages_[l];
    const Map& in = maps_[l];
    Map& out = maps_[l + 1];
    out.changed = outputs_reading(s.window, in.changed, out.H, out.W);
    switch (s.kind) {  // out.cur holds the base values over `changed` (uncover restores them)
      case Stage::Kind::Convolution:
        convolution_rect(s, in, in.cur.data(), in.base.data(), in.changed, out.cur.data(), out.W, out.changed);
        break;
      case Stage::Kind::Relu: relu_rect(in.cur.data(), in.W, in.C, out.changed, out.cur.data()); break;
      case Stage::Kind::Pooling:
        pooling_rect(in.cur.data(), in.H, in.W, in.C, s.window, out.changed, out.cur.data(), out.W);
        break;
    }
  }
}

void Occlusion::uncover() {
  for (Map& m : maps_) copy_rect(m.base, m.W, m.C, m.changed, m.cur);
}

void Occlusion::affine_row(const Network& net, float* row) {
  const auto& affine = static_cast<const Affine&>(net.layer(first_affine_));
  const int out = affine.out_size();
  std::copy(affine_out_.begin(), affine_out_.end(), row);
  const Map& m = maps_.back();
  coeffs_.clear();
  rows_.clear();
  for (int y = m.changed.y0; y < m.changed.y1; ++y)
    for (int x = m.changed.x0; x < m.changed.x1; ++x)
      for (int c = 0; c < m.C; ++c) {
        const std::size_t j = (static_cast<std::size_t>(y) * m.W + x) * m.C + c;
        const float d = m.cur[j] - m.base[j];
        if (d == 0) continue;
        coeffs_.push_back(d);
        rows_.push_back(affine.W.data() + static_cast<std::size_t>(affine_index_[j]) * out);
      }
  add_weighted_rows(row, out, coeffs_, rows_);
}

const Tensor& Occlusion::finish_batch(Network& net) {
  outs_.resize(net.size());
  const Tensor* cur = &batch_;
  for (std::size_t i = first_affine_ + 1; i < net.size(); ++i) {
    net.layer(i).forward(*cur, outs_[i]);
    cur = &outs_[i];
  }
  return *cur;
}

bool Occlusion::step(Network& net, int max_images) {
  if (done()) return true;
  if (!have_base_) compute_base(net);
  const int extra = have_base_ ? 0 : 1;  // the first batch starts with the image itself
  const int n = std::min(std::max(1, max_images), static_cast<int>(todo_.size()) - next_ + extra);
  const int out = static_cast<int>(affine_out_.size());
  batch_.resize(Shape{n, out});
  for (int i = 0; i < n; ++i) {
    float* row = batch_.data() + static_cast<std::size_t>(i) * out;
    if (i < extra) {
      std::copy(affine_out_.begin(), affine_out_.end(), row);
      continue;
    }
    cover(todo_[next_ + i - extra]);
    affine_row(net, row);
    uncover();
  }
  const Tensor& logits = finish_batch(net);
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

}  // namespace cnn
