// The sample-digit file the demo embeds and the checks applied to a 28×28 input before it
// reaches the core (the browser API's validation in C++).
#include <catch2/catch_test_macros.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "app/demo/prediction.h"
#include "app/demo/samples.h"

namespace {
std::vector<uint8_t> make_samples(uint32_t count, uint32_t rows = 28, uint32_t cols = 28) {
  std::vector<uint8_t> f = {'C', 'N', 'N', 'S'};
  for (uint32_t v : {count, rows, cols})
    for (int k = 0; k < 4; ++k) f.push_back(static_cast<uint8_t>(v >> (8 * k)));
  for (uint32_t i = 0; i < count; ++i) {
    f.push_back(static_cast<uint8_t>(i % 10));
    for (int p = 0; p < 784; ++p) f.push_back(p == 0 ? 255 : 0);
  }
  return f;
}
}  // namespace

TEST_CASE("sample digits parse: labels, pixels scaled to [0, 1]", "[app][samples]") {
  const auto f = make_samples(3);
  std::vector<app::SampleDigit> s;
  REQUIRE(app::parse_samples(f.data(), f.size(), s) == "");
  REQUIRE(s.size() == 3);
  CHECK(s[2].label == 2);
  CHECK(s[0].pixels[0] == 1.0f);
  CHECK(s[0].pixels[1] == 0.0f);
}

TEST_CASE("broken sample files are refused with a reason", "[app][samples]") {
  std::vector<app::SampleDigit> s;
  auto f = make_samples(2);
  CHECK(app::parse_samples(f.data(), 10, s).find("too short") != std::string::npos);
  CHECK(app::parse_samples(f.data(), f.size() - 1, s).find("expected") != std::string::npos);
  f[0] = 'X';
  CHECK(app::parse_samples(f.data(), f.size(), s).find("CNNS") != std::string::npos);
  auto g = make_samples(1, 32, 32);
  CHECK(app::parse_samples(g.data(), g.size(), s).find("28x28") != std::string::npos);
  auto h = make_samples(1);
  h[16] = 12;  // label out of range
  CHECK(app::parse_samples(h.data(), h.size(), s).find("label 12") != std::string::npos);
  CHECK(s.empty());
}

TEST_CASE("validate_pixels accepts 784 values in [0, 1] and names the first bad one", "[app][predict]") {
  std::vector<float> px(784, 0.5f);
  CHECK(app::validate_pixels(px.data(), px.size()) == "");
  CHECK(app::validate_pixels(px.data(), 783).find("got 783") != std::string::npos);
  px[17] = std::numeric_limits<float>::quiet_NaN();
  CHECK(app::validate_pixels(px.data(), px.size()) == "pixel 17 is NaN");
  px[17] = std::numeric_limits<float>::infinity();
  CHECK(app::validate_pixels(px.data(), px.size()) == "pixel 17 is infinite");
  px[17] = 1.5f;
  CHECK(app::validate_pixels(px.data(), px.size()).find("outside [0, 1]") != std::string::npos);
  px[17] = -0.0f;
  CHECK(app::validate_pixels(px.data(), px.size()) == "");
}

TEST_CASE("arg_max takes the first of equal maxima", "[app][predict]") {
  const float v[4] = {0.1f, 0.4f, 0.4f, 0.1f};
  CHECK(app::arg_max(v, 4) == 1);
  CHECK(app::arg_max(v, 0) == -1);
}

TEST_CASE("all_finite finds a NaN or an infinity anywhere (the published outputs' guard)", "[app][predict]") {
  float v[10] = {0.1f, 0.2f, 0.3f, 0.4f, 0, 0, 0, 0, 0, 0};
  CHECK(app::all_finite(v, 10));
  CHECK(app::all_finite(v, 0));
  for (const float bad : {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                          -std::numeric_limits<float>::infinity()}) {
    v[9] = bad;
    CHECK_FALSE(app::all_finite(v, 10));
    CHECK(app::all_finite(v, 9));
  }
  CHECK(app::kNoAnswer < -1);  // never a class, never "the pad is empty" (-1)
}
