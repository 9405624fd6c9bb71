// Relu, Affine, softmax / SoftmaxWithLoss, and the whole network against numerical gradients.
#include <catch2/catch_test_macros.hpp>

#include "cnn/architecture.h"
#include "cnn/network.h"
#include "test_util.h"

using namespace cnn;
using namespace cnn::test;

TEST_CASE("Relu forward and backward", "[relu]") {
  Relu relu("relu");
  const Tensor x({1, 5}, {-2, -0.5f, 0, 0.5f, 2});
  Tensor out, dx;
  relu.forward(x, out);
  CHECK(out.values() == std::vector<float>{0, 0, 0, 0.5f, 2});
  relu.backward(Tensor({1, 5}, {1, 1, 1, 1, 1}), dx);
  CHECK(dx.values() == std::vector<float>{0, 0, 0, 1, 1});
}

TEST_CASE("Affine flattens a 4-D input and restores its shape in backward", "[affine]") {
  Rng rng(2);
  Affine fc("affine1", 2 * 3 * 3, 4);
  fc.W = random_tensor(fc.W.shape(), rng);
  fc.b = random_tensor(fc.b.shape(), rng);
  Tensor x = random_tensor({3, 2, 3, 3}, rng);
  Tensor out, dx;
  fc.forward(x, out);
  REQUIRE(out.shape() == Shape{3, 4});
  // out = x · W + b, checked element by element.
  for (int n = 0; n < 3; ++n)
    for (int j = 0; j < 4; ++j) {
      double s = fc.b[j];
      for (int i = 0; i < 18; ++i) s += double(x[n * 18 + i]) * fc.W[i * 4 + j];
      CHECK(std::fabs(out[n * 4 + j] - s) < 1e-5);
    }
  const Tensor r = random_tensor(out.shape(), rng);
  fc.backward(r, dx);
  CHECK(dx.shape() == x.shape());
  const Tensor dW = fc.dW, db = fc.db;
  auto loss = [&] {
    Tensor o;
    fc.forward(x, o);
    return dot(o, r);
  };
  CHECK(gradient_check("Affine dx", x, dx, loss) < 1e-3);
  CHECK(gradient_check("Affine dW", fc.W, dW, loss) < 1e-3);
  CHECK(gradient_check("Affine db", fc.b, db, loss) < 1e-3);
}

TEST_CASE("Affine rejects a wrongly sized input, naming both shapes", "[affine][shape]") {
  Affine fc("affine1", 4320, 100);
  Tensor out;
  try {
    fc.forward(Tensor({2, 30, 24, 24}), out);
    FAIL("no error");
  } catch (const ShapeError& e) {
    const std::string msg = e.what();
    CHECK(msg.find("Affine 'affine1'") != std::string::npos);
    CHECK(msg.find("(N, 4320)") != std::string::npos);
    CHECK(msg.find("(2, 30, 24, 24)") != std::string::npos);
  }
}

TEST_CASE("softmax stays finite and correct for logits of +-1000", "[softmax]") {
  const Tensor logits({2, 3}, {1000, -1000, 999, -1000, -1000, -1000});
  Tensor p;
  softmax(logits, p);
  for (float v : p.values()) CHECK(std::isfinite(v));
  CHECK(std::fabs(p[0] - 1 / (1 + std::exp(-1.0f))) < 1e-6);
  CHECK(p[1] == 0.0f);
  CHECK(std::fabs(p[3] - 1.0f / 3) < 1e-6);
  SoftmaxWithLoss loss;
  const uint8_t right[2] = {0, 1}, wrong[2] = {1, 1};
  const float l1 = loss.forward(logits, right, 2);
  CHECK(std::isfinite(l1));
  const float l2 = loss.forward(logits, wrong, 2);  // −log softmax = 2000-ish, not inf
  CHECK(std::isfinite(l2));
  CHECK(l2 > 900.0f);
  Tensor d;
  loss.backward(d);
  for (float v : d.values()) CHECK(std::isfinite(v));
}

TEST_CASE("SoftmaxWithLoss backward matches numerical gradients", "[softmax][gradient]") {
  Rng rng(8);
  Tensor logits = random_tensor({4, 10}, rng, -3, 3);
  const uint8_t labels[4] = {3, 0, 9, 5};
  SoftmaxWithLoss swl;
  swl.forward(logits, labels, 4);
  Tensor d;
  swl.backward(d);
  CHECK(gradient_check("SoftmaxWithLoss", logits, d, [&] { return double(swl.forward(logits, labels, 4)); }, 1e-2f) <
        1e-3);
}

TEST_CASE("the whole network's backward matches numerical gradients", "[network][gradient]") {
  // A small SimpleConvNet: the same layers, fewer numbers to perturb.
  SimpleConvNetConfig cfg;
  cfg.height = cfg.width = 8;
  cfg.filters = 3;
  cfg.filter_size = 3;
  cfg.pad = 1;
  cfg.hidden = 6;
  auto net = make_simple_conv_net(cfg);
  Rng rng(4);
  init_weights(*net, rng, 0.3f);
  for (auto& p : net->params()) *p.value = random_tensor(p.value->shape(), rng, -0.5f, 0.5f);
  const Tensor x = random_tensor({3, 1, 8, 8}, rng, 0, 1);
  const uint8_t t[3] = {1, 7, 4};
  CHECK(network_gradient_check(*net, x, t, 1e-3f) < 2e-3);
}

TEST_CASE("the two-stage network's backward matches numerical gradients", "[network][gradient]") {
  // The lecture's whole structure, Conv-ReLU-Pool twice, Affine-ReLU, Affine(-Softmax) with the
  // shipped model's layers (cnn/architecture.h "two-stage"), small: every parameter checked.
  auto small = make_network("conv3x5p2,relu,pool2,conv4x5p2,relu,pool2,affine6,relu,affine10", {1, 8, 8});
  Rng rng(5);
  for (auto& p : small->params()) *p.value = random_tensor(p.value->shape(), rng, -0.5f, 0.5f);
  const Tensor xs = random_tensor({3, 1, 8, 8}, rng, 0, 1);
  const uint8_t t[3] = {2, 9, 0};
  CHECK(network_gradient_check(*small, xs, t, 1e-3f) < 2e-3);

  // At full size (1×28×28, conv 16 and 32 filters, 1568 → 100 → 10): 60 values of every
  // parameter. A conv weight moved by eps moves thousands of units, and those within eps of a
  // ReLU's 0 cross its kink, where central differences are off by O(eps): measured, conv1
  // 4.5e-2 with ReLU and pooling, 1.6e-3 without (conv16x5p2,affine10). So the Affine layers are
  // held to the small net's bound and the conv layers only to catching a wrong gradient.
  auto net = make_network("two-stage", {1, 28, 28});
  init_weights(*net, rng, 0.1f);
  const Tensor x = random_tensor({1, 1, 28, 28}, rng, 0, 1);
  net->loss(x, t);
  net->backward();
  for (auto& p : net->params()) {
    const Tensor grad = *p.grad;
    const bool conv = p.name.rfind("conv", 0) == 0;
    CHECK(gradient_check("two-stage " + p.name, *p.value, grad, [&] { return double(net->loss(x, t)); }, 1e-3f, 60) <
          (conv ? 1e-1 : 2e-3));
  }
}

TEST_CASE("SimpleConvNet has the course's shapes and 433 890 parameters", "[network]") {
  auto net = make_simple_conv_net();
  REQUIRE(net->size() == 6);
  CHECK(net->layer_output_shape(0) == Shape{30, 24, 24});
  CHECK(net->layer_output_shape(1) == Shape{30, 24, 24});
  CHECK(net->layer_output_shape(2) == Shape{30, 12, 12});
  CHECK(net->layer_output_shape(3) == Shape{100});
  CHECK(net->layer_output_shape(5) == Shape{10});
  CHECK(net->param_count() == 433890);
  Rng rng(1);
  init_weights(*net, rng);
  const Tensor x = random_tensor({2, 1, 28, 28}, rng, 0, 1);
  const Tensor& logits = net->forward(x);
  CHECK(logits.shape() == Shape{2, 10});
  // Every stage's activation is readable after the pass.
  CHECK(net->output(0).shape() == Shape{2, 30, 24, 24});
  CHECK(net->output(2).shape() == Shape{2, 30, 12, 12});
  CHECK(net->output(4).shape() == Shape{2, 100});
}

TEST_CASE("a network rejects a layer that does not fit the previous output", "[network][shape]") {
  Network net({1, 28, 28});
  net.add<Convolution>("conv1", 4, 1, 5, 5);
  CHECK_THROWS_AS(net.add<Affine>("affine1", 100, 10), ShapeError);
}
