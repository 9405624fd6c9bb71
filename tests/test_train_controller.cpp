// The Train tab's controller (src/app/train/controller.*) with a fake page (TrainHost): the data
// file is asked for once and its failure said in words; a start before the data waits for it;
// a refused import leaves the demo's model unchanged; the model follows the session's weights;
// the status array is laid out as the facts the page reads say.
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <string>
#include <vector>

#include "test_util.h"
#include "train_test_util.h"
#include "app/train/controller.h"
#include "app/ui/i18n.h"
#include "cnn/architecture.h"
#include "cnn/mnist_subset.h"
#include "cnn/optimizer.h"
#include "cnn/weights_io.h"

using Catch::Matchers::ContainsSubstring;

namespace {

// The page, as the controller sees it: counts what it was asked and keeps a clock the test moves.
struct FakeHost : app::TrainHost {
  int fetches = 0, downloads = 0, picks = 0, task_requests = 0;
  std::vector<uint8_t> downloaded;
  std::string downloaded_name;
  double time = 100.0;
  void fetch_data() override { ++fetches; }
  void download(const std::vector<uint8_t>& bytes, const char* filename) override {
    ++downloads;
    downloaded = bytes;
    downloaded_name = filename;
  }
  void pick_weights_file() override { ++picks; }
  void train_after_frame() override { ++task_requests; }
  double now_seconds() override { return time; }
};

using cnn::test::toy_set;

const std::vector<uint8_t>& toy_data() {  // 120 training, 30 test digits
  static const std::vector<uint8_t> bytes = cnn::make_mnist_subset(toy_set(120, 5), toy_set(30, 6), 120, 30);
  return bytes;
}

// A small "shipped" model (the real one is compiled into the web build only).
const std::vector<uint8_t>& shipped_bytes() {
  static const std::vector<uint8_t> bytes = [] {
    cnn::SimpleConvNetConfig cfg;
    cfg.filters = 6;
    cfg.hidden = 20;
    auto net = cnn::make_simple_conv_net(cfg);
    cnn::Rng rng(9);
    cnn::init_weights(*net, rng);
    return cnn::save_weights(*net);
  }();
  return bytes;
}

// A small shipped two-stage model (conv1 4, conv2 6, hidden 16).
const std::vector<uint8_t>& shipped_two_stage_bytes() {
  static const std::vector<uint8_t> bytes = [] {
    auto net = cnn::make_network("conv4x5p2,relu,pool2,conv6x5p2,relu,pool2,affine16,relu,affine10", {1, 28, 28});
    cnn::Rng rng(10);
    cnn::init_weights(*net, rng);
    return cnn::save_weights(*net);
  }();
  return bytes;
}

struct Fixture {
  FakeHost host;
  app::TrainController train;
  app::Model model;
  Fixture() {
    app::set_language(app::Language::English);
    train.set_host(&host);
    train.set_shipped(shipped_bytes().data(), shipped_bytes().size());
    train.set_shipped_models({{"simple", shipped_bytes().data(), shipped_bytes().size()},
                              {"two-stage", shipped_two_stage_bytes().data(), shipped_two_stage_bytes().size()}});
    REQUIRE(model.load(shipped_bytes().data(), shipped_bytes().size()));
  }
  void data() {
    train.request_data();
    train.data_arrived(toy_data().data(), toy_data().size());
    REQUIRE(train.data_state() == app::TrainController::DataState::Ready);
  }
  // One frame: tick, then the page's tasks until the controller says the frame is used up.
  bool frame(int max_tasks = 3) {
    host.time += 1.0 / 60;
    const bool changed = train.tick(model);
    for (int i = 0; i < max_tasks && train.train_between_frames(); ++i) {
    }
    return changed;
  }
};

std::vector<uint8_t> weights_of(cnn::Network& net) { return cnn::save_weights(net); }

std::string words(const app::Problem& p) { return p ? app::describe(*p) : ""; }

}  // namespace

TEST_CASE("the data file is asked for once; its failure is said in words and refuses a start", "[train][controller]") {
  Fixture f;
  CHECK(f.train.data_state() == app::TrainController::DataState::NotRequested);
  f.train.request_data();
  f.train.request_data();
  CHECK(f.host.fetches == 1);
  CHECK(f.train.data_state() == app::TrainController::DataState::Loading);
  CHECK_THAT(f.train.data_message(), ContainsSubstring("Loading"));

  f.train.data_failed(cnn::phrase("download.err.http_404", {cnn::text("mnist-train.cnnd")}));
  CHECK(f.train.data_state() == app::TrainController::DataState::Failed);
  CHECK(f.train.data_message() == "The training data could not be used: mnist-train.cnnd is missing from the site (HTTP 404).");
  const app::Problem refused = f.train.start(false, app::test::small_settings());
  REQUIRE(refused);
  CHECK(app::describe(*refused) == f.train.data_message());
  CHECK_FALSE(f.train.session().has_network());
  CHECK(f.host.fetches == 1);  // a failed file is not fetched again

  // The message follows the language switch (it is kept as a key and values).
  app::set_language(app::Language::Korean);
  CHECK_THAT(f.train.data_message(), ContainsSubstring("학습 데이터를 사용할 수 없습니다"));
  CHECK_THAT(f.train.data_message(), ContainsSubstring("HTTP 404"));
  app::set_language(app::Language::English);
}

TEST_CASE("after a failed download, a retry fetches the data file again; its progress is said", "[train][controller]") {
  Fixture f;
  f.train.retry_data();  // nothing failed yet: nothing to retry
  CHECK(f.host.fetches == 0);
  f.train.request_data();
  f.train.data_progress(3.6e6, 8.6e6);
  CHECK(f.train.data_fraction() > 0.41f);
  CHECK(f.train.data_fraction() < 0.42f);
  CHECK_THAT(f.train.data_message(), ContainsSubstring("41 % (3.6 of 8.6 MB)"));
  f.train.data_progress(1.2e6, -1);
  CHECK(f.train.data_fraction() == -1.0f);
  CHECK_THAT(f.train.data_message(), ContainsSubstring("… 1.2 MB"));
  f.train.data_failed(cnn::phrase("download.err.stalled", {cnn::text("mnist-train.cnnd"), cnn::number(20), cnn::text("1.2")}));
  CHECK(f.train.data_message() ==
        "The training data could not be used: the download of mnist-train.cnnd stopped: no data arrived for 20 seconds (1.2 MB received).");
  CHECK(f.train.data_fraction() == -1.0f);
  f.train.request_data();  // a failure is not fetched again by itself...
  CHECK(f.host.fetches == 1);
  f.train.retry_data();  // ...only when asked
  CHECK(f.host.fetches == 2);
  CHECK(f.train.data_state() == app::TrainController::DataState::Loading);
  f.train.retry_data();  // loading: nothing more
  CHECK(f.host.fetches == 2);
  f.train.data_arrived(toy_data().data(), toy_data().size());
  CHECK(f.train.data_state() == app::TrainController::DataState::Ready);
  f.train.retry_data();
  CHECK(f.host.fetches == 2);
  CHECK(app::TrainController::max_data_bytes() == 24 + 70000 * 785 + 4);
  CHECK_THAT(app::train_facts_json(), ContainsSubstring("\"maxDataBytes\":54950028"));
}

TEST_CASE("a damaged data file is refused with the reader's reason", "[train][controller]") {
  Fixture f;
  std::vector<uint8_t> bad = toy_data();
  bad[bad.size() / 2] ^= 0x20;
  f.train.request_data();
  f.train.data_arrived(bad.data(), bad.size());
  CHECK(f.train.data_state() == app::TrainController::DataState::Failed);
  CHECK_THAT(f.train.data_message(), ContainsSubstring("damaged") && ContainsSubstring("checksum mismatch"));
}

TEST_CASE("start before the data arrives starts when it arrives", "[train][controller]") {
  Fixture f;
  CHECK_FALSE(f.train.start(false, app::test::small_settings()));
  CHECK(f.host.fetches == 1);
  CHECK_FALSE(f.train.session().has_network());
  f.frame();
  CHECK_FALSE(f.train.session().running());

  f.train.data_arrived(toy_data().data(), toy_data().size());
  CHECK(f.frame());  // this tick starts the session and shows its network in the demo
  CHECK(f.train.session().running());
  CHECK(f.train.showing_trained());
  CHECK(f.train.settings().filters == 4);
  CHECK(f.host.task_requests >= 1);
  CHECK(app::conv_filters(f.model.net()) == 4);
  CHECK(app::hidden_units(f.model.net()) == 16);
}

TEST_CASE("a start from the shipped model takes its architecture", "[train][controller]") {
  Fixture f;
  f.data();
  REQUIRE_FALSE(f.train.start(true, app::test::small_settings()));
  CHECK(f.train.settings().filters == 6);
  CHECK(f.train.settings().hidden == 20);
  CHECK(f.train.session().running());
}

TEST_CASE("training between frames moves the weights; tick copies them into the demo's model", "[train][controller]") {
  Fixture f;
  f.data();
  REQUIRE_FALSE(f.train.start(false, app::test::small_settings()));
  f.frame();
  for (int i = 0; i < 10; ++i) f.frame();
  REQUIRE(f.train.status().step > 0);
  // Paused, the next tick copies the latest weights at once.
  f.train.set_running(false);
  f.frame();
  CHECK(weights_of(f.model.net()) == f.train.export_weights());
  CHECK(f.train.status().showing_trained);

  // Back to the shipped model, and to the trained one again.
  f.train.use_shipped(f.model);
  CHECK_FALSE(f.train.showing_trained());
  CHECK(weights_of(f.model.net()) == shipped_bytes());
  f.train.use_trained();
  CHECK(f.frame());
  CHECK(weights_of(f.model.net()) == f.train.export_weights());
}

TEST_CASE("an import of a damaged file is refused and leaves the model unchanged", "[train][controller]") {
  Fixture f;
  f.data();
  REQUIRE_FALSE(f.train.start(false, app::test::small_settings()));
  for (int i = 0; i < 5; ++i) f.frame();
  f.train.set_running(false);
  f.frame();
  const std::vector<uint8_t> good = f.train.export_weights();
  const std::vector<uint8_t> shown = weights_of(f.model.net());

  std::vector<uint8_t> bad = good;
  bad[bad.size() / 2] ^= 0x10;
  const app::Problem refused = f.train.import_weights(bad.data(), bad.size(), f.model);
  REQUIRE(refused);
  CHECK_THAT(words(refused), ContainsSubstring("weights file invalid at byte") && ContainsSubstring("checksum"));
  CHECK(f.train.weights_message_is_error());
  CHECK_THAT(f.train.weights_message(), ContainsSubstring("The file was refused: weights file invalid"));
  CHECK(weights_of(f.model.net()) == shown);
  CHECK(f.train.export_weights() == good);

  // A good one is loaded and shown at once.
  f.train.reset();  // a fresh network: other weights
  f.frame();
  REQUIRE(f.train.export_weights() != good);
  CHECK_FALSE(f.train.import_weights(good.data(), good.size(), f.model));
  CHECK_FALSE(f.train.weights_message_is_error());
  CHECK(f.train.weights_message() == "Weights loaded (conv 4×5×5, hidden 16).");
  CHECK(weights_of(f.model.net()) == good);
}

TEST_CASE("export offers the weights as a download; upload asks the page", "[train][controller]") {
  Fixture f;
  f.train.download_weights();
  CHECK(f.host.downloads == 0);  // nothing to export yet
  f.data();
  REQUIRE_FALSE(f.train.start(false, app::test::small_settings()));
  f.train.download_weights();
  CHECK(f.host.downloads == 1);
  CHECK(f.host.downloaded == f.train.export_weights());
  CHECK(f.host.downloaded_name == "simple-trained.cnnw");
  f.train.pick_weights_file();
  CHECK(f.host.picks == 1);
}

TEST_CASE("architecture changes: a new network of the chosen size", "[train][controller]") {
  Fixture f;
  f.data();
  app::TrainSettings s8 = f.train.settings();
  s8.filters = 8;
  s8.hidden = 50;
  f.train.set_architecture(s8);  // no network yet: only the settings
  CHECK_FALSE(f.train.session().has_network());
  CHECK(f.train.settings().filters == 8);
  REQUIRE_FALSE(f.train.start(false, f.train.settings()));
  for (int i = 0; i < 3; ++i) f.frame();
  CHECK(f.train.architecture_change_loses_training());
  app::TrainSettings s16 = f.train.settings();
  s16.filters = 16;
  s16.hidden = 100;
  f.train.restart_with_architecture(s16);
  CHECK(f.train.session().running());  // it was running
  CHECK(f.train.status().step == 0);
  CHECK(app::conv_filters(*f.train.session().network()) == 16);
  CHECK(app::hidden_units(*f.train.session().network()) == 100);
}

TEST_CASE("the status array is laid out as the facts the page reads say", "[train][controller]") {
  Fixture f;
  f.data();
  REQUIRE_FALSE(f.train.start(false, app::test::small_settings()));
  for (int i = 0; i < 4; ++i) f.frame();
  const std::string facts = app::train_facts_json();
  CHECK_THAT(facts, ContainsSubstring("\"optimizers\":[\"sgd\",\"momentum\",\"adam\"]"));
  CHECK_THAT(facts, ContainsSubstring("\"architectures\":[{\"name\":\"simple\",\"filters\":[[8,16,30]]},"
                                     "{\"name\":\"two-stage\",\"filters\":[[8,16],[16,32]]}]"));
  CHECK_THAT(facts, ContainsSubstring("\"hidden\":[50,100]"));

  // The field names in the facts' order.
  std::vector<std::string> names;
  for (std::size_t at = facts.find("\"status\":"); (at = facts.find("[\"", at)) != std::string::npos;) {
    const std::size_t end = facts.find('"', at + 2);
    names.push_back(facts.substr(at + 2, end - at - 2));
    at = end;
  }
  REQUIRE(names.size() == app::TrainController::kStatusFieldCount);
  double v[app::TrainController::kStatusFieldCount];
  f.train.status_values(v);
  const app::TrainStatus s = f.train.status();
  auto value = [&](const char* name) {
    for (std::size_t i = 0; i < names.size(); ++i)
      if (names[i] == name) return v[i];
    FAIL("no status field " << name);
    return 0.0;
  };
  CHECK(value("running") == 1.0);
  CHECK(value("step") == static_cast<double>(s.step));
  CHECK(value("images") == static_cast<double>(s.images));
  CHECK(value("epoch") == s.epoch);
  CHECK(value("testAccuracy") == static_cast<double>(s.test_accuracy));
  CHECK(value("trainAccuracy") == static_cast<double>(s.train_accuracy));
  CHECK(value("showingTrained") == 1.0);
  CHECK(value("elapsedSeconds") == s.elapsed_seconds);
}

namespace {
app::TrainSettings small_two_stage() {
  app::TrainSettings s = app::test::small_settings();
  s.architecture = "two-stage";
  s.filters = 3;
  s.filters2 = 5;
  return s;
}
}  // namespace

TEST_CASE("the two-stage CNN trains from scratch, exports, and its import switches the tab to it", "[train][controller]") {
  Fixture f;
  f.data();
  REQUIRE_FALSE(f.train.start(false, small_two_stage()));
  CHECK(cnn::architecture_of(*f.train.session().network()) ==
        "conv3x5p2,relu,pool2,conv5x5p2,relu,pool2,affine16,relu,affine10");
  for (int i = 0; i < 6; ++i) f.frame();
  REQUIRE(f.train.status().step > 0);
  f.train.set_running(false);
  f.frame();
  CHECK(cnn::architecture_of(f.model.net()) == cnn::architecture_of(*f.train.session().network()));
  const std::vector<uint8_t> two = f.train.export_weights();
  f.train.download_weights();
  CHECK(f.host.downloaded_name == "two-stage-trained.cnnw");

  // A SimpleConvNet session; importing the two-stage file switches the architecture.
  REQUIRE_FALSE(f.train.start(false, app::test::small_settings()));
  f.frame();
  CHECK(f.train.settings().architecture == "simple");
  REQUIRE_FALSE(f.train.import_weights(two.data(), two.size(), f.model));
  CHECK(f.train.settings().architecture == "two-stage");
  CHECK(f.train.settings().filters == 3);
  CHECK(f.train.settings().filters2 == 5);
  CHECK(f.train.settings().hidden == 16);
  CHECK_FALSE(f.train.session().running());
  CHECK(f.train.export_weights() == two);
  CHECK(weights_of(f.model.net()) == two);
  CHECK(f.train.weights_message() == "Weights loaded (conv1 3×5×5, conv2 5×3×5×5, hidden 16).");
  // And back: a SimpleConvNet file switches to SimpleConvNet.
  REQUIRE_FALSE(f.train.import_weights(shipped_bytes().data(), shipped_bytes().size(), f.model));
  CHECK(f.train.settings().architecture == "simple");
  CHECK(f.train.settings().filters == 6);
}

TEST_CASE("a file of an architecture the tab cannot show is refused, naming its layers", "[train][controller]") {
  Fixture f;
  f.data();
  REQUIRE_FALSE(f.train.start(false, app::test::small_settings()));
  f.frame();
  f.train.set_running(false);
  f.frame();
  const std::vector<uint8_t> before = f.train.export_weights();
  const std::vector<uint8_t> shown = weights_of(f.model.net());
  for (const char* layers : {"conv8x3,relu,pool2,affine10", "conv4x5,relu,pool2,conv4x3,relu,affine16,relu,affine10",
                             "conv4x5p2,relu,pool2,conv6x5p2,relu,pool2,conv6x3p1,relu,affine16,relu,affine10"}) {
    auto net = cnn::make_network(layers, {1, 28, 28});
    cnn::Rng rng(4);
    cnn::init_weights(*net, rng);
    const std::vector<uint8_t> foreign = cnn::save_weights(*net);
    const app::Problem refused = f.train.import_weights(foreign.data(), foreign.size(), f.model);
    REQUIRE(refused);
    std::string in_words = layers;
    for (std::size_t at = 0; (at = in_words.find(',', at)) != std::string::npos; at += 2) in_words.insert(at + 1, " ");
    INFO(words(refused));
    CHECK_THAT(words(refused), ContainsSubstring("its network (" + in_words + ")") && ContainsSubstring("SimpleConvNet (conv30x5, relu, pool2"));
    CHECK(f.train.weights_message_is_error());
    CHECK(f.train.settings().architecture == "simple");
    CHECK(f.train.export_weights() == before);
    CHECK(weights_of(f.model.net()) == shown);
    app::set_language(app::Language::Korean);
    CHECK_THAT(f.train.weights_message(), ContainsSubstring(in_words) && ContainsSubstring("2단 CNN"));
    app::set_language(app::Language::English);
  }
}

TEST_CASE("a start from the shipped model takes the shipped model of the chosen architecture", "[train][controller]") {
  Fixture f;
  f.data();
  REQUIRE_FALSE(f.train.start(true, small_two_stage()));
  CHECK(f.train.settings().architecture == "two-stage");
  CHECK(f.train.settings().filters == 4);
  CHECK(f.train.settings().filters2 == 6);
  CHECK(f.train.session().running());
  // A model whose bytes have not arrived yet: said, nothing starts.
  f.train.set_shipped_models({{"simple", shipped_bytes().data(), shipped_bytes().size()}, {"two-stage", nullptr, 0}});
  const app::Problem missing = f.train.start(true, small_two_stage());
  REQUIRE(missing);
  CHECK(words(missing) == "the shipped model of this architecture (two-stage) is not loaded yet");
}

TEST_CASE("the tab's architectures as layer lists, and back", "[train][controller]") {
  app::TrainSettings s;
  CHECK(app::train_layers(s) == cnn::architecture_spec("simple"));
  const app::TrainSettings two = app::with_architecture(s, "two-stage");
  CHECK(app::train_layers(two) == cnn::architecture_spec("two-stage"));
  CHECK(two.filters == 16);
  CHECK(two.filters2 == 32);
  CHECK(two.hidden == 100);
  CHECK(app::with_architecture(two, "simple").filters == 30);
  CHECK(app::with_architecture(two, "nonsense").architecture == "two-stage");
  app::TrainSettings odd = two;
  odd.filters = 8;
  odd.filters2 = 16;
  odd.hidden = 50;
  CHECK(app::train_layers(odd) == "conv8x5p2,relu,pool2,conv16x5p2,relu,pool2,affine50,relu,affine10");
  app::TrainSettings back;
  REQUIRE(app::train_settings_of(*cnn::make_network(app::train_layers(odd), {1, 28, 28}), back));
  CHECK(back.architecture == "two-stage");
  CHECK(back.filters == 8);
  CHECK(back.filters2 == 16);
  CHECK(back.hidden == 50);
  CHECK_FALSE(app::train_settings_of(*cnn::make_network("conv8x5,relu,pool2,affine50,affine10", {1, 28, 28}), back));
  odd.architecture = "nonsense";
  CHECK(app::train_layers(odd).empty());
}
