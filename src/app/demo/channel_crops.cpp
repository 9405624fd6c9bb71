#include "app/demo/channel_crops.h"

#include <algorithm>
#include <chrono>

#include "cnn/layers.h"
#include "cnn/receptive_field.h"

namespace app {

namespace {
double now_ms() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
bool is_conv(const cnn::Network& net, int i) { return std::string(net.layer(i).kind()) == "Convolution"; }
bool is_relu_after_conv(const cnn::Network& net, int i) {
  return i > 0 && std::string(net.layer(i).kind()) == "Relu" && is_conv(net, i - 1);
}
constexpr double kThrottleMs = 1000;  // training: the crops follow the weights once a second
}  // namespace

int ChannelCrops::activation_layer(const cnn::Network& net, int stage) {
  if (is_conv(net, stage) && stage + 1 < static_cast<int>(net.size()) && is_relu_after_conv(net, stage + 1))
    return stage + 1;
  return stage;
}

std::string ChannelCrops::check(const cnn::Network& net, int stage, int channel) {
  std::string valid, names;
  int count = 0;
  for (int i = 0; i < static_cast<int>(net.size()); ++i)
    if (cnn::is_spatial_layer(net, i) && (is_conv(net, i) || is_relu_after_conv(net, i))) {
      valid += (count ? ", " : "") + std::to_string(i);
      names += (count ? ", " : "") + net.layer(i).name();
      ++count;
    }
  const int n = static_cast<int>(net.size());
  if (stage < 0 || stage >= n || !cnn::is_spatial_layer(net, stage) || !(is_conv(net, stage) || is_relu_after_conv(net, stage)))
    return "stage must be a convolution stage or the ReLU after one: " + valid + " (" + names + "), got " +
           std::to_string(stage);
  const int channels = net.layer_output_shape(stage)[0];
  if (channel < 0 || channel >= channels)
    return "channel must be 0.." + std::to_string(channels - 1) + " for " + net.layer(stage).name() + ", got " +
           std::to_string(channel);
  return "";
}

void ChannelCrops::weights_changed(bool throttled) {
  stale_ = true;
  throttled_ = throttled;
}

const CropSet& ChannelCrops::get(cnn::Network& net, int stage, int channel, const std::vector<SampleDigit>& samples,
                                 const float* drawing, int pad_sample) {
  const double t0 = now_ms();
  bool redo = !last_valid_ || last_.stage != stage || last_.channel != channel;
  if (net_ != &net) {  // another network: nothing computed is valid
    net_ = &net;
    stale_ = true;
    throttled_ = false;
  }
  if (stale_ && (!throttled_ || t0 - last_compute_ >= kThrottleMs)) {
    sample_peaks_.clear();
    drawing_peaks_.clear();
    stale_ = false;
    redo = true;
  }
  const bool with_drawing = drawing != nullptr && pad_sample < 0;
  if (with_drawing != have_drawing_ ||
      (with_drawing && !std::equal(drawing_.begin(), drawing_.end(), drawing))) {
    have_drawing_ = with_drawing;
    if (with_drawing) std::copy(drawing, drawing + kInputSize, drawing_.begin());
    drawing_peaks_.clear();
    redo = true;
  }
  if (static_cast<int>(samples.size()) != last_.samples) {
    sample_peaks_.clear();
    redo = true;
  }
  if (!redo && last_.pad_image == (with_drawing ? last_.samples : pad_sample)) return last_;

  const int layer = activation_layer(net, stage);
  if (!sample_peaks_.count(layer)) {
    if (sample_pixels_.size() != samples.size() * kInputSize) {
      sample_pixels_.resize(samples.size() * kInputSize);
      for (std::size_t i = 0; i < samples.size(); ++i)
        std::copy(samples[i].pixels.begin(), samples[i].pixels.end(), sample_pixels_.begin() + i * kInputSize);
    }
    sample_peaks_[layer] = cnn::activation_peaks(net, layer, sample_pixels_.data(), static_cast<int>(samples.size()));
    last_compute_ = t0;
    ++computations_;
  }
  cnn::ActivationPeaks peaks = sample_peaks_[layer];
  if (have_drawing_) {
    if (!drawing_peaks_.count(layer)) drawing_peaks_[layer] = cnn::activation_peaks(net, layer, drawing_.data(), 1);
    peaks.peaks.insert(peaks.peaks.end(), drawing_peaks_[layer].peaks.begin(), drawing_peaks_[layer].peaks.end());
    if (peaks.channels == 0) peaks.channels = drawing_peaks_[layer].channels;
  }
  CropSet s;
  s.stage = stage;
  s.channel = channel;
  s.layer = layer;
  const cnn::ReceptiveField f = cnn::receptive_fields(net)[layer];
  s.field_h = f.size_h;
  s.field_w = f.size_w;
  s.field = f;
  s.samples = static_cast<int>(samples.size());
  s.crops = cnn::top_activations(net, layer, peaks, channel, kCount);
  s.pad_image = have_drawing_ ? s.samples : pad_sample;
  s.ms = now_ms() - t0;
  last_ = std::move(s);
  last_valid_ = true;
  return last_;
}

}  // namespace app
