// The Train panel's logic (src/app/train/session.*): training in time slices gives exactly the
// weights of an uninterrupted run; damaged data and weights files are refused with messages
// and leave the model unchanged.
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "test_util.h"
#include "app/train/session.h"
#include "app/ui/i18n.h"
#include "cnn/mnist_subset.h"
#include "cnn/weights_io.h"

using namespace cnn;
using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinRel;

namespace {

// Random bytes and labels: the bookkeeping does not need real digits.
using cnn::test::toy_set;

const std::vector<uint8_t>& toy_subset() {  // 200 training, 40 test digits
  static const std::vector<uint8_t> bytes = make_mnist_subset(toy_set(200, 7), toy_set(40, 8), 200, 40);
  return bytes;
}

// A session's problem in English words ("" when there is none).
std::string words(const app::Problem& p) {
  app::set_language(app::Language::English);
  return p ? app::describe(*p) : "";
}

app::TrainSettings small_settings() {
  app::TrainSettings s;
  s.filters = 4;
  s.hidden = 16;
  s.batch = 16;  // 13 steps per pass of 200 (the last batch has 8)
  s.lr = 0.002f;
  s.seed = 11;
  return s;
}

void start(app::TrainSession& session, const app::TrainSettings& s) {
  REQUIRE_FALSE(session.set_data(toy_subset().data(), toy_subset().size()));
  REQUIRE_FALSE(session.start_from_scratch(s));
  session.set_running(true);
}

}  // namespace

TEST_CASE("training in time slices gives the weights of an uninterrupted run", "[train]") {
  const app::TrainSettings s = small_settings();
  const int steps = 40;  // three passes and a bit: evaluations are interleaved

  // Reference: the core's Trainer, step after step, from the same initialisation.
  SimpleConvNetConfig nc;
  nc.filters = s.filters;
  nc.hidden = s.hidden;
  auto net = make_simple_conv_net(nc);
  Rng rng(s.seed);
  init_weights(*net, rng);
  const MnistSubset data = parse_mnist_subset(toy_subset().data(), toy_subset().size());
  TrainConfig cfg;
  cfg.batch = s.batch;
  cfg.optimizer = s.optimizer;
  cfg.lr = s.lr;
  cfg.lr_decay = s.lr_decay;
  cfg.seed = s.seed;
  Trainer trainer(*net, Dataset{data.train.count, 28, 28, data.train.images.data(), data.train.labels.data()}, cfg);
  for (int i = 0; i < steps; ++i) trainer.step();
  const std::vector<uint8_t> expected = save_weights(*net);

  // Sliced: a zero budget (one unit of work per slice) and caps of 1..3 steps per slice.
  app::TrainSession sliced;
  start(sliced, s);
  int slices = 0;
  while (sliced.status().step < steps) {
    sliced.slice(0.0, std::min<long long>(1 + slices % 3, steps - sliced.status().step));
    ++slices;
  }
  CHECK(slices > steps / 3);
  CHECK(sliced.export_weights() == expected);

  // One long slice.
  app::TrainSession whole;
  start(whole, s);
  CHECK(whole.slice(1e9, steps) == steps);
  CHECK(whole.export_weights() == expected);

  // The bookkeeping agrees with the trainer's.
  const app::TrainStatus st = sliced.status();
  CHECK(st.step == steps);
  CHECK(st.images == 3 * 200 + 1 * 16);
  CHECK(st.epoch > 3.0);
  CHECK(sliced.train_accuracy_history().size() == 3);
  CHECK(sliced.test_accuracy_history().size() == 7);  // before training + after each half pass (616 / 100)
  CHECK(sliced.loss_history().size() == static_cast<size_t>(steps));
  CHECK_THAT(sliced.learning_rate(), WithinRel(s.lr * s.lr_decay * s.lr_decay * s.lr_decay, 1e-5f));
}

TEST_CASE("a paused session does not train; evaluation still completes", "[train]") {
  app::TrainSession session;
  start(session, small_settings());
  session.set_running(false);
  const uint64_t v = session.weights_version();
  for (int i = 0; i < 5; ++i) CHECK(session.slice(0.01) == 0);
  CHECK(session.weights_version() == v);
  CHECK(session.test_accuracy_history().size() == 1);
  CHECK(session.status().test_accuracy >= 0);
}

TEST_CASE("a damaged or missing data file is refused with a message", "[train]") {
  app::TrainSession session;
  std::vector<uint8_t> bytes = toy_subset();
  bytes[bytes.size() / 2] ^= 0x40;
  const std::string crc = words(session.set_data(bytes.data(), bytes.size()));
  CHECK_THAT(crc, ContainsSubstring("damaged"));
  CHECK_THAT(words(session.set_data(bytes.data(), 10)), ContainsSubstring("damaged"));
  CHECK_THAT(words(session.set_data(nullptr, 0)), ContainsSubstring("damaged"));
  CHECK_FALSE(session.has_data());
  CHECK(session.slice(0.01) == 0);
}

TEST_CASE("weights export and import; a bad or foreign file leaves the model unchanged", "[train]") {
  app::TrainSession session;
  start(session, small_settings());
  session.slice(1e9, 5);
  const std::vector<uint8_t> saved = session.export_weights();
  REQUIRE_FALSE(saved.empty());
  session.slice(1e9, 5);
  const std::vector<uint8_t> later = session.export_weights();
  REQUIRE(later != saved);

  // Round trip.
  CHECK_FALSE(session.import_weights(saved.data(), saved.size()));
  CHECK(session.export_weights() == saved);
  CHECK_FALSE(session.running());

  // Damaged: the CRC catches it; the weights are those before the attempt.
  std::vector<uint8_t> bad = saved;
  bad[bad.size() - 40] ^= 0x01;
  const std::string crc = words(session.import_weights(bad.data(), bad.size()));
  CHECK_FALSE(crc.empty());
  CHECK(session.export_weights() == saved);
  const std::string cut = words(session.import_weights(saved.data(), saved.size() / 2));
  CHECK_FALSE(cut.empty());
  CHECK(session.export_weights() == saved);

  // Another architecture: refused, naming both shapes.
  app::TrainSettings other = small_settings();
  other.filters = 8;
  app::TrainSession session8;
  start(session8, other);
  const std::vector<uint8_t> foreign = session8.export_weights();
  const std::string arch = words(session.import_weights(foreign.data(), foreign.size()));
  INFO(arch);
  CHECK_THAT(arch, ContainsSubstring("4") && ContainsSubstring("8"));
  CHECK(session.export_weights() == saved);
}

TEST_CASE("copy_weights, clone_network and the architecture in words", "[train]") {
  SimpleConvNetConfig nc;
  nc.filters = 8;
  nc.hidden = 50;
  auto a = make_simple_conv_net(nc);
  Rng rng(3);
  init_weights(*a, rng);
  cnn::Message error;
  auto b = app::clone_network(*a, error);
  REQUIRE(b);
  CHECK(save_weights(*b) == save_weights(*a));
  app::set_language(app::Language::English);
  CHECK(app::describe(app::describe_architecture(*a)) == "conv 8×5×5, hidden 50");
  CHECK(app::conv_filters(*a) == 8);
  CHECK(app::hidden_units(*a) == 50);
  auto c = make_simple_conv_net(nc);
  CHECK(app::copy_weights(*a, *c));
  CHECK(save_weights(*c) == save_weights(*a));
  auto d = make_simple_conv_net({});
  CHECK_FALSE(app::copy_weights(*a, *d));
}

TEST_CASE("the frame pacer leaves the browser a reserve of every frame interval", "[train]") {
  app::FramePacer pacer;
  // A 60 Hz display: training stops 5 ms before the next frame is due.
  double t = 10.0;
  for (int i = 0; i < 50; ++i, t += 1.0 / 60) pacer.frame_began(t);
  t -= 1.0 / 60;
  CHECK_THAT(pacer.interval(), WithinRel(1.0 / 60, 1e-6));
  CHECK_THAT(pacer.deadline() - t, WithinRel(1.0 / 60 - app::FramePacer::kMinReserve, 1e-6));
  // A browser that draws slowly (60 ms a frame): training takes the time in between but 15 %.
  for (int i = 0; i < 50; ++i) pacer.frame_began(t += 0.060);
  CHECK_THAT(pacer.deadline() - t, WithinRel((1 - app::FramePacer::kReserveShare) * 0.060, 1e-3));
  // A pause (a hidden tab, seconds without frames) counts as kMaxInterval at most.
  pacer.frame_began(t += 5.0);
  CHECK(pacer.deadline() - t <= (1 - app::FramePacer::kReserveShare) * app::FramePacer::kMaxInterval + 1e-12);
  // A very fast display (240 Hz): no time between frames; the first step of a frame still runs.
  for (int i = 0; i < 50; ++i) pacer.frame_began(t += 1.0 / 240);
  CHECK(pacer.deadline() < t);
}

TEST_CASE("next_unit_seconds: the time of a step while running, of ten test digits while evaluating", "[train]") {
  app::TrainSession session;
  start(session, small_settings());
  CHECK(session.evaluating());  // point 0 of the test-accuracy plot is due
  session.slice(1e9, 0);
  CHECK_FALSE(session.evaluating());
  CHECK(session.next_unit_seconds() == 0);  // no step timed yet
  session.slice(1e9, 2);
  CHECK(session.next_unit_seconds() > 0);
  session.set_running(false);
  CHECK(session.next_unit_seconds() == 0);
}
