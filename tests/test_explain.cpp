// Explanations (src/cnn/explain.*): every explained number is the number the network computed
// (conv, pool, affine, softmax of a forward pass), the lecture's worked example, and the two
// "why this digit" maps against independent computations (single forward passes, finite
// differences).
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "cnn/architecture.h"
#include "cnn/explain.h"
#include "cnn/mnist.h"
#include "cnn/random.h"

using namespace cnn;
using Catch::Matchers::WithinAbs;

namespace {
const Shape kDigit{1, kMnistRows, kMnistCols};

// A digit-like image: ink in a blob in the middle, background 0 elsewhere.
std::vector<float> blob_image(uint64_t seed) {
  Rng rng(seed);
  std::vector<float> img(kMnistPixels, 0.0f);
  for (int r = 8; r < 20; ++r)
    for (int c = 9; c < 19; ++c) img[r * kMnistCols + c] = rng.uniform();
  return img;
}

std::unique_ptr<Network> random_net(const char* arch, uint64_t seed) {
  auto net = make_network(arch, kDigit);
  Rng rng(seed);
  init_weights(*net, rng);
  for (Param& p : net->params())  // nonzero biases, so that the bias term is tested too
    if (p.name.back() == 'b')
      for (std::size_t i = 0; i < p.value->size(); ++i) (*p.value)[i] = rng.uniform(-0.1f, 0.1f);
  return net;
}

// The occlusion map from the drop of each patch position, as the map defines it: each pixel's
// mean over the positions whose patch covers it.
std::vector<float> mean_over_covering(const std::vector<double>& drop, int patch) {
  const int PY = kMnistRows - patch + 1, PX = kMnistCols - patch + 1;
  std::vector<float> map(kMnistPixels);
  for (int r = 0; r < kMnistRows; ++r)
    for (int c = 0; c < kMnistCols; ++c) {
      double s = 0;
      int n = 0;
      for (int py = std::max(0, r - patch + 1); py <= std::min(PY - 1, r); ++py)
        for (int px = std::max(0, c - patch + 1); px <= std::min(PX - 1, c); ++px, ++n) s += drop[py * PX + px];
      map[r * kMnistCols + c] = static_cast<float>(s / n);
    }
  return map;
}

const float* input_of(const Network& net, std::size_t layer) { return layer == 0 ? net.input().data() : net.output(layer - 1).data(); }
Shape input_shape_of(const Network& net, std::size_t layer) { return layer == 0 ? net.input_shape() : net.layer_output_shape(layer - 1); }
}  // namespace

TEST_CASE("explain: the lecture's example, 15 and with bias 3 18, as nine products", "[explain]") {
  Convolution conv("conv", 1, 1, 3, 3);
  const float f[] = {2, 0, 1, 0, 1, 2, 1, 0, 2};
  std::copy(f, f + 9, conv.W.data());
  conv.b[0] = 3;
  const float x[] = {1, 2, 3, 0, 0, 1, 2, 3, 3, 0, 1, 2, 2, 3, 0, 1};
  const ConvExplanation e = explain_convolution(conv, x, Shape{1, 4, 4}, 0, 0, 0);
  REQUIRE(e.terms.size() == 9);
  CHECK(e.channel_sums[0] == 15);
  CHECK(e.total == 18);
  CHECK(e.terms[0].w == 2);
  CHECK(e.terms[0].x == 1);
  CHECK(e.terms[8].x == 1);  // input (2, 2)
  CHECK(explain_convolution(conv, x, Shape{1, 4, 4}, 0, 0, 1).channel_sums[0] == 16);
  CHECK(explain_convolution(conv, x, Shape{1, 4, 4}, 0, 1, 0).channel_sums[0] == 6);
  CHECK_THROWS(explain_convolution(conv, x, Shape{1, 4, 4}, 0, 2, 0));
}

TEST_CASE("explain: every stage's explanation adds up to the value the network computed", "[explain]") {
  for (const char* arch : {"two-stage", "simple"}) {
    INFO(arch);
    auto net = random_net(arch, 11);
    const std::vector<float> img = blob_image(2);
    net->forward_one(img.data());
    for (std::size_t i = 0; i < net->size(); ++i) {
      const Layer& layer = net->layer(i);
      const Shape out = net->layer_output_shape(i);
      const float* in = input_of(*net, i);
      const Shape in_shape = input_shape_of(*net, i);
      if (const auto* conv = dynamic_cast<const Convolution*>(&layer)) {
        for (int c : {0, out[0] - 1})
          for (auto [y, x] : {std::pair{0, 0}, std::pair{out[1] / 2, out[2] / 2}, std::pair{out[1] - 1, 3}}) {
            const ConvExplanation e = explain_convolution(*conv, in, in_shape, c, y, x);
            CHECK(e.terms.size() == static_cast<std::size_t>(in_shape[0] * conv->filter_h() * conv->filter_w()));
            CHECK(e.channel_sums.size() == static_cast<std::size_t>(in_shape[0]));
            CHECK_THAT(e.total, WithinAbs(net->output(i)[(c * out[1] + y) * out[2] + x], 1e-4));
            for (const ConvTerm& t : e.terms)
              if (t.padding) CHECK(t.x == 0);
          }
      } else if (const auto* pool = dynamic_cast<const Pooling*>(&layer)) {
        for (auto [y, x] : {std::pair{0, 0}, std::pair{out[1] - 1, out[2] - 1}, std::pair{out[1] / 2, 1}}) {
          const PoolExplanation e = explain_pooling(*pool, in, in_shape, 1, y, x);
          CHECK(e.window.size() == 4);
          CHECK(e.value == net->output(i)[(1 * out[1] + y) * out[2] + x]);
          for (float v : e.window) CHECK(v <= e.value);
        }
      } else if (const auto* affine = dynamic_cast<const Affine*>(&layer)) {
        for (int u : {0, out[0] - 1}) {
          const AffineExplanation e = explain_affine(*affine, in, u);
          REQUIRE(e.top.size() == 10);
          CHECK(e.rest_count == affine->in_size() - 10);
          float sum = e.rest + e.bias;
          for (std::size_t k = 0; k < e.top.size(); ++k) {
            sum += e.top[k].w * e.top[k].x;
            if (k) CHECK(std::fabs(e.top[k - 1].w * e.top[k - 1].x) >= std::fabs(e.top[k].w * e.top[k].x));
          }
          CHECK_THAT(sum, WithinAbs(net->output(i)[u], 1e-4));
          CHECK_THAT(e.total, WithinAbs(net->output(i)[u], 1e-4));
        }
      }
    }
    std::vector<float> probs(10);
    net->predict(img.data(), probs.data());
    for (int k = 0; k < 10; ++k)
      CHECK_THAT(explain_softmax(net->output(net->size() - 1).data(), 10, k).prob, WithinAbs(probs[k], 1e-6));
  }
}

TEST_CASE("explain: occlusion, all patches in one batch, equals covering each patch alone", "[explain]") {
  auto net = random_net("two-stage", 5);
  const std::vector<float> img = blob_image(3);
  std::vector<float> probs(10);
  const int label = net->predict(img.data(), probs.data());
  for (int patch : {4, 7}) {
    const std::vector<float> map = occlusion_map(*net, img.data(), label, patch);
    REQUIRE(map.size() == static_cast<std::size_t>(kMnistPixels));
    // Pixel (0, 0) is covered by patch position (0, 0) alone, which lies on background: no drop.
    CHECK(map[0] == 0.0f);
    // The centre pixel's value is the mean over the patches that cover it, each computed alone.
    const int r = 14, c = 14, PX = kMnistCols - patch + 1;
    double sum = 0;
    int count = 0;
    for (int py = r - patch + 1; py <= r; ++py)
      for (int px = c - patch + 1; px <= c; ++px, ++count) {
        std::vector<float> covered = img;
        for (int y = py; y < py + patch; ++y)
          for (int x = px; x < px + patch; ++x) covered[y * kMnistCols + x] = 0;
        std::vector<float> p(10);
        net->predict(covered.data(), p.data());
        sum += probs[label] - p[label];
      }
    (void)PX;
    CHECK_THAT(map[r * kMnistCols + c], WithinAbs(sum / count, 1e-5));
  }
  CHECK_THROWS(occlusion_map(*net, img.data(), label, 0));
  CHECK_THROWS(occlusion_map(*net, img.data(), 10, 4));
}

TEST_CASE("explain: gradient x input agrees with finite differences of the logit", "[explain]") {
  auto net = random_net("two-stage", 9);
  const std::vector<float> img = blob_image(4);
  std::vector<float> probs(10);
  const int label = net->predict(img.data(), probs.data());
  const std::vector<float> gx = gradient_times_input(*net, img.data(), label);
  REQUIRE(gx.size() == static_cast<std::size_t>(kMnistPixels));
  CHECK(gx[0] == 0.0f);  // background pixels (x = 0) contribute nothing
  int checked = 0;
  for (int k = 0; k < 120; k += 7) {  // pixels of the blob (rows 8..19, columns 9..18)
    const int i = (8 + k / 10) * kMnistCols + 9 + k % 10;
    if (img[i] == 0) continue;
    const float h = 1e-3f;  // small enough that few ReLUs or pooling maxima switch
    std::vector<float> a = img, b = img;
    a[i] += h;
    b[i] -= h;
    const float za = net->forward_one(a.data())[label], zb = net->forward_one(b.data())[label];
    const float numeric = (za - zb) / (2 * h) * img[i];
    INFO("pixel " << i);
    CHECK_THAT(gx[i], WithinAbs(numeric, 2e-3 + 0.02 * std::fabs(numeric)));
    ++checked;
  }
  CHECK(checked >= 8);
}

TEST_CASE("explain: random cells of random inputs in both models, within 1e-5 of the network's values", "[explain]") {
  for (const char* arch : {"simple", "two-stage"}) {
    INFO(arch);
    auto net = random_net(arch, 21);
    Rng rng(77);
    for (int input = 0; input < 4; ++input) {
      std::vector<float> img = input % 2 ? blob_image(100 + input) : std::vector<float>(kMnistPixels);
      if (input % 2 == 0)
        for (float& v : img) v = rng.uniform() < 0.3f ? rng.uniform() : 0.0f;  // scattered ink
      net->forward_one(img.data());
      for (int k = 0; k < 60; ++k) {
        const std::size_t i = static_cast<std::size_t>(rng.uniform() * net->size()) % net->size();
        const Shape out = net->layer_output_shape(i);
        const int c = static_cast<int>(rng.uniform() * out[0]) % out[0];
        const int y = out.size() == 3 ? static_cast<int>(rng.uniform() * out[1]) % out[1] : 0;
        const int x = out.size() == 3 ? static_cast<int>(rng.uniform() * out[2]) % out[2] : 0;
        const std::size_t at = out.size() == 3 ? (static_cast<std::size_t>(c) * out[1] + y) * out[2] + x : c;
        const float value = net->output(i)[at];
        const Layer& layer = net->layer(i);
        INFO("layer " << i << " cell " << c << "," << y << "," << x);
        if (const auto* conv = dynamic_cast<const Convolution*>(&layer)) {
          const ConvExplanation e = explain_convolution(*conv, input_of(*net, i), input_shape_of(*net, i), c, y, x);
          double sum = e.bias;
          for (const ConvTerm& t : e.terms) sum += static_cast<double>(t.w) * t.x;
          CHECK_THAT(sum, WithinAbs(value, 1e-5));
          CHECK_THAT(e.total, WithinAbs(value, 1e-5));
        } else if (const auto* affine = dynamic_cast<const Affine*>(&layer)) {
          const AffineExplanation e = explain_affine(*affine, input_of(*net, i), c);
          double sum = static_cast<double>(e.rest) + e.bias;
          for (const AffineTerm& t : e.top) sum += static_cast<double>(t.w) * t.x;
          CHECK_THAT(sum, WithinAbs(value, 1e-5));
        } else if (const auto* pool = dynamic_cast<const Pooling*>(&layer)) {
          CHECK(explain_pooling(*pool, input_of(*net, i), input_shape_of(*net, i), c, y, x).value == value);
        }
      }
    }
  }
}

TEST_CASE("explain: the pooling trace picks the element the backward pass routes the gradient to", "[explain]") {
  for (const char* arch : {"simple", "two-stage"}) {
    INFO(arch);
    auto net = random_net(arch, 31);
    const std::vector<float> img = blob_image(8);
    net->forward_one(img.data());
    for (std::size_t i = 0; i < net->size(); ++i) {
      auto* pool = dynamic_cast<Pooling*>(&net->layer(i));
      if (!pool) continue;
      const Shape in = input_shape_of(*net, i), out = net->layer_output_shape(i);
      const Tensor x = net->output(i - 1);  // a copy: backward below needs no network
      int positive = 0;
      for (int c = 0; c < out[0]; c += 3)
        for (int y = 0; y < out[1]; ++y)
          for (int xo = 0; xo < out[2]; xo += 2) {
            const PoolExplanation e = explain_pooling(*pool, x.data(), in, c, y, xo);
            const int traced = (c * in[1] + e.y0 + e.argmax / e.cols) * in[2] + e.x0 + e.argmax % e.cols;
            // The gradient of this one output, routed back by the layer's own backward pass.
            Tensor dout(Shape{1, out[0], out[1], out[2]}), dx;
            dout[(static_cast<std::size_t>(c) * out[1] + y) * out[2] + xo] = 1.0f;
            pool->backward(dout, dx);
            int routed = -1;
            for (std::size_t k = 0; k < dx.size(); ++k)
              if (dx[k] != 0) routed = static_cast<int>(k);
            INFO("cell " << c << "," << y << "," << xo << " window max " << e.value);
            CHECK(routed == traced);
            positive += e.value > 0;
          }
      CHECK(positive > 10);  // not only windows of ReLU's zeros
      net->forward_one(img.data());
    }
  }
}

TEST_CASE("explain: occlusion marks the one region a hand-made network looks at", "[explain]") {
  // Class 1's logit is the sum of the pixels in rows 4..9, columns 16..21; class 0's is a constant.
  auto net = make_network("affine2", kDigit);
  auto& affine = static_cast<Affine&>(net->layer(0));
  affine.W.fill(0.0f);
  affine.b.fill(0.0f);
  affine.b[0] = 1.0f;
  const auto in_region = [](int r, int c) { return r >= 4 && r <= 9 && c >= 16 && c <= 21; };
  for (int r = 0; r < kMnistRows; ++r)
    for (int c = 0; c < kMnistCols; ++c)
      if (in_region(r, c)) affine.W[static_cast<std::size_t>(r * kMnistCols + c) * 2 + 1] = 0.2f;
  std::vector<float> img(kMnistPixels, 0.0f);  // ink over most of the image, the region included
  for (int r = 2; r < 26; ++r)
    for (int c = 2; c < 26; ++c) img[r * kMnistCols + c] = 0.8f;
  for (int patch : {4, 7}) {
    INFO("patch " << patch);
    const std::vector<float> map = occlusion_map(*net, img.data(), 1, patch);
    int best = 0;
    for (int i = 1; i < kMnistPixels; ++i)
      if (map[i] > map[best]) best = i;
    CHECK(in_region(best / kMnistCols, best % kMnistCols));
    for (int r = 0; r < kMnistRows; ++r)
      for (int c = 0; c < kMnistCols; ++c) {
        INFO("pixel " << r << "," << c);
        if (in_region(r, c)) CHECK(map[r * kMnistCols + c] > 0.0f);
        // No patch that covers a pixel this far from the region reaches it.
        const bool far = r < 4 - (patch - 1) || r > 9 + (patch - 1) || c < 16 - (patch - 1) || c > 21 + (patch - 1);
        if (far) CHECK(map[r * kMnistCols + c] == 0.0f);
      }
  }
}

TEST_CASE("explain: occlusion in batches of any size, skipping background patches, equals every patch alone", "[explain]") {
  auto net = random_net("two-stage", 41);
  const std::vector<float> img = blob_image(6);
  std::vector<float> probs(10);
  const int label = net->predict(img.data(), probs.data());
  const int patch = 7, PX = kMnistCols - patch + 1;
  // The reference: each covered image alone, every position (background ones too).
  std::vector<double> drop(PX * PX);
  for (int p = 0; p < PX * PX; ++p) {
    std::vector<float> covered = img, q(10);
    for (int y = p / PX; y < p / PX + patch; ++y)
      for (int x = p % PX; x < p % PX + patch; ++x) covered[y * kMnistCols + x] = 0;
    net->predict(covered.data(), q.data());
    drop[p] = probs[label] - q[label];
  }
  const std::vector<float> want = mean_over_covering(drop, patch);
  for (int batch : {1, 37, kOcclusionBatch, 100000}) {
    INFO("batch " << batch);
    Occlusion o(*net, img.data(), label, patch);
    CHECK(o.positions() == PX * PX);
    CHECK(o.forward_images() < o.positions());  // the blob leaves background patches to skip
    int steps = 0;
    while (!o.step(*net, batch)) ++steps;
    if (batch == 100000) CHECK(steps == 0);  // one batched pass
    const std::vector<float> map = o.map();
    for (int i = 0; i < kMnistPixels; ++i) CHECK_THAT(map[i], WithinAbs(want[i], 1e-5));
  }
}

TEST_CASE("explain: occlusion recomputing only what the patch changes equals full forward passes, every architecture", "[explain]") {
  // Occlusion recomputes only the units whose receptive field meets the patch; here every covered
  // image goes through the whole network (Network::predict), for every class, on an image with
  // ink nearly everywhere (so every position is computed, borders included), in both shipped
  // architectures and one with strides, pads, a 3×2 filter and padded 4×4 pooling.
  auto odd = std::make_unique<Network>(kDigit);
  odd->add<Convolution>("conv1", 6, 1, 4, 4, 2, 1);  // 14×14
  odd->add<Relu>("relu1");
  odd->add<Pooling>("pool1", 4, 4, 2, 1);  // 7×7
  odd->add<Convolution>("conv2", 8, 6, 3, 2, 1, 1);  // 7×8
  odd->add<Pooling>("pool2", 2, 2, 1);  // 6×7
  odd->add<Relu>("relu2");
  odd->add<Affine>("affine1", 8 * 6 * 7, 20);
  odd->add<Relu>("relu3");
  odd->add<Affine>("affine2", 20, 10);
  Rng rng(8);
  init_weights(*odd, rng);
  std::vector<std::pair<const char*, std::unique_ptr<Network>>> nets;
  nets.emplace_back("simple", random_net("simple", 21));
  nets.emplace_back("two-stage", random_net("two-stage", 22));
  nets.emplace_back("odd", std::move(odd));
  std::vector<float> img(kMnistPixels);
  for (int i = 0; i < kMnistPixels; ++i) img[i] = i % 7 == 3 ? 0.0f : rng.uniform();  // some background too
  for (auto& [name, net] : nets)
    for (int patch : {4, 7}) {
      INFO(name << ", patch " << patch);
      const int PX = kMnistCols - patch + 1;
      std::vector<float> probs(10);
      net->predict(img.data(), probs.data());
      std::vector<std::vector<float>> covered_probs(PX * PX, std::vector<float>(10));
      for (int p = 0; p < PX * PX; ++p) {
        std::vector<float> covered = img;
        for (int y = p / PX; y < p / PX + patch; ++y)
          for (int x = p % PX; x < p % PX + patch; ++x) covered[y * kMnistCols + x] = 0;
        net->predict(covered.data(), covered_probs[p].data());
      }
      double worst = 0;
      for (int label = 0; label < 10; ++label) {
        std::vector<double> drop(PX * PX);
        for (int p = 0; p < PX * PX; ++p) drop[p] = probs[label] - covered_probs[p][label];
        const std::vector<float> want = mean_over_covering(drop, patch);
        Occlusion o(*net, img.data(), label, patch);
        REQUIRE(o.forward_images() == o.positions());
        while (!o.step(*net, 50)) {
        }
        const std::vector<float> map = o.map();
        for (int i = 0; i < kMnistPixels; ++i) {
          worst = std::max(worst, std::abs(static_cast<double>(map[i]) - want[i]));
          CHECK_THAT(map[i], WithinAbs(want[i], 1e-5));
        }
      }
      WARN(name << ", patch " << patch << ": max |windowed - full forward| " << worst);
    }
}

TEST_CASE("explain: an all-zero filter gives a map equal to its bias", "[explain]") {
  for (const char* arch : {"simple", "two-stage"}) {
    INFO(arch);
    auto net = random_net(arch, 51);
    auto& conv = static_cast<Convolution&>(net->layer(0));
    const int f = 2, K = conv.channels() * conv.filter_h() * conv.filter_w();
    std::fill(conv.W.data() + f * K, conv.W.data() + (f + 1) * K, 0.0f);
    for (auto road : {Convolution::Road::Sparse, Convolution::Road::Im2col}) {
      conv.set_road(road);
      std::vector<float> img = blob_image(9);
      net->forward_one(img.data());
      const Shape out = net->layer_output_shape(0);
      const float* map = net->output(0).data() + static_cast<std::size_t>(f) * out[1] * out[2];
      for (int i = 0; i < out[1] * out[2]; ++i) CHECK(map[i] == conv.b[f]);
      const ConvExplanation e = explain_convolution(conv, net->input().data(), kDigit, f, out[1] / 2, out[2] / 2);
      CHECK(e.total == conv.b[f]);
    }
  }
}

TEST_CASE("explain: copy_network has the same weights and answers, copy_weights follows changes", "[explain]") {
  auto net = random_net("two-stage", 61);
  auto copy = copy_network(*net);
  const std::vector<float> img = blob_image(3);
  std::vector<float> a(10), b(10);
  net->predict(img.data(), a.data());
  copy->predict(img.data(), b.data());
  for (int k = 0; k < 10; ++k) CHECK(a[k] == b[k]);
  static_cast<Convolution&>(net->layer(0)).W[0] += 1.0f;
  copy_weights(*net, *copy);
  net->predict(img.data(), a.data());
  copy->predict(img.data(), b.data());
  for (int k = 0; k < 10; ++k) CHECK(a[k] == b[k]);
  auto other = random_net("simple", 1);
  CHECK_THROWS(copy_weights(*net, *other));
}
