// What a channel looks for (src/cnn/top_activations.*): on a hand-made set of 6×6 images whose
// answer is known, the strongest unit per image, the ranking (ties to the lower image index), the
// receptive-field rectangles (clipped at the border), and that the network's stored outputs and
// the batch size change nothing.
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <cmath>
#include <vector>

#include "cnn/architecture.h"
#include "cnn/layers.h"
#include "cnn/random.h"
#include "cnn/top_activations.h"

using namespace cnn;

namespace {
// conv 1 filter 3×3 (pad `pad`) → ReLU on a 6×6 image; the filter is a centre tap of `centre`:
// unit (y, x) is centre × pixel (y + 1 − pad, x + 1 − pad).
std::unique_ptr<Network> centre_tap_net(int pad, float centre) {
  auto net = make_network("conv1x3p" + std::to_string(pad) + ",relu", Shape{1, 6, 6});
  auto& conv = static_cast<Convolution&>(net->layer(0));
  conv.W.fill(0.0f);
  conv.W[4] = centre;
  conv.b.fill(0.0f);
  return net;
}
std::vector<float> image_with(std::vector<std::pair<int, float>> pixels) {
  std::vector<float> im(36, 0.0f);
  for (auto [at, v] : pixels) im[at] = v;
  return im;
}
}  // namespace

TEST_CASE("top activations: one per image, strongest first, ties to the lower image", "[top_activations]") {
  auto net = centre_tap_net(0, 1.0f);
  std::vector<float> set;
  for (const auto& im : {image_with({{2 * 6 + 3, 0.5f}}),                    // 0: 0.5 at pixel (2, 3)
                         image_with({{1 * 6 + 1, 0.9f}}),                    // 1: 0.9 at (1, 1)
                         image_with({}),                                     // 2: nothing: 0 everywhere
                         image_with({{4 * 6 + 4, 0.9f}, {2 * 6 + 2, 0.3f}}),  // 3: 0.9 at (4, 4) and 0.3
                         image_with({{0, 1.0f}})})                           // 4: 1.0 in the corner: no unit's centre
    set.insert(set.end(), im.begin(), im.end());
  const ActivationPeaks peaks = activation_peaks(*net, 1, set.data(), 5, 2);  // batches of 2, 2, 1
  REQUIRE(peaks.images() == 5);
  REQUIRE(peaks.channels == 1);
  const auto top = top_activations(*net, 1, peaks, 0, 3);
  REQUIRE(top.size() == 3);
  CHECK(top[0].image == 1);  // 0.9, before image 3's equal 0.9
  CHECK(top[0].y == 0);
  CHECK(top[0].x == 0);
  CHECK(top[0].value == 0.9f);
  CHECK(top[1].image == 3);
  CHECK(top[1].y == 3);
  CHECK(top[1].x == 3);
  CHECK(top[2].image == 0);
  CHECK(top[2].y == 1);
  CHECK(top[2].x == 2);
  CHECK(top[2].value == 0.5f);
  // unit (1, 2) of a 3×3 window without padding sees rows 1..3, columns 2..4
  CHECK(top[2].rect.y0 == 1);
  CHECK(top[2].rect.y1 == 4);
  CHECK(top[2].rect.x0 == 2);
  CHECK(top[2].rect.x1 == 5);
  // k larger than the set: every image once; the all-zero ones (0 and 4) last, the first unit on ties
  const auto all = top_activations(*net, 1, peaks, 0, 10);
  REQUIRE(all.size() == 5);
  CHECK(all[3].image == 2);
  CHECK(all[4].image == 4);
  CHECK(all[3].value == 0.0f);
  CHECK(all[3].y == 0);
  CHECK(all[3].x == 0);
  for (std::size_t i = 1; i < all.size(); ++i) CHECK(all[i - 1].value >= all[i].value);
}

TEST_CASE("top activations: the rectangle is clipped at the border", "[top_activations]") {
  auto net = centre_tap_net(1, -1.0f);  // a negative tap: only negative pixels give positive outputs
  const std::vector<float> set = image_with({{0, -2.0f}, {3 * 6 + 3, -1.0f}});
  const auto top = top_activations(*net, 1, activation_peaks(*net, 1, set.data(), 1), 0, 1);
  REQUIRE(top.size() == 1);
  CHECK(top[0].value == 2.0f);
  CHECK(top[0].y == 0);
  CHECK(top[0].x == 0);
  // with pad 1 unit (0, 0) sees rows -1..1: clipped to 0..1
  CHECK(top[0].rect.y0 == 0);
  CHECK(top[0].rect.y1 == 2);
  CHECK(top[0].rect.x0 == 0);
  CHECK(top[0].rect.x1 == 2);
}

TEST_CASE("top activations: the two-stage model's conv2 crops are 14 wide; stored outputs and batch size change nothing",
          "[top_activations]") {
  auto net = make_network("two-stage", Shape{1, 28, 28});
  Rng rng(3);
  init_weights(*net, rng);
  std::vector<float> set(7 * 784);
  for (float& v : set) v = rng.uniform();
  net->forward_one(set.data());
  const std::vector<float> before(net->output(4).data(), net->output(4).data() + net->output(4).size());
  const ActivationPeaks a = activation_peaks(*net, 4, set.data(), 7, 3), b = activation_peaks(*net, 4, set.data(), 7, 7);
  CHECK(std::vector<float>(net->output(4).data(), net->output(4).data() + net->output(4).size()) == before);
  REQUIRE(a.peaks.size() == b.peaks.size());
  for (std::size_t i = 0; i < a.peaks.size(); ++i) CHECK(std::fabs(a.peaks[i].value - b.peaks[i].value) <= 1e-5f);
  // image 0's peak is the maximum of the network's own relu2 map of image 0
  float m = 0;
  for (int i = 0; i < 14 * 14; ++i) m = std::max(m, before[5 * 196 + i]);
  CHECK(std::fabs(a.at(0, 5).value - m) <= 1e-5f);
  const auto top = top_activations(*net, 4, a, 5, 6);
  REQUIRE(top.size() == 6);
  for (const auto& t : top)
    if (t.y >= 3 && t.y <= 10 && t.x >= 3 && t.x <= 10) CHECK(t.rect.y1 - t.rect.y0 == 14);  // inside: unclipped
  CHECK_THROWS_WITH(top_activations(*net, 4, a, 32, 6), "top_activations: channel must be 0..31 for relu2, got 32");
  CHECK_THROWS_WITH(top_activations(*net, 6, a, 0, 6), "top_activations: layer must be a feature map, 0..5, got 6");
  CHECK_THROWS_AS(top_activations(*net, 1, a, 0, 6), std::invalid_argument);  // relu1 has 16 channels, the peaks 32
}
