// Every message a student can read exists in English and Korean (the UI's strings and the core's
// message keys), with the same values in both; the core's messages reach the screen worded in
// the current language (a damaged weights file's refusal in Korean is Korean).
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <limits>
#include <regex>
#include <set>
#include <string>

#include "app/ui/i18n.h"
#include "cnn/message.h"
#include "cnn/network.h"
#include "cnn/weights_io.h"

using Catch::Matchers::ContainsSubstring;

namespace {

// The values a wording takes: the {N} it names (each once, however often it is used), and its
// printf conversions by kind (%d, %.1f, %s; "%2$d" counts as "%d": a translation may reorder).
std::multiset<std::string> placeholders(const std::string& s) {
  static const std::regex re(R"(\{[0-9]+\}|%([0-9]+\$)?[-+ #0]*[0-9]*(\.[0-9]+)?[diouxXfFeEgGsc%])");
  std::multiset<std::string> out;
  for (std::sregex_iterator it(s.begin(), s.end(), re), end; it != end; ++it) {
    std::string p = it->str();
    if ((*it)[1].matched) p.erase(static_cast<std::size_t>((*it).position(1) - it->position()), (*it)[1].length());
    if (p[0] == '{' && out.count(p)) continue;
    out.insert(p);
  }
  return out;
}

std::string wording(app::Language lang, const std::string& key) {
  app::set_language(lang);
  std::string t = app::tr(key.c_str());
  app::set_language(app::Language::English);
  return t;
}

bool has_hangul(const std::string& s) {
  // UTF-8 of U+AC00..U+D7A3 starts with 0xEA..0xED.
  for (unsigned char c : s)
    if (c >= 0xEA && c <= 0xED) return true;
  return false;
}

}  // namespace

TEST_CASE("every UI string and every core message has an English and a Korean wording", "[i18n]") {
  std::vector<std::string> keys = app::english_keys();
  for (const std::string& k : cnn::message_keys()) keys.push_back(k);
  REQUIRE(keys.size() > 100);
  for (const std::string& key : keys) {
    INFO(key);
    CHECK(app::has_wording(app::Language::English, key.c_str()));
    CHECK(app::has_wording(app::Language::Korean, key.c_str()));
    // The same values in both languages (a translation may reorder {N}, not drop or add them).
    CHECK(placeholders(wording(app::Language::English, key)) == placeholders(wording(app::Language::Korean, key)));
  }
}

TEST_CASE("no wording names a printf argument past the 9th (the browser's printf stops there)", "[i18n]") {
  // Emscripten's libc (musl) takes positional arguments "%N$d" up to NL_ARGMAX = 9 and prints
  // nothing at all for a format that names a 10th: a Korean practice question was blank in the
  // page while glibc printed it here.
  static const std::regex re(R"(%([0-9]+)\$)");
  for (const std::string& key : app::english_keys())
    for (app::Language lang : {app::Language::English, app::Language::Korean}) {
      const std::string w = wording(lang, key);
      INFO(key << ": " << w);
      for (std::sregex_iterator it(w.begin(), w.end(), re), end; it != end; ++it) CHECK(std::stoi((*it)[1]) <= 9);
    }
}

TEST_CASE("the core's catalogue and the app's English table do not word a key twice", "[i18n]") {
  for (const std::string& key : app::english_keys()) {
    INFO(key);
    CHECK(cnn::english_wording(key) == nullptr);
  }
}

TEST_CASE("fill puts values in their places, in any order", "[i18n]") {
  CHECK(cnn::fill("{1} then {0}", {"a", "b"}) == "b then a");
  CHECK(cnn::fill("{{0}} is {0}", {"x"}) == "{0} is x");
  CHECK(cnn::fill("missing {3}", {"x"}) == "missing ");
  CHECK(cnn::fill("not a {placeholder}", {}) == "not a {placeholder}");
}

TEST_CASE("counts are written with their digits in groups of three", "[i18n]") {
  CHECK(cnn::grouped(0) == "0");
  CHECK(cnn::grouped(780) == "780");
  CHECK(cnn::grouped(1000) == "1 000");
  CHECK(cnn::grouped(10000) == "10 000");
  CHECK(cnn::grouped(109810) == "109 810");
  CHECK(cnn::grouped(433890) == "433 890");
  CHECK(cnn::grouped(1234567) == "1 234 567");
  CHECK(cnn::grouped(-45000) == "-45 000");
  CHECK(cnn::grouped(std::numeric_limits<long long>::min()) == "-9 223 372 036 854 775 808");
  const cnn::Message ready = cnn::phrase("train.data_ready", {cnn::grouped_number(10000), cnn::grouped_number(1000), cnn::text("8.6")});
  app::set_language(app::Language::English);
  CHECK(app::describe(ready) == "Data: 10 000 training and 1 000 held-out test digits (8.6 MB), checked.");
  app::set_language(app::Language::Korean);
  CHECK(app::describe(ready) == "데이터: 훈련 숫자 10 000개, 시험 숫자 1 000개 (8.6 MB), 검사 완료.");
  app::set_language(app::Language::English);
}

TEST_CASE("a damaged weights file's message: English what(), Korean on a Korean screen", "[i18n]") {
  cnn::SimpleConvNetConfig cfg;
  cfg.filters = 4;
  cfg.hidden = 8;
  auto net = cnn::make_simple_conv_net(cfg);
  std::vector<uint8_t> bytes = cnn::save_weights(*net);
  bytes[bytes.size() / 2] ^= 0x01;
  try {
    cnn::load_weights(*net, bytes.data(), bytes.size());
    FAIL("a damaged file was accepted");
  } catch (const cnn::WeightsError& e) {
    const cnn::Message m = cnn::message_of(e);
    CHECK(m.key == "weights.invalid_at");
    CHECK(cnn::english(m) == e.what());
    app::set_language(app::Language::English);
    CHECK(app::describe(m) == e.what());
    CHECK_THAT(e.what(), ContainsSubstring("checksum mismatch"));

    app::set_language(app::Language::Korean);
    const std::string ko = app::describe(m);
    app::set_language(app::Language::English);
    INFO(ko);
    CHECK(has_hangul(ko));
    CHECK_THAT(ko, ContainsSubstring("체크섬"));
    CHECK_THAT(ko, !ContainsSubstring("weights file") && !ContainsSubstring("checksum"));
    CHECK_THAT(ko, ContainsSubstring("0x"));  // the values stay: stored and computed CRC
  }
}

TEST_CASE("a truncated weights file's message words its nested part in Korean too", "[i18n]") {
  auto net = cnn::make_simple_conv_net({});
  const std::vector<uint8_t> bytes = cnn::save_weights(*net);
  try {
    cnn::load_network(bytes.data(), 10);
    FAIL("a truncated file was accepted");
  } catch (const cnn::WeightsError& e) {
    CHECK_THAT(e.what(), ContainsSubstring("truncated") && ContainsSubstring("the input"));
    app::set_language(app::Language::Korean);
    const std::string ko = app::describe(cnn::message_of(e));
    app::set_language(app::Language::English);
    INFO(ko);
    CHECK_THAT(ko, ContainsSubstring("잘렸습니다") && ContainsSubstring("입력"));
    CHECK_THAT(ko, !ContainsSubstring("the input"));
  }
}

TEST_CASE("a message from outside the catalogue is shown as it is", "[i18n]") {
  const std::runtime_error plain("something technical");
  app::set_language(app::Language::Korean);
  CHECK(app::describe(cnn::message_of(plain)) == "something technical");
  app::set_language(app::Language::English);
}

TEST_CASE("touch wording: a key's @touch variant while the last pointer was a finger, in both languages", "[i18n]") {
  struct Restore {
    ~Restore() {
      app::set_touch_wording(false);
      app::set_language(app::Language::English);
    }
  } restore;
  for (app::Language lang : {app::Language::English, app::Language::Korean}) {
    app::set_language(lang);
    app::set_touch_wording(false);
    const std::string mouse = app::tr("pad.hint"), mouse_field = app::tr("input.field_hint");
    const std::string other = app::tr("pad.clear");
    app::set_touch_wording(true);
    const std::string finger = app::tr("pad.hint"), finger_field = app::tr("input.field_hint");
    CHECK(mouse.find("Backspace") != std::string::npos);
    CHECK(finger.find("Backspace") == std::string::npos);
    CHECK(finger == app::tr("pad.hint@touch"));
    CHECK(finger_field != mouse_field);
    CHECK(std::string(app::tr("pad.clear")) == other);  // a key without a variant is unchanged
    app::set_touch_wording(false);
    CHECK(mouse == app::tr("pad.hint"));
  }
}
