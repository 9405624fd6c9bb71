// Native threads: training with 1 and 2 threads gives the same weights within float
// tolerance (only the order of some sums changes), and parallel_for covers every index once.
#include <catch2/catch_test_macros.hpp>
#include <atomic>

#include "cnn/gemm.h"
#include "cnn/parallel.h"
#include "cnn/trainer.h"
#include "test_util.h"

using namespace cnn;
using namespace cnn::test;

namespace {
struct ThreadCount {  // restores the thread count when a test ends
  explicit ThreadCount(int n) { set_num_threads(n); }
  ~ThreadCount() { set_num_threads(1); }
};
std::vector<float> train_weights(int threads) {
  ThreadCount tc(threads);
  Rng rng(1);
  std::vector<uint8_t> images(300 * 784), labels(300);
  for (auto& v : images) v = static_cast<uint8_t>(rng.below(256));
  for (auto& v : labels) v = static_cast<uint8_t>(rng.below(10));
  auto net = make_simple_conv_net();
  init_weights(*net, rng);
  TrainConfig cfg;
  cfg.batch = 100;
  Trainer tr(*net, Dataset{300, 28, 28, images.data(), labels.data()}, cfg);
  for (int s = 0; s < 4; ++s) tr.step();
  std::vector<float> all;
  for (auto& p : net->params()) all.insert(all.end(), p.value->values().begin(), p.value->values().end());
  return all;
}
}  // namespace

TEST_CASE("parallel_for visits every index exactly once", "[threads]") {
  ThreadCount tc(2);
  for (int n : {0, 1, 2, 3, 17, 1000}) {
    std::vector<std::atomic<int>> hits(static_cast<size_t>(n));
    parallel_for(n, [&](int b, int e, int) {
      for (int i = b; i < e; ++i) hits[static_cast<size_t>(i)]++;
    });
    for (auto& h : hits) CHECK(h.load() == 1);
  }
}

TEST_CASE("training with 1 and 2 threads agrees within float tolerance", "[threads]") {
  const auto one = train_weights(1), two = train_weights(2);
  REQUIRE(one.size() == two.size());
  float worst = 0;
  for (size_t i = 0; i < one.size(); ++i) worst = std::fmax(worst, std::fabs(one[i] - two[i]));
  std::printf("1 vs 2 threads after 4 Adam steps: max abs weight difference %.2e\n", worst);
  CHECK(worst < 1e-4f);
}
