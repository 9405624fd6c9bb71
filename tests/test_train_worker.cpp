// Training in the worker (src/app/train/worker_engine.*, worker_protocol.*) with the Train
// tab's controller on the other end: a host whose "worker" is a WorkerEngine in this process,
// its messages carried as bytes as the page carries them. The worker trains what the
// controller built; the controller's copy and the demo's model follow its reports; pause and
// settings reach it; a worker that dies leaves the tab training on the main thread from the
// last weights; the messages survive a round trip and a damaged one is refused.
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <deque>
#include <string>
#include <vector>

#include "test_util.h"
#include "train_test_util.h"
#include "app/train/controller.h"
#include "app/train/worker_engine.h"
#include "app/ui/i18n.h"
#include "cnn/mnist_subset.h"
#include "cnn/weights_io.h"

using Catch::Matchers::ContainsSubstring;

namespace {

using cnn::test::toy_set;

const std::vector<uint8_t>& toy_data() {
  static const std::vector<uint8_t> bytes = cnn::make_mnist_subset(toy_set(120, 5), toy_set(30, 6), 120, 30);
  return bytes;
}

// The page with a worker: messages to it queue up; pump() lets the worker read them, train a
// little, and send its reports back, as the two event loops would.
struct WorkerHost : app::TrainHost {
  bool can_start = true;
  int starts = 0, task_requests = 0;
  double time = 50.0;
  std::deque<std::vector<uint8_t>> to_worker;
  app::WorkerEngine engine;
  app::TrainController* controller = nullptr;
  void fetch_data() override {}
  void download(const std::vector<uint8_t>&, const char*) override {}
  void pick_weights_file() override {}
  void train_after_frame() override { ++task_requests; }
  double now_seconds() override { return time; }
  bool start_worker() override { return ++starts, can_start; }
  void send_to_worker(const std::vector<uint8_t>& m) override { to_worker.push_back(m); }
  void ready() {
    app::WorkerMessage m;
    m.type = static_cast<uint32_t>(app::WorkerReport::Ready);
    const std::vector<uint8_t> bytes = app::encode(m);
    controller->worker_message(bytes.data(), bytes.size());
  }
  void pump(int slices = 1) {
    for (; !to_worker.empty(); to_worker.pop_front()) engine.command(to_worker.front().data(), to_worker.front().size());
    for (int i = 0; i < slices; ++i) {
      engine.work(1e-4);  // each slice at least one step
      time += app::WorkerEngine::kReportSeconds;
      for (const auto& r : engine.reports(time)) controller->worker_message(r.data(), r.size());
    }
  }
};

struct Fixture {
  WorkerHost host;
  app::TrainController train;
  app::Model model;
  Fixture() {
    app::set_language(app::Language::English);
    host.controller = &train;
    train.set_host(&host);
    train.request_data();
    host.ready();
    train.data_arrived(toy_data().data(), toy_data().size());
  }
  bool frame() {
    host.time += 1.0 / 60;
    return train.tick(model);
  }
};

}  // namespace

TEST_CASE("the worker trains the network the controller built; the demo's model follows its reports", "[train][worker]") {
  Fixture f;
  CHECK(f.host.starts == 1);
  CHECK(f.train.engine() == app::TrainController::Engine::Worker);
  CHECK_THAT(f.train.engine_message(), ContainsSubstring("background worker"));
  REQUIRE_FALSE(f.train.start(false, app::test::small_settings()));
  const std::vector<uint8_t> initial = f.train.export_weights();
  f.frame();
  CHECK(f.host.task_requests == 0);  // nothing trains between frames
  CHECK_FALSE(f.train.train_between_frames());
  CHECK(f.train.status().running);
  CHECK(f.train.status().in_worker);
  CHECK(f.train.status().step == 0);

  f.host.pump(12);
  REQUIRE(f.host.engine.session().status().step >= 3);
  const app::TrainStatus s = f.train.status();
  CHECK(s.step == f.host.engine.session().status().step);  // the last report's figures
  CHECK(s.images == f.host.engine.session().status().images);
  CHECK(f.train.session().loss_history() == f.host.engine.session().loss_history());
  CHECK(f.train.session().test_accuracy_history().size() >= 1);  // the evaluation before training
  cnn::Network& engine_net = *const_cast<app::TrainSession&>(f.host.engine.session()).network();
  CHECK(f.train.export_weights() == cnn::save_weights(engine_net));
  CHECK(f.train.export_weights() != initial);
  f.frame();
  CHECK(cnn::save_weights(f.model.net()) == f.train.export_weights());

  // Pause reaches the worker; the status says so at once.
  f.train.set_running(false);
  CHECK_FALSE(f.train.status().running);
  f.host.pump(3);
  const long long paused_at = f.host.engine.session().status().step;
  f.host.pump(3);
  CHECK(f.host.engine.session().status().step == paused_at);
  CHECK_FALSE(f.host.engine.session().running());

  // Settings reach it.
  app::TrainSettings s2 = f.train.settings();
  s2.lr = 0.0005f;
  f.train.apply(s2);
  f.host.pump();
  CHECK(f.host.engine.session().settings().lr == 0.0005f);
}

TEST_CASE("reports of a network replaced meanwhile are ignored", "[train][worker]") {
  Fixture f;
  REQUIRE_FALSE(f.train.start(false, app::test::small_settings()));
  f.host.pump(2);
  // A new network (Reset) while the worker's reports of the old one are on their way.
  f.host.engine.work(1e-4);
  const auto stale = f.host.engine.reports(f.host.time += 1);
  REQUIRE_FALSE(stale.empty());
  f.train.reset();
  const std::vector<uint8_t> fresh = f.train.export_weights();
  for (const auto& r : stale) f.train.worker_message(r.data(), r.size());
  CHECK(f.train.export_weights() == fresh);
  CHECK(f.train.status().step == 0);
}

TEST_CASE("a worker that dies leaves training on the main thread, from its last weights", "[train][worker]") {
  Fixture f;
  REQUIRE_FALSE(f.train.start(false, app::test::small_settings()));
  f.host.pump(4);
  const std::vector<uint8_t> last = f.train.export_weights();
  const app::TrainStatus reported = f.train.status();
  const std::vector<float> loss = f.train.session().loss_history();
  REQUIRE(reported.step > 0);
  REQUIRE_FALSE(loss.empty());
  f.train.worker_failed(cnn::phrase("train.why.out_of_memory"));
  // The read-outs go on from the worker's last report, not from step 0.
  CHECK(f.train.status().step == reported.step);
  CHECK(f.train.status().images == reported.images);
  CHECK(f.train.status().elapsed_seconds == reported.elapsed_seconds);
  CHECK(f.train.session().loss_history() == loss);
  CHECK(f.train.engine() == app::TrainController::Engine::MainThread);
  CHECK_FALSE(f.train.status().in_worker);
  CHECK_FALSE(f.train.running());
  CHECK(f.train.export_weights() == last);
  CHECK(f.train.engine_message() ==
        "Training runs on the page's main thread, between frames: the background worker stopped (out of memory). "
        "Training continues here from the last weights it sent; press Start or Resume.");
  app::set_language(app::Language::Korean);
  CHECK_THAT(f.train.engine_message(), ContainsSubstring("메인 스레드") && ContainsSubstring("메모리 부족"));
  app::set_language(app::Language::English);
  // Its late reports change nothing; Resume trains here, between frames.
  f.host.pump(2);
  CHECK(f.train.export_weights() == last);
  f.train.set_running(true);
  f.frame();
  CHECK(f.host.task_requests >= 1);
  for (int i = 0; i < 5 && f.train.train_between_frames(); ++i) {
  }
  f.frame();
  CHECK(f.train.session().running());
  CHECK(f.train.export_weights() != last);
  CHECK(f.train.status().step > reported.step);  // counting on from there
  // And a new start works too.
  REQUIRE_FALSE(f.train.start(false, app::test::small_settings()));
  CHECK(f.train.running());
}

TEST_CASE("where no worker can start, training runs between frames and says why", "[train][worker]") {
  WorkerHost host;
  host.can_start = false;
  app::TrainController train;
  host.controller = &train;
  train.set_host(&host);
  app::set_language(app::Language::English);
  train.request_data();
  train.request_data();
  CHECK(host.starts == 1);
  CHECK_FALSE(train.in_worker());
  CHECK(train.engine_message() ==
        "Training runs on the page's main thread, between frames: this browser or page cannot start a background worker.");
  train.data_arrived(toy_data().data(), toy_data().size());
  REQUIRE_FALSE(train.start(false, app::test::small_settings()));
  CHECK(host.to_worker.empty());
  app::Model model;
  host.time += 1.0 / 60;
  train.tick(model);
  CHECK(host.task_requests == 1);
}

TEST_CASE("worker messages survive the round trip; damaged ones are refused", "[train][worker]") {
  app::WorkerMessage m;
  m.type = static_cast<uint32_t>(app::WorkerReport::Progress);
  m.generation = 7;
  m.flag = true;
  m.settings.architecture = "two-stage";
  m.settings.filters2 = 16;
  m.settings.lr = 0.25f;
  m.settings.seed = 123456789;
  m.bytes = {1, 2, 3};
  m.progress.generation = 7;
  m.progress.readouts.status.step = 1234;
  m.progress.readouts.status.test_accuracy = 0.5f;
  m.progress.readouts.loss = {1.5f, 0.5f};
  m.progress.readouts.loss_group = 4;
  m.progress.weights = {0.25f, -1.0f, 3.0f};
  const std::vector<uint8_t> bytes = app::encode(m);
  const auto back = app::decode(bytes.data(), bytes.size());
  REQUIRE(back);
  CHECK(back->type == m.type);
  CHECK(back->generation == 7);
  CHECK(back->flag);
  CHECK(back->settings.architecture == "two-stage");
  CHECK(back->settings.filters2 == 16);
  CHECK(back->settings.lr == 0.25f);
  CHECK(back->settings.seed == 123456789u);
  CHECK(back->bytes == m.bytes);
  CHECK(back->progress.readouts.status.step == 1234);
  CHECK(back->progress.readouts.status.test_accuracy == 0.5f);
  CHECK(back->progress.readouts.loss == m.progress.readouts.loss);
  CHECK(back->progress.readouts.loss_group == 4);
  CHECK(back->progress.weights == m.progress.weights);
  // Every truncation, a longer message, a wrong magic, a lying count.
  for (std::size_t n = 0; n < bytes.size(); ++n) CHECK_FALSE(app::decode(bytes.data(), n));
  std::vector<uint8_t> longer = bytes;
  longer.push_back(0);
  CHECK_FALSE(app::decode(longer.data(), longer.size()));
  std::vector<uint8_t> wrong = bytes;
  wrong[0] ^= 1;
  CHECK_FALSE(app::decode(wrong.data(), wrong.size()));
  std::vector<uint8_t> lying = bytes;
  lying[bytes.size() - 4 * 3 - 4 + 3] = 0x7f;  // the weights' count
  CHECK_FALSE(app::decode(lying.data(), lying.size()));

  // The worker answers a damaged command with a Failed report, which the controller takes as
  // the worker failing.
  app::WorkerEngine engine;
  engine.command(wrong.data(), wrong.size());
  const auto reports = engine.reports(1.0);
  REQUIRE(reports.size() == 1);
  const auto failed = app::decode(reports[0].data(), reports[0].size());
  REQUIRE(failed);
  CHECK(failed->type == static_cast<uint32_t>(app::WorkerReport::Failed));
  CHECK(std::string(failed->bytes.begin(), failed->bytes.end()) == "a message the training worker cannot read");
}
