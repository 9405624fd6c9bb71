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

// ---- Format version 2: float16 and int8 with per-channel scales ----

namespace {

const WeightsFormat kHalf{2, Encoding::Float16, Encoding::Float16};
const WeightsFormat kInt8{2, Encoding::Int8, Encoding::Float32};

void put32(std::vector<uint8_t>& b, uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void put_float(std::vector<uint8_t>& b, std::size_t at, float f) { std::memcpy(&b[at], &f, 4); }

// A hand-made file: the header, the given layer records (kind, name, fields; version-2 records of
// layers with parameters take two more fields, the encodings), `data` bytes of parameters, and the CRC.
struct RawLayer {
  uint32_t kind;
  std::string name;
  std::vector<uint32_t> fields;
};
std::vector<uint8_t> raw_file(uint32_t version, uint32_t c, uint32_t h, uint32_t w, const std::vector<RawLayer>& layers,
                              std::size_t data = 0) {
  std::vector<uint8_t> b{'C', 'N', 'N', 'W'};
  for (uint32_t v : {version, c, h, w, static_cast<uint32_t>(layers.size())}) put32(b, v);
  for (const RawLayer& l : layers) {
    put32(b, l.kind);
    put32(b, static_cast<uint32_t>(l.name.size()));
    b.insert(b.end(), l.name.begin(), l.name.end());
    for (uint32_t f : l.fields) put32(b, f);
  }
  b.resize(b.size() + data + 4, 0);
  fix_crc(b);
  return b;
}

// The byte offset of the first parameter: after the header and the layer records.
std::size_t params_start(Network& net, const WeightsFormat& f) {
  std::size_t at = 24;
  for (std::size_t i = 0; i < net.size(); ++i) {
    const std::string kind = net.layer(i).kind();
    const std::size_t fields = kind == "Convolution" ? 6 : kind == "Pooling" ? 4 : kind == "Affine" ? 2 : 0;
    const bool params = !net.layer(i).params().empty();
    at += 8 + net.layer(i).name().size() + 4 * fields + (f.version >= 2 && params ? 8 : 0);
  }
  return at;
}

Tensor& param(Network& net, const std::string& name) {
  for (auto& p : net.params())
    if (p.name == name) return *p.value;
  throw std::logic_error("no parameter " + name);
}

// The nearest binary16 value of x by search over all finite halves (the reference for rounding).
double nearest_half_distance(double x) {
  double best = INFINITY;
  for (uint32_t h = 0; h < 0x7C00u; ++h) {
    const double v = half_to_float(static_cast<uint16_t>(h));
    best = std::min({best, std::fabs(std::fabs(x) - v)});
  }
  return best;
}

}  // namespace

TEST_CASE("float16: every half survives a round trip, floats round to the nearest half (ties to even)",
          "[weights][v2]") {
  for (uint32_t h = 0; h <= 0xFFFFu; ++h) {
    const float f = half_to_float(static_cast<uint16_t>(h));
    if (std::isnan(f)) {
      CHECK(std::isnan(half_to_float(float_to_half(f))));
      continue;
    }
    REQUIRE(float_to_half(f) == h);
  }
  // Below the smallest normal and near the top the search reference is exact.
  Rng rng(5);
  for (int i = 0; i < 300; ++i) {
    const float x = (rng.uniform() - 0.5f) * (i % 3 == 0 ? 1e-4f : i % 3 == 1 ? 2.0f : 130000.0f);
    const uint16_t h = float_to_half(x);
    const double got = half_to_float(h);
    if (std::fabs(x) >= 65520.0f) {
      CHECK(std::isinf(got));
      continue;
    }
    INFO("x = " << x << " -> " << got);
    CHECK(std::fabs(std::fabs(double(x)) - std::fabs(got)) == nearest_half_distance(x));
    CHECK(std::signbit(got) == std::signbit(x));
  }
  // Exactly halfway between two halves: the even one (last mantissa bit 0).
  for (uint16_t h : {uint16_t(0x0001), uint16_t(0x3C00), uint16_t(0x3C01), uint16_t(0x7BFE)}) {
    const double mid = (double(half_to_float(h)) + double(half_to_float(h + 1))) / 2;
    const uint16_t r = float_to_half(static_cast<float>(mid));
    CHECK((r == h || r == h + 1));
    CHECK((r & 1) == 0);
  }
  CHECK(float_to_half(65504.0f) == 0x7BFF);
  CHECK(float_to_half(65520.0f) == 0x7C00);
}

TEST_CASE("version 2 float16: loads the nearest halves, and saving again gives the same bytes", "[weights][v2]") {
  auto net = small_net();
  const auto bytes = save_weights(*net, kHalf);
  auto back = load_network(bytes.data(), bytes.size());
  auto a = net->params(), b = back->params();
  std::size_t count = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    count += a[i].value->size();
    for (std::size_t e = 0; e < a[i].value->size(); ++e)
      REQUIRE(b[i].value->data()[e] == half_to_float(float_to_half(a[i].value->data()[e])));
  }
  CHECK(bytes.size() == params_start(*net, kHalf) + 2 * count + 4);
  CHECK(save_weights(*back, kHalf) == bytes);
  // A value float16 cannot hold is refused when saving, naming it.
  param(*net, "affine2.b").data()[1] = 70000.0f;
  try {
    save_weights(*net, kHalf);
    FAIL("no error");
  } catch (const WeightsError& e) {
    CHECK(contains(e.what(), "affine2.b[1]"));
    CHECK(contains(e.what(), "65504"));
  }
}

TEST_CASE("version 2 int8: one scale per conv filter and per Affine output column", "[weights][v2]") {
  auto net = small_net();
  // One filter and one output column 1000 times larger: with a scale per channel the others keep
  // their own precision.
  Tensor& cw = param(*net, "conv1.W");
  const int fn = cw.dim(0), per_filter = static_cast<int>(cw.size()) / fn;
  for (int e = 0; e < per_filter; ++e) cw.data()[e] *= 1000.0f;
  Tensor& aw = param(*net, "affine1.W");
  const int in = aw.dim(0), out = aw.dim(1);
  for (int i = 0; i < in; ++i) aw.data()[i * out + 2] *= 1000.0f;

  const auto bytes = save_weights(*net, kInt8);
  auto back = load_network(bytes.data(), bytes.size());
  std::size_t size = params_start(*net, kInt8) + 4;
  for (auto& p : net->params()) {
    const Tensor& t = *p.value;
    const Tensor& u = param(*back, p.name);
    const bool weight = p.name.back() == 'W';
    const bool conv = t.shape().size() == 4;
    const int channels = !weight ? 1 : conv ? t.dim(0) : t.dim(1);
    size += weight ? 4 * channels + t.size() : 4 * t.size();
    auto channel = [&](std::size_t e) { return !weight ? 0 : conv ? int(e / (t.size() / channels)) : int(e % channels); };
    std::vector<float> maxabs(channels, 0.0f);
    for (std::size_t e = 0; e < t.size(); ++e) maxabs[channel(e)] = std::max(maxabs[channel(e)], std::fabs(t.data()[e]));
    for (std::size_t e = 0; e < t.size(); ++e) {
      INFO(p.name << "[" << e << "]");
      if (!weight) {
        REQUIRE(u.data()[e] == t.data()[e]);  // biases stay float32
      } else {
        const float step = maxabs[channel(e)] / 127.0f;
        REQUIRE(std::fabs(u.data()[e] - t.data()[e]) <= step * 0.5f * 1.0001f);
      }
    }
  }
  CHECK(bytes.size() == size);
  // Loading again and saving gives a file that loads to the same floats (quantisation is stable).
  const auto again = save_weights(*back, kInt8);
  auto back2 = load_network(again.data(), again.size());
  for (auto& p : back->params())
    for (std::size_t e = 0; e < p.value->size(); ++e)
      REQUIRE(std::fabs(param(*back2, p.name).data()[e] - p.value->data()[e]) <=
              1e-6f * std::fabs(p.value->data()[e]));
}

TEST_CASE("version 1 and version 2 files convert both ways", "[weights][v2]") {
  auto net = small_net();
  const auto v1 = save_weights(*net);
  for (const WeightsFormat& f : {kHalf, kInt8, compact_weights_format(), WeightsFormat{2, Encoding::Float32, Encoding::Float32}}) {
    auto a = load_network(v1.data(), v1.size());
    const auto v2 = save_weights(*a, f);
    CHECK(v2[4] == 2);
    auto b = load_network(v2.data(), v2.size());
    const auto back = save_weights(*b);  // v2 -> v1: exactly the dequantised floats
    auto c = load_network(back.data(), back.size());
    CHECK(save_weights(*c, f).size() == v2.size());
    CHECK(back == save_weights(*b));
    if (f.weights == Encoding::Float32 && f.biases == Encoding::Float32) CHECK(back == v1);
  }
  // A v2 file loads into an existing network too.
  auto other = small_net();
  const auto half = save_weights(*net, kHalf);
  load_weights(*other, half.data(), half.size());
  auto ref = load_network(half.data(), half.size());
  CHECK(save_weights(*other) == save_weights(*ref));
}

TEST_CASE("every truncation of a version-2 file is rejected as truncated", "[weights][v2][corrupt]") {
  for (const WeightsFormat& f : {kHalf, kInt8}) {
    const auto bytes = save_weights(*small_net(), f);
    for (std::size_t len = 0; len < bytes.size(); ++len) {
      const std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + static_cast<long>(len));
      const std::string err = load_error(cut);
      INFO(encoding_name(f.weights) << ", length " << len << ": " << err);
      REQUIRE(contains(err, "truncated at byte " + std::to_string(len)));
    }
    const std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + 200);
    const std::string err = load_error(cut);
    CHECK(contains(err, "for conv1.W"));
    CHECK(contains(err, f.weights == Encoding::Int8 ? "4 float32 scales and 36 int8 values" : "36 float16 values"));
  }
}

TEST_CASE("version 2: bad scales, non-finite halves, unknown encodings and versions are refused at their byte",
          "[weights][v2][corrupt]") {
  auto net = small_net();
  const std::size_t start = params_start(*net, kInt8);
  const auto good = save_weights(*net, kInt8);
  REQUIRE(load_error(good).empty());
  const float bad_scales[] = {0.0f, -0.5f, std::nanf(""), INFINITY};
  for (float s : bad_scales) {
    auto b = good;
    const std::size_t at = start + 4 * 2;  // conv1.W's third scale
    put_float(b, at, s);
    fix_crc(b);
    const std::string err = load_error(b);
    INFO(err);
    CHECK(contains(err, "int8 scale"));
    CHECK(contains(err, "conv1.W channel 2"));
    CHECK(contains(err, "at byte " + std::to_string(at)));
  }
  {  // A finite scale whose product overflows: non-finite after dequantisation.
    auto b = good;
    put_float(b, start, 3e38f);
    const std::size_t q = start + 4 * 4;  // conv1.W[0], in channel 0
    b[q] = 100;
    fix_crc(b);
    CHECK(contains(load_error(b), "non-finite value (infinity) in conv1.W[0]"));
    CHECK(contains(load_error(b), "at byte " + std::to_string(q)));
  }
  {
    const auto half = save_weights(*net, kHalf);
    const std::size_t hs = params_start(*net, kHalf);
    for (uint16_t h : {uint16_t(0x7C00), uint16_t(0xFC00), uint16_t(0x7E00)}) {
      auto b = half;
      const std::size_t at = hs + 2 * 5;  // conv1.W[5]
      b[at] = static_cast<uint8_t>(h);
      b[at + 1] = static_cast<uint8_t>(h >> 8);
      fix_crc(b);
      const std::string err = load_error(b);
      CHECK(contains(err, h == 0x7E00 ? "non-finite value (NaN) in conv1.W[5]" : "non-finite value (infinity) in conv1.W[5]"));
      CHECK(contains(err, "at byte " + std::to_string(at)));
    }
  }
  // The encodings sit at the end of conv1's record: 24 + 8 + 5 ("conv1") + 6 * 4.
  const std::size_t enc = 24 + 8 + 5 + 24;
  // One byte changed, the CRC made right again: the error of the file.
  auto with_byte = [&](std::size_t at, uint8_t v) {
    auto b = good;
    b[at] = v;
    fix_crc(b);
    return load_error(b);
  };
  CHECK(contains(with_byte(enc, 9), "unknown encoding 9 for conv1.W"));
  CHECK(contains(with_byte(enc, 9), "at byte " + std::to_string(enc)));
  CHECK(contains(with_byte(enc + 4, 3), "int8 encoding is for weights only, not for the bias conv1.b"));
  CHECK(contains(with_byte(4, 3), "unknown format version 3"));
  CHECK(contains(with_byte(4, 3), "at byte 4"));
  auto b = good;
  b.push_back(0);
  CHECK(contains(load_error(b), "unexpected bytes after the checksum"));
}

TEST_CASE("absurd headers fail fast, before anything of their size is allocated", "[weights][limits]") {
  // 65536^4 = 2^64 parameters: the count must not wrap around to 0 (the loader then accepted
  // this file, with its 65536 biases, and built a network with an empty W). Input (65536, 8, 8)
  // and pad 32768 make the shapes chain.
  const RawLayer huge_conv{1, "conv1", {65536, 65536, 65536, 65536, 1, 32768}};
  std::string err = load_error(raw_file(1, 65536, 8, 8, {huge_conv}, 4 * 65536));
  CHECK(contains(err, "conv1.W (65536, 65536, 65536, 65536) would have more than 67108864 parameters"));
  CHECK(contains(err, "at byte"));
  RawLayer huge_conv2 = huge_conv;
  huge_conv2.fields.insert(huge_conv2.fields.end(), {3, 1});
  CHECK(contains(load_error(raw_file(2, 65536, 8, 8, {huge_conv2}, 4 * 65536)), "would have more than 67108864 parameters"));
  // An Affine layer of 65536 x 65536 (4 G parameters) and a file of only a few bytes.
  CHECK(contains(load_error(raw_file(1, 1, 256, 256, {{4, "affine1", {65536, 65536}}})),
                 "affine1.W (65536, 65536) would have more than 67108864 parameters"));
  // An input of 4096 x 4096 values.
  err = load_error(raw_file(1, 1, 4096, 4096, {{2, "relu1", {}}}));
  CHECK(contains(err, "input (1, 4096, 4096) has more than 4194304 values"));
  CHECK(contains(err, "at byte 16"));
  // A layer output of 2 x 2048 x 2048 values from a 1x1 convolution with two filters.
  err = load_error(raw_file(1, 1, 2048, 2048, {{1, "conv1", {2, 1, 1, 1, 1, 0}}}, 4 * (2 + 2)));
  CHECK(contains(err, "layer 0 (Convolution 'conv1') would hold 8388608 values for one image"));
  // Pooling windows of 1024 x 1024 at every position of a 2048 x 2048 image: 2^40 comparisons.
  err = load_error(raw_file(1, 1, 2048, 2048, {{3, "pool1", {1024, 1024, 1, 0}}}));
  CHECK(contains(err, "the network would need more than 268435456 operations per image"));
  CHECK(contains(err, "Pooling 'pool1'"));
}

TEST_CASE("finite but absurd weights are refused at load time, in version 1 and version 2", "[weights][absurd]") {
  // The shipped model with affine2.W all 3e38 (finite, valid CRC): every prediction would be NaN.
  auto net = load_network_file(std::string(CNN_SOURCE_DIR) + "/models/simpleconvnet.cnnw");
  param(*net, "affine2.W").fill(3e38f);
  auto small = small_net();
  param(*small, "affine2.W").fill(3e38f);
  for (Network* n : {net.get(), small.get()}) {
    for (const WeightsFormat& f : {WeightsFormat{}, kInt8, WeightsFormat{2, Encoding::Float32, Encoding::Float32}}) {
      const auto bytes = save_weights(*n, f);
      const std::string err = load_error(bytes);
      INFO("version " << f.version << " " << encoding_name(f.weights) << ": " << err);
      CHECK(contains(err, "the values are finite but absurd"));
      CHECK(contains(err, "test image"));
      CHECK(contains(err, "could never give a valid prediction"));
    }
  }
  // Into an existing network: refused, and the network is unchanged.
  auto target = small_net();
  const auto before = save_weights(*target);
  const auto absurd = save_weights(*small, kInt8);
  try {
    load_weights(*target, absurd.data(), absurd.size());
    FAIL("no error");
  } catch (const WeightsError& e) {
    CHECK(contains(e.what(), "finite but absurd"));
  }
  CHECK(save_weights(*target) == before);
  // Large but harmless values still load: affine2.W of 1e4 gives large, finite logits.
  param(*small, "affine2.W").fill(1e4f);
  CHECK(load_error(save_weights(*small)).empty());
  CHECK(load_error(save_weights(*small, kHalf)).empty());
}
