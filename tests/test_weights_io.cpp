// The .cnnw file: bit-exact round trip, and every kind of damage rejected with a message
// that names the problem and the byte offset.
#include <catch2/catch_test_macros.hpp>
#include <cstring>

#include "cnn/weights_io.h"
#include "test_util.h"

using namespace cnn;
using namespace cnn::test;

namespace {

std::unique_ptr<Network> small_net(int filters = 4) {
  SimpleConvNetConfig cfg;
  cfg.height = cfg.width = 12;
  cfg.filters = filters;
  cfg.filter_size = 3;
  cfg.pad = 1;
  cfg.hidden = 8;
  auto net = make_simple_conv_net(cfg);
  Rng rng(13);
  init_weights(*net, rng);
  for (auto& p : net->params()) *p.value = random_tensor(p.value->shape(), rng);
  return net;
}

std::string load_error(const std::vector<uint8_t>& bytes) {
  try {
    load_network(bytes.data(), bytes.size());
  } catch (const WeightsError& e) {
    return e.what();
  }
  return "";
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

void fix_crc(std::vector<uint8_t>& b) {
  const uint32_t c = crc32(b.data(), b.size() - 4);
  for (int i = 0; i < 4; ++i) b[b.size() - 4 + i] = static_cast<uint8_t>(c >> (8 * i));
}

}  // namespace

TEST_CASE("weights round-trip bit-exactly", "[weights]") {
  auto net = small_net();
  const auto bytes = save_weights(*net);
  auto back = load_network(bytes.data(), bytes.size());
  REQUIRE(back->size() == net->size());
  auto a = net->params(), b = back->params();
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].name == b[i].name);
    REQUIRE(a[i].value->shape() == b[i].value->shape());
    CHECK(std::memcmp(a[i].value->data(), b[i].value->data(), a[i].value->size() * 4) == 0);
  }
  CHECK(save_weights(*back) == bytes);
  // And into an existing network of the same architecture.
  auto other = small_net();
  for (auto& p : other->params()) p.value->fill(0.0f);
  load_weights(*other, bytes.data(), bytes.size());
  CHECK(save_weights(*other) == bytes);
}

TEST_CASE("every truncation of a weights file is rejected as truncated", "[weights][corrupt]") {
  const auto bytes = save_weights(*small_net());
  for (std::size_t len = 0; len < bytes.size(); ++len) {
    const std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + static_cast<long>(len));
    const std::string err = load_error(cut);
    INFO("length " << len << ": " << err);
    REQUIRE(contains(err, "truncated at byte " + std::to_string(len)));
  }
  // The message names the tensor the file ends in.
  const std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + 200);
  CHECK(contains(load_error(cut), "for conv1.W"));
}

TEST_CASE("wrong magic, unknown version, bad checksum, non-finite values, trailing bytes", "[weights][corrupt]") {
  const auto good = save_weights(*small_net());
  auto b = good;
  b[0] = 'X';
  CHECK(contains(load_error(b), "wrong magic"));
  CHECK(contains(load_error(b), "at byte 0"));

  b = good;
  b[4] = 7;
  fix_crc(b);
  CHECK(contains(load_error(b), "unknown format version 7"));
  CHECK(contains(load_error(b), "at byte 4"));

  b = good;
  b[good.size() / 2] ^= 0x10;  // one flipped bit in the float data
  CHECK(contains(load_error(b), "checksum mismatch"));
  CHECK(contains(load_error(b), "at byte " + std::to_string(good.size() - 4)));

  b = good;
  const std::size_t at = good.size() - 4 - 4;  // the last float (affine2.b[last])
  const float nan = std::nanf("");
  std::memcpy(&b[at], &nan, 4);
  fix_crc(b);
  CHECK(contains(load_error(b), "non-finite value (NaN) in affine2.b"));
  CHECK(contains(load_error(b), "at byte " + std::to_string(at)));
  const float inf = INFINITY;
  std::memcpy(&b[at], &inf, 4);
  fix_crc(b);
  CHECK(contains(load_error(b), "infinity"));

  b = good;
  b.push_back(0);
  CHECK(contains(load_error(b), "unexpected bytes after the checksum"));

  b = good;
  b[20] = 200;  // layer count
  fix_crc(b);
  CHECK(contains(load_error(b), "layer count 200 is out of range"));
}

TEST_CASE("a file for another architecture is refused naming both shapes, network unchanged", "[weights][shape]") {
  const auto other = save_weights(*small_net(6));
  auto net = small_net(4);
  const auto before = save_weights(*net);
  try {
    load_weights(*net, other.data(), other.size());
    FAIL("no error");
  } catch (const WeightsError& e) {
    const std::string msg = e.what();
    CHECK(contains(msg, "architecture mismatch"));
    CHECK(contains(msg, "(6, 1, 3, 3)"));
    CHECK(contains(msg, "(4, 1, 3, 3)"));
  }
  CHECK(save_weights(*net) == before);
  // A damaged file also leaves the network untouched.
  auto bad = before;
  bad[bad.size() / 2] ^= 1;
  CHECK_THROWS_AS(load_weights(*net, bad.data(), bad.size()), WeightsError);
  CHECK(save_weights(*net) == before);
}

TEST_CASE("the shipped model loads and is SimpleConvNet", "[weights][model]") {
  auto net = load_network_file(std::string(CNN_SOURCE_DIR) + "/models/simpleconvnet.cnnw");
  CHECK(net->param_count() == 433890);
  CHECK(net->layer_output_shape(0) == Shape{30, 24, 24});
}
