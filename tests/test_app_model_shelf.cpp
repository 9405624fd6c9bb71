// ModelShelf (app/demo/model_shelf.h): the model switch's models, the first compiled in and the
// others fetched on demand: their download states, their words, the check of what arrives.
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "app/demo/model_shelf.h"
#include "app/ui/i18n.h"

using Catch::Matchers::ContainsSubstring;

namespace {
std::vector<uint8_t> read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}
}  // namespace

TEST_CASE("a model fetched on demand: requested once, its progress said, checked when it arrives", "[app][models]") {
  const auto simple = read_file(std::string(CNN_SOURCE_DIR) + "/models/simpleconvnet.cnnw");
  const auto two = read_file(std::string(CNN_SOURCE_DIR) + "/models/two-stage.cnnw");
  REQUIRE(simple.size() > 1000);
  REQUIRE(two.size() > 1000);
  app::ModelShelf shelf;
  shelf.set({{"simple", simple.data(), simple.size(), "simpleconvnet.cnnw", simple.size()},
             {"two-stage", nullptr, 0, "two-stage.cnnw", two.size()}});
  CHECK(shelf.here(0));
  CHECK(shelf.state(1) == app::ModelShelf::State::NotRequested);
  CHECK(shelf.busy() == -1);
  CHECK_FALSE(shelf.request(0));  // here: nothing to fetch
  CHECK_FALSE(shelf.request(7));  // a bad index
  CHECK(shelf.request(1));
  CHECK_FALSE(shelf.request(1));  // loading: not fetched twice
  CHECK(shelf.busy() == 1);
  shelf.progress(1, 43000, 172000);
  CHECK(shelf.message(1) == "Loading this model's weights… 25 % (0.0 of 0.2 MB)");
  CHECK(shelf.fraction(1) == 0.25f);
  shelf.progress(1, 43000, -1);
  CHECK(shelf.message(1) == "Loading this model's weights… 0.0 MB");
  CHECK(shelf.fraction(1) == -1.0f);

  // Damaged bytes: refused with the loader's words; a retry fetches again.
  std::vector<uint8_t> cut(two.begin(), two.begin() + two.size() / 2);
  REQUIRE(shelf.arrived(1, cut.data(), cut.size()));
  CHECK(shelf.state(1) == app::ModelShelf::State::Failed);
  CHECK(shelf.models()[1].bytes == nullptr);
  CHECK_THAT(shelf.message(1), ContainsSubstring("This model could not be loaded: "));
  CHECK_THAT(shelf.message(1), ContainsSubstring("truncated"));
  CHECK(shelf.request(1));

  // The transfer's failure in words, in both languages.
  shelf.failed(1, cnn::phrase("download.err.stalled", {cnn::text("two-stage.cnnw"), cnn::number(20), cnn::text("0.1")}));
  CHECK(shelf.message(1) ==
        "This model could not be loaded: the download of two-stage.cnnw stopped: no data arrived for 20 seconds (0.1 MB "
        "received). Check the connection and try again.");
  app::set_language(app::Language::Korean);
  CHECK_THAT(shelf.message(1), ContainsSubstring("이 모델을 불러오지 못했습니다"));
  CHECK_THAT(shelf.message(1), ContainsSubstring("20초"));
  app::set_language(app::Language::English);
  CHECK(shelf.busy() == 1);

  // Arrived without being asked for (failed meanwhile): ignored.
  CHECK_FALSE(shelf.arrived(1, two.data(), two.size()));
  CHECK(shelf.state(1) == app::ModelShelf::State::Failed);

  // The retry brings the whole file: kept (a copy, owned by the shelf) and here.
  CHECK(shelf.request(1));
  std::vector<uint8_t> incoming = two;
  CHECK_FALSE(shelf.arrived(1, incoming.data(), incoming.size()));
  incoming.assign(incoming.size(), 0);  // the page's buffer is freed after the call
  CHECK(shelf.here(1));
  CHECK(shelf.busy() == -1);
  CHECK(shelf.message(1).empty());
  REQUIRE(shelf.models()[1].size == two.size());
  CHECK(std::vector<uint8_t>(shelf.models()[1].bytes, shelf.models()[1].bytes + two.size()) == two);
  CHECK_FALSE(shelf.request(1));
}
