#include "app/demo/intervene.h"

#include <algorithm>
#include <cmath>

#include "cnn/layers.h"

namespace app {

namespace {
float* filter_of(cnn::Network& net, int layer, int index, std::size_t& size) {
  auto& conv = static_cast<cnn::Convolution&>(net.layer(layer));
  size = static_cast<std::size_t>(conv.channels()) * conv.filter_h() * conv.filter_w();
  return conv.W.data() + static_cast<std::size_t>(index) * size;
}
}  // namespace

const char* preset_key(FilterPreset p) {
  switch (p) {
    case FilterPreset::Off: return "intervene.off";
    case FilterPreset::Vertical: return "intervene.vertical";
    case FilterPreset::Horizontal: return "intervene.horizontal";
    case FilterPreset::Diagonal: return "intervene.diagonal";
    case FilterPreset::Laplacian: return "intervene.laplacian";
  }
  return "";
}

std::vector<float> preset_filter(FilterPreset p, int channels, int fh, int fw, float scale) {
  std::vector<float> one(static_cast<std::size_t>(fh) * fw, 0.0f);
  const int cy = fh / 2, cx = fw / 2;
  const auto sign = [](int v) { return static_cast<float>((v > 0) - (v < 0)); };
  for (int r = 0; r < fh; ++r)
    for (int c = 0; c < fw; ++c) {
      float& v = one[r * fw + c];
      switch (p) {
        case FilterPreset::Off: v = 0; break;
        case FilterPreset::Vertical: v = sign(c - cx); break;
        case FilterPreset::Horizontal: v = sign(r - cy); break;
        case FilterPreset::Diagonal: v = sign((c - cx) - (r - cy)); break;
        case FilterPreset::Laplacian: {
          const int dy = r - cy, dx = c - cx;
          v = dy == 0 && dx == 0 ? -4.0f : (std::abs(dy) + std::abs(dx) == 1 ? 1.0f : 0.0f);
          break;
        }
      }
    }
  const float peak = p == FilterPreset::Laplacian ? 4.0f : 1.0f;
  const float s = (scale > 0 ? scale : 0.3f) / peak / std::max(1, channels);
  std::vector<float> out;
  for (int ch = 0; ch < channels; ++ch)
    for (float v : one) out.push_back(v * s);
  return out;
}

std::string FilterEdits::check(const cnn::Network& net, int layer, int index) {
  std::string convs;
  for (std::size_t i = 0; i < net.size(); ++i)
    if (std::string(net.layer(i).kind()) == "Convolution")
      convs += (convs.empty() ? "" : " or ") + std::to_string(i) + " (" + net.layer(i).name() + ")";
  if (layer < 0 || layer >= static_cast<int>(net.size()) || std::string(net.layer(layer).kind()) != "Convolution")
    return "layer must be a Convolution stage: " + convs + ", got " + std::to_string(layer);
  const auto& conv = static_cast<const cnn::Convolution&>(net.layer(layer));
  if (index < 0 || index >= conv.filters())
    return "index must be in 0.." + std::to_string(conv.filters() - 1) + " for " + net.layer(layer).name() + ", got " +
           std::to_string(index);
  return "";
}

std::string FilterEdits::set(cnn::Network& net, int layer, int index, const float* values, std::size_t count) {
  const std::string bad = check(net, layer, index);
  if (!bad.empty()) return bad;
  std::size_t size = 0;
  float* w = filter_of(net, layer, index, size);
  if (count != size)
    return "a filter of " + net.layer(layer).name() + " has " + std::to_string(size) + " values (channels × height × width), got " +
           std::to_string(count);
  for (std::size_t i = 0; i < count; ++i)
    if (!std::isfinite(values[i])) return "value " + std::to_string(i) + " is " + (std::isnan(values[i]) ? "NaN" : "infinite");
  auto it = saved_.find({layer, index});
  if (it != saved_.end() && !std::equal(w, w + size, it->second.set.begin())) saved_.erase(it);  // replaced since
  Saved& s = saved_[{layer, index}];
  if (s.trained.empty()) s.trained.assign(w, w + size);
  std::copy(values, values + count, w);
  s.set.assign(values, values + count);
  return "";
}

std::string FilterEdits::set_preset(cnn::Network& net, int layer, int index, FilterPreset p) {
  const std::string bad = check(net, layer, index);
  if (!bad.empty()) return bad;
  const auto& conv = static_cast<const cnn::Convolution&>(net.layer(layer));
  std::size_t size = 0;
  const float* w = filter_of(net, layer, index, size);
  auto it = saved_.find({layer, index});
  const float* trained = it != saved_.end() ? it->second.trained.data() : w;  // scale from the trained filter
  float scale = 0;
  for (std::size_t i = 0; i < size; ++i) scale = std::max(scale, std::fabs(trained[i]));
  const std::vector<float> v = preset_filter(p, conv.channels(), conv.filter_h(), conv.filter_w(), scale);
  return set(net, layer, index, v.data(), v.size());
}

std::string FilterEdits::restore(cnn::Network& net, int layer, int index) {
  const std::string bad = check(net, layer, index);
  if (!bad.empty()) return bad;
  auto it = saved_.find({layer, index});
  if (it == saved_.end()) return "";
  std::size_t size = 0;
  float* w = filter_of(net, layer, index, size);
  if (size == it->second.set.size() && std::equal(w, w + size, it->second.set.begin()))
    std::copy(it->second.trained.begin(), it->second.trained.end(), w);
  saved_.erase(it);
  return "";
}

void FilterEdits::restore_all(cnn::Network& net) {
  while (!saved_.empty()) {
    const auto key = saved_.begin()->first;
    if (!check(net, key.first, key.second).empty()) {
      saved_.erase(saved_.begin());
      continue;
    }
    restore(net, key.first, key.second);
  }
}

}  // namespace app
