#include "app/lesson/shapes.h"

#include <algorithm>
#include <cmath>

#include "cnn/layers.h"
#include "cnn/mnist.h"
#include "cnn/receptive_field.h"

namespace app::lesson {

NetworkSummary summarize(cnn::Network& net) {
  NetworkSummary s;
  s.input = net.input_shape();
  cnn::Shape in = s.input;
  for (std::size_t i = 0; i < net.size(); ++i) {
    cnn::Layer& l = net.layer(i);
    NetworkBlock b{l.kind(), l.name(), in, net.layer_output_shape(i), l.param_count(), static_cast<int>(i)};
    in = b.out;
    s.blocks.push_back(b);
  }
  s.blocks.push_back(NetworkBlock{"Softmax", "softmax", in, in, 0, -1});
  s.total_params = net.param_count();
  return s;
}

std::unique_ptr<cnn::Network> make_fully_connected_net(int hidden) {
  auto net = std::make_unique<cnn::Network>(cnn::Shape{1, cnn::kMnistRows, cnn::kMnistCols});
  int in = cnn::kMnistPixels;
  for (int i = 1; i <= 4; ++i) {
    net->add<cnn::Affine>("affine" + std::to_string(i), in, hidden);
    net->add<cnn::Relu>("relu" + std::to_string(i));
    in = hidden;
  }
  net->add<cnn::Affine>("affine5", in, 10);
  return net;
}

std::vector<FieldStep> field_growth(const cnn::Network& net) {
  const std::vector<cnn::ReceptiveField> fields = cnn::receptive_fields(net);
  std::vector<FieldStep> out;
  for (std::size_t i = 0; i < net.size(); ++i) {
    const std::string kind = net.layer(i).kind();
    if (kind == "Convolution" || kind == "Pooling") out.push_back({net.layer(i).name(), fields[i].size_h});
  }
  return out;
}

std::string shape_text(const cnn::Shape& s) {
  std::string t;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i) t += "\u00d7";
    t += std::to_string(s[i]);
  }
  return t;
}

FlattenWindow flatten_window(int height, int width, int row, int col, int k) {
  // Mark the pixels of the window in an image, flatten it the way Affine does, and read
  // back where the marks went.
  cnn::Tensor img({1, height, width}, 0.0f);
  const int r0 = std::clamp(row - k / 2, 0, std::max(0, height - k));
  const int c0 = std::clamp(col - k / 2, 0, std::max(0, width - k));
  for (int i = 0; i < k && r0 + i < height; ++i)
    for (int j = 0; j < k && c0 + j < width; ++j) img[static_cast<std::size_t>(r0 + i) * width + c0 + j] = 1;
  img.reshape({1, height * width});
  FlattenWindow w;
  for (int i = 0; i < height * width; ++i)
    if (img[i] != 0) w.indices.push_back(i);
  if (!w.indices.empty()) w.span = w.indices.back() - w.indices.front() + 1;
  if (col + 1 < width) w.right = row * width + col + 1;
  if (row + 1 < height) w.below = (row + 1) * width + col;
  return w;
}

std::vector<float> flatten_image(const float* pixels, int height, int width) {
  cnn::Tensor img({1, height, width}, std::vector<float>(pixels, pixels + height * width));
  img.reshape({1, height * width});
  return img.values();
}

EdgeResponse edge_response(const float* filter, int fh, int fw, float bias) {
  const int n = 12;
  cnn::Convolution conv("probe", 1, 1, fh, fw);
  std::copy(filter, filter + fh * fw, conv.W.data());
  conv.b[0] = bias;
  EdgeResponse r;
  float strongest = -1;
  for (int e = 0; e < 4; ++e) {
    cnn::Tensor x({1, 1, n, n});
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) {
        bool light = false;
        switch (static_cast<Edge>(e)) {
          case Edge::Vertical: light = j >= n / 2; break;
          case Edge::Horizontal: light = i >= n / 2; break;
          case Edge::DiagonalDown: light = j - i > 0; break;   // light above the "\" line
          case Edge::DiagonalUp: light = i + j >= n; break;    // light below the "/" line
        }
        x.at(0, 0, i, j) = light ? 1.0f : 0.0f;
      }
    cnn::Tensor out;
    conv.forward(x, out);
    cnn::Tensor flipped_out;
    cnn::Tensor xf = x;
    for (auto& v : xf.values()) v = 1.0f - v;
    conv.forward(xf, flipped_out);
    const auto [lo, hi] = std::minmax_element(out.values().begin(), out.values().end());
    const float hi_f = *std::max_element(flipped_out.values().begin(), flipped_out.values().end());
    r.best[e] = *hi;
    r.opposite[e] = hi_f;  // the opposite polarity's best response
    (void)lo;
    if (*hi > strongest) { strongest = *hi; r.strongest = e; r.flipped = false; }
    if (hi_f > strongest) { strongest = hi_f; r.strongest = e; r.flipped = true; }
  }
  return r;
}

}  // namespace app::lesson
