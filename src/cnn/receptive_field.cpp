#include "cnn/receptive_field.h"

#include <algorithm>
#include <stdexcept>

#include "cnn/layers.h"

namespace cnn {

LayerWindow layer_window(const Layer& layer) {
  if (const auto* c = dynamic_cast<const Convolution*>(&layer)) return {c->filter_h(), c->filter_w(), c->stride(), c->pad()};
  if (const auto* p = dynamic_cast<const Pooling*>(&layer)) return {p->pool_h(), p->pool_w(), p->stride(), p->pad()};
  return {};
}

namespace {
int floor_div(int n, int d) { return n >= 0 ? n / d : -((-n + d - 1) / d); }
}  // namespace

InputRect outputs_reading(const LayerWindow& w, const InputRect& in, int out_h, int out_w) {
  if (in.y0 >= in.y1 || in.x0 >= in.x1) return {};
  InputRect r;
  r.y0 = std::max(0, floor_div(in.y0 + w.pad - w.kh + 1 + w.stride - 1, w.stride));
  r.y1 = std::min(out_h, floor_div(in.y1 - 1 + w.pad, w.stride) + 1);
  r.x0 = std::max(0, floor_div(in.x0 + w.pad - w.kw + 1 + w.stride - 1, w.stride));
  r.x1 = std::min(out_w, floor_div(in.x1 - 1 + w.pad, w.stride) + 1);
  if (r.y0 >= r.y1 || r.x0 >= r.x1) return {};
  return r;
}

std::vector<ReceptiveField> receptive_fields(const Network& net) {
  const Shape in = net.input_shape();  // (C, H, W)
  const int H = in.size() == 3 ? in[1] : 1, W = in.size() == 3 ? in[2] : 1;
  std::vector<ReceptiveField> out;
  ReceptiveField rf;  // the input pixel itself
  bool spatial = true;
  for (std::size_t i = 0; i < net.size(); ++i) {
    spatial = spatial && net.layer_output_shape(i).size() == 3;
    if (!spatial) {
      rf = ReceptiveField{H, W, H, W, 0, 0};  // a vector unit sees the whole image
    } else {  // ReLU's 1×1 window leaves the field unchanged
      const LayerWindow w = layer_window(net.layer(i));
      rf.size_h += (w.kh - 1) * rf.jump_h;
      rf.size_w += (w.kw - 1) * rf.jump_w;
      rf.start_h -= w.pad * rf.jump_h;
      rf.start_w -= w.pad * rf.jump_w;
      rf.jump_h *= w.stride;
      rf.jump_w *= w.stride;
    }
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
