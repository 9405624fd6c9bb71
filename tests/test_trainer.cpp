// Training is reproducible: the same seed gives the same weights, and training in time
// slices (as the browser does between frames) gives the weights of an uninterrupted run.
#include <catch2/catch_test_macros.hpp>
#include <cstring>

#include "cnn/trainer.h"
#include "cnn/weights_io.h"

using namespace cnn;

namespace {
struct Toy {
  std::vector<uint8_t> images, labels;
  Dataset view() const { return Dataset{static_cast<int>(labels.size()), 28, 28, images.data(), labels.data()}; }
};
Toy toy(int n) {  // digits are not needed to test bookkeeping: random bytes and labels
  Rng rng(99);
  Toy t;
  t.images.resize(static_cast<size_t>(n) * 784);
  for (auto& v : t.images) v = static_cast<uint8_t>(rng.below(256));
  for (int i = 0; i < n; ++i) t.labels.push_back(static_cast<uint8_t>(rng.below(10)));
  return t;
}
std::vector<uint8_t> train_bytes(const Toy& data, int steps, bool augment) {
  SimpleConvNetConfig nc;
  nc.filters = 4;
  nc.hidden = 16;
  auto net = make_simple_conv_net(nc);
  Rng rng(5);
  init_weights(*net, rng);
  TrainConfig cfg;
  cfg.batch = 16;
  cfg.seed = 3;
  cfg.augment = augment;
  Trainer tr(*net, data.view(), cfg);
  for (int s = 0; s < steps; ++s) tr.step();
  return save_weights(*net);
}
}  // namespace

TEST_CASE("same seed, same weights; different seed, different weights", "[trainer]") {
  const Toy data = toy(50);
  const auto a = train_bytes(data, 7, true), b = train_bytes(data, 7, true);
  CHECK(a == b);
  const auto c = train_bytes(data, 8, true);
  CHECK(a != c);
}

TEST_CASE("time-sliced training equals an uninterrupted run", "[trainer]") {
  const Toy data = toy(40);  // 40 / 16: epochs end on a partial batch
  SimpleConvNetConfig nc;
  nc.filters = 4;
  nc.hidden = 16;
  auto n1 = make_simple_conv_net(nc), n2 = make_simple_conv_net(nc);
  Rng r1(5), r2(5);
  init_weights(*n1, r1);
  init_weights(*n2, r2);
  TrainConfig cfg;
  cfg.batch = 16;
  cfg.augment = true;
  Trainer t1(*n1, data.view(), cfg), t2(*n2, data.view(), cfg);
  for (int s = 0; s < 9; ++s) t1.step();
  while (t2.steps() < 9) t2.run_for(0.0);  // slices of at least one step each
  CHECK(t1.epoch() == 3);
  CHECK(t2.epoch() == t1.epoch());
  CHECK(save_weights(*n1) == save_weights(*n2));
}
