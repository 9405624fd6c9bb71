#include "cnn/receptive_field.h"

#include <algorithm>
#include <stdexcept>

#include "cnn/layers.h"

namespace cnn {

namespace {
// Window, stride and padding of a layer that slides a window; false for any other layer.
bool window_of(const Layer& layer, int& kh, int& kw, int& stride, int& pad) {
  if (const auto* c = dynamic_cast<const Convolution*>(&layer)) {
    kh = c->filter_h(), kw = c->filter_w(), stride = c->stride(), pad = c->pad();
    return true;
  }
  if (const auto* p = dynamic_cast<const Pooling*>(&layer)) {
    kh = p->pool_h(), kw = p->pool_w(), stride = p->stride(), pad = p->pad();
    return true;
  }
  return false;
}
}  // namespace

std::vector<ReceptiveField> receptive_fields(const Network& net) {
  const Shape in = net.input_shape();  // (C, H, W)
  const int H = in.size() == 3 ? in[1] : 1, W = in.size() == 3 ? in[2] : 1;
  std::vector<ReceptiveField> out;
  ReceptiveField rf;  // the input pixel itself
  bool spatial = true;
  for (std::size_t i = 0; i < net.size(); ++i) {
    spatial = spatial && net.layer_output_shape(i).size() == 3;
    int kh = 1, kw = 1, s = 1, p = 0;
    if (!spatial) {
      rf = ReceptiveField{H, W, H, W, 0, 0};  // a vector unit sees the whole image
    } else if (window_of(net.layer(i), kh, kw, s, p)) {
      rf.size_h += (kh - 1) * rf.jump_h;
      rf.size_w += (kw - 1) * rf.jump_w;
      rf.start_h -= p * rf.jump_h;
      rf.start_w -= p * rf.jump_w;
      rf.jump_h *= s;
      rf.jump_w *= s;
    }  // ReLU: unchanged
    out.push_back(rf);
  }
  return out;
}

InputRect receptive_rect(const Network& net, int layer, int y, int x) {
  const std::vector<ReceptiveField> fields = receptive_fields(net);
  if (layer < 0 || layer >= static_cast<int>(fields.size()))
    throw std::out_of_range("receptive_rect: layer " + std::to_string(layer) + " of " + std::to_string(fields.size()));
  const ReceptiveField& f = fields[layer];
  const Shape in = net.input_shape();
  const int H = in[in.size() - 2], W = in.back();
  InputRect r;
  r.y0 = std::clamp(f.start_h + y * f.jump_h, 0, H);
  r.x0 = std::clamp(f.start_w + x * f.jump_w, 0, W);
  r.y1 = std::clamp(f.start_h + y * f.jump_h + f.size_h, 0, H);
  r.x1 = std::clamp(f.start_w + x * f.jump_w + f.size_w, 0, W);
  return r;
}

}  // namespace cnn
