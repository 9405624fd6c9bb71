// Receptive fields (src/cnn/receptive_field.*): the sizes the lecture's structure implies, and
// that they are the truth: a unit's value changes with exactly the input pixels inside its
// rectangle (checked by perturbing pixels of a forward pass, not by restating the formula).
#include <catch2/catch_test_macros.hpp>

#include <vector>

#include "cnn/architecture.h"
#include "cnn/mnist.h"
#include "cnn/random.h"
#include "cnn/receptive_field.h"

using namespace cnn;

namespace {
const Shape kDigit{1, kMnistRows, kMnistCols};

std::vector<int> sizes(const Network& net) {
  std::vector<int> s;
  for (const ReceptiveField& f : receptive_fields(net)) s.push_back(f.size_h);
  return s;
}

// For unit (c, y, x) of layer `layer`: which input pixels change it when nudged.
std::vector<bool> sensitive_pixels(Network& net, int layer, int c, int y, int x) {
  Rng rng(7);
  std::vector<float> image(kMnistPixels);
  for (float& v : image) v = rng.uniform();
  const Shape s = net.layer_output_shape(layer);
  const int at = (c * s[1] + y) * s[2] + x;
  net.forward_one(image.data());
  const float base = net.output(layer)[at];
  std::vector<bool> sensitive(kMnistPixels);
  for (int i = 0; i < kMnistPixels; ++i) {
    std::vector<float> nudged = image;
    nudged[i] += 0.5f;
    net.forward_one(nudged.data());
    sensitive[i] = net.output(layer)[at] != base;
  }
  return sensitive;
}
}  // namespace

TEST_CASE("receptive fields: the two-stage model sees 5, 6, 14, 16 pixels; SimpleConvNet 5, 6", "[receptive]") {
  auto two = make_network("two-stage", kDigit);
  // conv1 relu1 pool1 conv2 relu2 pool2 affine1 relu3 affine2
  CHECK(sizes(*two) == std::vector<int>{5, 5, 6, 14, 14, 16, 28, 28, 28});
  const auto f = receptive_fields(*two);
  CHECK(f[2].jump_h == 2);   // pool1 halves the map
  CHECK(f[5].jump_h == 4);
  CHECK(f[0].start_h == -2); // pad 2: unit (0, 0) is centred on pixel (0, 0)
  auto simple = make_network("simple", kDigit);
  CHECK(sizes(*simple) == std::vector<int>{5, 5, 6, 28, 28, 28});
  // The unit at the centre of pool2 (3, 3) sees rows 6..21 (16 pixels), inside the image.
  const InputRect r = receptive_rect(*two, 5, 3, 3);
  CHECK(r.y0 == 6);
  CHECK(r.y1 == 22);
  // At the corner the field is clipped to the image.
  const InputRect corner = receptive_rect(*two, 5, 0, 0);
  CHECK(corner.y0 == 0);
  CHECK(corner.y1 == 10);
  CHECK_THROWS(receptive_rect(*two, 99, 0, 0));
}

TEST_CASE("receptive fields: nothing outside the rectangle changes a unit (two-stage, trained-like weights)", "[receptive]") {
  auto net = make_network("two-stage", kDigit);
  Rng rng(3);
  init_weights(*net, rng);
  for (int layer : {0, 2, 3, 5}) {
    const Shape s = net->layer_output_shape(layer);
    for (auto [y, x] : {std::pair{0, 0}, std::pair{s[1] / 2, s[2] / 3}, std::pair{s[1] - 1, s[2] - 1}}) {
      const InputRect r = receptive_rect(*net, layer, y, x);
      const std::vector<bool> sens = sensitive_pixels(*net, layer, 1, y, x);
      INFO("layer " << layer << " unit (" << y << ", " << x << ") rect rows " << r.y0 << ".." << r.y1 << " cols " << r.x0 << ".." << r.x1);
      for (int i = 0; i < kMnistPixels; ++i) {
        const int py = i / kMnistCols, px = i % kMnistCols;
        const bool inside = py >= r.y0 && py < r.y1 && px >= r.x0 && px < r.x1;
        if (!inside) REQUIRE_FALSE(sens[i]);
      }
    }
  }
}

TEST_CASE("receptive fields: in a network without ReLU or max pooling every pixel of the rectangle matters", "[receptive]") {
  // Linear layers (no dead units, no max choosing one pixel): the rectangle is exactly the set of
  // pixels the unit depends on, strides and pads included.
  auto net = make_network("conv3x5p2,conv3x4s2,conv2x5p1s2,affine10", kDigit);
  Rng rng(5);
  init_weights(*net, rng);
  for (int layer : {0, 1, 2}) {
    const Shape s = net->layer_output_shape(layer);
    for (auto [y, x] : {std::pair{0, 0}, std::pair{s[1] / 2, s[2] / 2}, std::pair{s[1] - 1, 1}}) {
      const InputRect r = receptive_rect(*net, layer, y, x);
      const std::vector<bool> sens = sensitive_pixels(*net, layer, 0, y, x);
      INFO("layer " << layer << " unit (" << y << ", " << x << ")");
      for (int i = 0; i < kMnistPixels; ++i) {
        const int py = i / kMnistCols, px = i % kMnistCols;
        REQUIRE(sens[i] == (py >= r.y0 && py < r.y1 && px >= r.x0 && px < r.x1));
      }
    }
  }
}

TEST_CASE("receptive fields: outputs_reading is every unit whose window meets the rectangle", "[receptive]") {
  // Against the definition, unit by unit: oy reads rows oy*S - P .. oy*S - P + K - 1.
  for (const LayerWindow w : {LayerWindow{5, 5, 1, 0}, LayerWindow{5, 3, 1, 2}, LayerWindow{2, 2, 2, 0},
                              LayerWindow{3, 3, 2, 1}, LayerWindow{1, 1, 1, 0}, LayerWindow{4, 2, 3, 1}}) {
    const int H = 13, W = 11;
    const int OH = (H + 2 * w.pad - w.kh) / w.stride + 1, OW = (W + 2 * w.pad - w.kw) / w.stride + 1;
    for (const InputRect in : {InputRect{0, 0, 1, 1}, InputRect{3, 2, 7, 6}, InputRect{9, 8, 13, 11}, InputRect{0, 0, 13, 11},
                               InputRect{5, 5, 6, 6}, InputRect{4, 4, 4, 9}}) {
      INFO("window " << w.kh << "x" << w.kw << " s" << w.stride << " p" << w.pad << ", rows [" << in.y0 << ", " << in.y1
                     << ") cols [" << in.x0 << ", " << in.x1 << ")");
      const InputRect r = outputs_reading(w, in, OH, OW);
      for (int oy = 0; oy < OH; ++oy)
        for (int ox = 0; ox < OW; ++ox) {
          const int y0 = oy * w.stride - w.pad, x0 = ox * w.stride - w.pad;
          const bool meets = in.y0 < in.y1 && in.x0 < in.x1 && y0 < in.y1 && y0 + w.kh > in.y0 && x0 < in.x1 && x0 + w.kw > in.x0;
          REQUIRE(meets == (oy >= r.y0 && oy < r.y1 && ox >= r.x0 && ox < r.x1));
        }
    }
  }
}
