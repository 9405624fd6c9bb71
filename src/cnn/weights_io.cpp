// .cnnw reader and writer. Layout (all integers uint32 little-endian; see docs/cnnw-format.md):
//   "CNNW" | version | input C, H, W | layer count | layer records | parameters | CRC-32
// Version 1: parameters are float32. Version 2: a layer record with parameters ends with the
// encodings of its W and b, and each tensor is stored in its encoding (float32, float16, or
// int8 with one float32 scale per output channel); loading dequantises to float32.
#include "cnn/weights_io.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "cnn/mnist.h"

namespace cnn {

namespace {

constexpr uint32_t kNewestVersion = 2;
constexpr uint32_t kMaxLayers = 64, kMaxName = 64, kMaxDim = 1u << 16;
constexpr uint64_t kMaxParams = 1ull << 26;  // 64 M floats: far above any network the demo builds
// Limits on running the network a file describes, checked before anything of that size is
// allocated or run (SimpleConvNet: 17 280 values and 0.9 M operations per image).
constexpr uint64_t kMaxValues = 1ull << 22;      // one image's input, one layer's output or im2col matrix
constexpr uint64_t kMaxOperations = 1ull << 28;  // multiply-adds and pooling comparisons per image

enum Kind : uint32_t { kConvolution = 1, kRelu = 2, kPooling = 3, kAffine = 4 };

void put_u32(std::vector<uint8_t>& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void put_f32(std::vector<uint8_t>& out, float f) {
  uint32_t v;
  std::memcpy(&v, &f, 4);
  put_u32(out, v);
}
void put_u16(std::vector<uint8_t>& out, uint16_t v) {
  out.push_back(static_cast<uint8_t>(v));
  out.push_back(static_cast<uint8_t>(v >> 8));
}

Message num(uint64_t v) { return number(static_cast<long long>(v)); }

// Sequential reader that names what it was reading when the file ends early.
struct Reader {
  const uint8_t* data;
  std::size_t size, pos = 0;
  uint32_t u32(const Message& what) {
    need(4, what);
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(data[pos + i]) << (8 * i);
    pos += 4;
    return v;
  }
  void need(std::size_t n, const Message& what) {
    if (size - pos < n)
      throw WeightsError(phrase("weights.truncated", {num(size), what, num(pos), num(n)}));
  }
  [[noreturn]] void fail(std::size_t at, Message why) const {
    throw WeightsError(phrase("weights.invalid_at", {num(at), std::move(why)}));
  }
};

// One layer as described by the file.
struct LayerSpec {
  uint32_t kind = 0;
  std::string name;
  uint32_t f[6] = {};
  uint32_t enc[2] = {1, 1};  // encodings of W and b (version 2; version 1 is all float32)
  std::size_t at = 0;        // byte offset of the record
};

struct FileContents {
  Shape input;
  std::vector<LayerSpec> layers;
  std::vector<std::vector<float>> values;  // one per parameter tensor, in network order
};

const char* kind_name(uint32_t k) {
  switch (k) {
    case kConvolution: return "Convolution";
    case kRelu: return "Relu";
    case kPooling: return "Pooling";
    case kAffine: return "Affine";
  }
  return "?";
}

LayerSpec spec_of(Layer& l) {
  LayerSpec s;
  s.name = l.name();
  if (auto* c = dynamic_cast<Convolution*>(&l)) {
    s.kind = kConvolution;
    uint32_t f[6] = {uint32_t(c->filters()), uint32_t(c->channels()), uint32_t(c->filter_h()),
                     uint32_t(c->filter_w()), uint32_t(c->stride()),   uint32_t(c->pad())};
    std::memcpy(s.f, f, sizeof f);
  } else if (auto* p = dynamic_cast<Pooling*>(&l)) {
    s.kind = kPooling;
    uint32_t f[4] = {uint32_t(p->pool_h()), uint32_t(p->pool_w()), uint32_t(p->stride()), uint32_t(p->pad())};
    std::memcpy(s.f, f, sizeof f);
  } else if (auto* a = dynamic_cast<Affine*>(&l)) {
    s.kind = kAffine;
    s.f[0] = uint32_t(a->in_size());
    s.f[1] = uint32_t(a->out_size());
  } else if (dynamic_cast<Relu*>(&l)) {
    s.kind = kRelu;
  } else {
    throw WeightsError(phrase("weights.cannot_save_kind", {text(l.kind())}));
  }
  return s;
}

int field_count(uint32_t kind) { return kind == kConvolution ? 6 : kind == kPooling ? 4 : kind == kAffine ? 2 : 0; }

// Parameter shapes a layer record implies: Convolution W (FN,C,FH,FW), b (FN); Affine W (in,out), b (out).
std::vector<Shape> param_shapes(const LayerSpec& s) {
  if (s.kind == kConvolution)
    return {{int(s.f[0]), int(s.f[1]), int(s.f[2]), int(s.f[3])}, {int(s.f[0])}};
  if (s.kind == kAffine) return {{int(s.f[0]), int(s.f[1])}, {int(s.f[1])}};
  return {};
}

LayerPtr build_layer(const LayerSpec& s) {
  switch (s.kind) {
    case kConvolution:
      return std::make_unique<Convolution>(s.name, s.f[0], s.f[1], s.f[2], s.f[3], s.f[4], s.f[5]);
    case kPooling: return std::make_unique<Pooling>(s.name, s.f[0], s.f[1], s.f[2], s.f[3]);
    case kAffine: return std::make_unique<Affine>(s.name, s.f[0], s.f[1]);
    default: return std::make_unique<Relu>(s.name);
  }
}

bool has_params(uint32_t kind) { return kind == kConvolution || kind == kAffine; }

// One parameter tensor as stored in the file.
struct TensorPlan {
  std::string name;  // "conv1.W"
  Shape shape;
  uint64_t count = 0;
  Encoding enc = Encoding::Float32;
  uint64_t channels = 1, inner = 1;  // int8: channel of value e is (e / inner) % channels
  uint64_t offset = 0, bytes = 0;
};

// Channels of an int8 weight tensor: a Convolution's filters (axis 0 of (FN, C, FH, FW)), an
// Affine's output columns (axis 1 of (in, out)).
void set_channels(TensorPlan& t) {
  if (t.shape.size() == 4) {
    t.channels = static_cast<uint64_t>(t.shape[0]);
    t.inner = t.count / t.channels;
  } else {
    t.channels = static_cast<uint64_t>(t.shape.back());
    t.inner = 1;
  }
}

uint64_t stored_bytes(const TensorPlan& t) {
  switch (t.enc) {
    case Encoding::Float16: return 2 * t.count;
    case Encoding::Int8: return 4 * t.channels + t.count;
    default: return 4 * t.count;
  }
}

Message stored_what(const TensorPlan& t) {
  const Message shape = text(shape_str(t.shape));
  switch (t.enc) {
    case Encoding::Float16: return phrase("weights.stored_f16", {num(t.count), shape});
    case Encoding::Int8: return phrase("weights.stored_int8", {num(t.channels), num(t.count), shape});
    default: return phrase("weights.stored_f32", {num(t.count), shape});
  }
}

// The product of a shape's dimensions, or kMaxParams + 1 when it is larger (never wraps around).
uint64_t bounded_count(const Shape& s) {
  uint64_t n = 1;
  for (int d : s) {
    n *= static_cast<uint64_t>(d);  // every d <= kMaxDim = 2^16, so n * d <= 2^26 * 2^16 fits
    if (n > kMaxParams) return kMaxParams + 1;
  }
  return n;
}

FileContents parse(const uint8_t* data, std::size_t size) {
  if (data == nullptr && size > 0) throw WeightsError(phrase("weights.null"));
  Reader r{data, size};
  FileContents fc;
  r.need(4, phrase("weights.part.magic"));
  if (std::memcmp(data, "CNNW", 4) != 0) r.fail(0, phrase("weights.magic"));
  r.pos = 4;
  const uint32_t version = r.u32(phrase("weights.part.version"));
  if (version < 1 || version > kNewestVersion) r.fail(4, phrase("weights.version", {num(version), num(kNewestVersion)}));
  uint64_t input_values = 1;
  for (const char* axis : {"C", "H", "W"}) {
    const std::size_t at = r.pos;
    const uint32_t d = r.u32(phrase("weights.part.input", {text(axis)}));
    if (d == 0 || d > kMaxDim) r.fail(at, phrase("weights.input_range", {text(axis), num(d)}));
    fc.input.push_back(static_cast<int>(d));
    input_values *= d;
    if (input_values > kMaxValues)
      r.fail(at, phrase("weights.input_too_big", {text(shape_str(fc.input)), num(kMaxValues)}));
  }
  std::size_t at = r.pos;
  const uint32_t count = r.u32(phrase("weights.part.layer_count"));
  if (count == 0 || count > kMaxLayers) r.fail(at, phrase("weights.layer_count", {num(count), num(kMaxLayers)}));
  uint64_t total = 0;
  std::vector<TensorPlan> plan;
  for (uint32_t i = 0; i < count; ++i) {
    LayerSpec s;
    at = s.at = r.pos;
    s.kind = r.u32(phrase("weights.part.kind", {num(i)}));
    if (s.kind < kConvolution || s.kind > kAffine) r.fail(at, phrase("weights.kind", {num(s.kind), num(i)}));
    at = r.pos;
    const uint32_t len = r.u32(phrase("weights.part.name_length", {num(i)}));
    if (len == 0 || len > kMaxName) r.fail(at, phrase("weights.name_length", {num(len), num(i)}));
    r.need(len, phrase("weights.part.name", {num(i)}));
    s.name.assign(reinterpret_cast<const char*>(data + r.pos), len);
    for (char ch : s.name)
      if (static_cast<unsigned char>(ch) < 32 || static_cast<unsigned char>(ch) > 126)
        r.fail(r.pos, phrase("weights.name_char", {num(i)}));
    r.pos += len;
    for (int k = 0; k < field_count(s.kind); ++k) {
      at = r.pos;
      s.f[k] = r.u32(phrase("weights.part.shape", {text(kind_name(s.kind)), text(s.name)}));
      const bool may_be_zero = (s.kind == kConvolution && k == 5) || (s.kind == kPooling && k == 3);  // pad
      if ((!may_be_zero && s.f[k] == 0) || s.f[k] > kMaxDim)
        r.fail(at, phrase("weights.field", {num(k), text(kind_name(s.kind)), text(s.name), num(s.f[k])}));
    }
    const char* pn[2] = {"W", "b"};
    if (version >= 2 && has_params(s.kind)) {
      for (int j = 0; j < 2; ++j) {
        at = r.pos;
        const Message tensor = text(s.name + "." + pn[j]);
        s.enc[j] = r.u32(phrase("weights.part.encoding", {tensor}));
        const bool known = s.enc[j] >= uint32_t(Encoding::Float32) && s.enc[j] <= uint32_t(Encoding::Int8);
        if (!known) r.fail(at, phrase("weights.encoding", {num(s.enc[j]), tensor}));
        if (j == 1 && s.enc[j] == uint32_t(Encoding::Int8)) r.fail(at, phrase("weights.int8_bias", {tensor}));
      }
    }
    const auto shapes = param_shapes(s);
    for (std::size_t j = 0; j < shapes.size(); ++j) {
      TensorPlan t;
      t.name = s.name + "." + pn[j];
      t.shape = shapes[j];
      t.count = bounded_count(t.shape);
      if (t.count > kMaxParams)
        r.fail(at, phrase("weights.tensor_too_big", {text(t.name), text(shape_str(t.shape)), num(kMaxParams)}));
      t.enc = static_cast<Encoding>(s.enc[j]);
      if (t.enc == Encoding::Int8) set_channels(t);
      total += t.count;
      plan.push_back(t);
    }
    if (total > kMaxParams) r.fail(at, phrase("weights.too_many_params", {num(kMaxParams)}));
    fc.layers.push_back(s);
  }
  // Everything after the layer table is parameter data, then the checksum: check the size first.
  const std::size_t data_start = r.pos;
  uint64_t off = data_start;
  for (TensorPlan& t : plan) {
    t.offset = off;
    t.bytes = stored_bytes(t);
    off += t.bytes;
  }
  const uint64_t expected = off + 4;
  if (size < expected) {
    for (const TensorPlan& t : plan)  // name the tensor the file ends in
      if (size < t.offset + t.bytes)
        throw WeightsError(phrase("weights.truncated_tensor",
                                  {num(size), stored_what(t), text(t.name), num(t.offset), num(t.offset + t.bytes)}));
    throw WeightsError(phrase("weights.truncated_crc", {num(size), num(off)}));
  }
  if (size > expected)
    r.fail(expected, phrase("weights.extra_bytes", {num(size - expected), num(size), num(expected)}));
  const std::size_t crc_at = size - 4;
  r.pos = crc_at;
  const uint32_t stored = r.u32(phrase("weights.part.checksum"));
  const uint32_t computed = crc32(data, crc_at);
  if (stored != computed) {
    char a[16], b[16];
    std::snprintf(a, sizeof a, "0x%08x", stored);
    std::snprintf(b, sizeof b, "0x%08x", computed);
    r.fail(crc_at, phrase("weights.checksum", {text(a), text(b)}));
  }
  // Dequantise to float32 (the same arithmetic everywhere: an exact conversion, or one float
  // multiplication q * scale), then check every value.
  for (const TensorPlan& t : plan) {
    r.pos = t.offset;
    std::vector<float> scales;
    if (t.enc == Encoding::Int8) {
      scales.resize(t.channels);
      for (uint64_t c = 0; c < t.channels; ++c) {
        const std::size_t sat = r.pos;
        const uint32_t bits = r.u32(phrase("weights.part.scale"));
        std::memcpy(&scales[c], &bits, 4);
        if (!std::isfinite(scales[c]) || scales[c] <= 0.0f) {
          char buf[48];
          std::snprintf(buf, sizeof buf, "%g", static_cast<double>(scales[c]));
          r.fail(sat, phrase("weights.scale", {text(buf), text(t.name), num(c)}));
        }
      }
    }
    const std::size_t first = r.pos;
    const std::size_t width = t.enc == Encoding::Float16 ? 2 : t.enc == Encoding::Int8 ? 1 : 4;
    std::vector<float> v(t.count);
    for (uint64_t e = 0; e < t.count; ++e) {
      const uint8_t* p = data + first + e * width;
      if (t.enc == Encoding::Float16) {
        v[e] = half_to_float(static_cast<uint16_t>(p[0] | (p[1] << 8)));
      } else if (t.enc == Encoding::Int8) {
        v[e] = static_cast<float>(static_cast<int8_t>(p[0])) * scales[(e / t.inner) % t.channels];
      } else {
        const uint32_t bits = uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
        std::memcpy(&v[e], &bits, 4);
      }
      if (!std::isfinite(v[e]))
        r.fail(first + e * width, phrase("weights.non_finite", {phrase(std::isnan(v[e]) ? "weights.nan" : "weights.infinity"),
                                                                text(t.name), num(e)}));
    }
    fc.values.push_back(std::move(v));
  }
  return fc;
}

// How much one image's forward pass holds and computes, layer by layer, before any of it runs.
void check_work(const Network& net, const FileContents& fc) {
  uint64_t operations = 0;
  for (std::size_t i = 0; i < net.size(); ++i) {
    const LayerSpec& s = fc.layers[i];
    const Message which = phrase("weights.which_layer", {num(i), text(kind_name(s.kind)), text(s.name)});
    const Shape out = net.layer_output_shape(i);
    // Every earlier layer's output is within kMaxValues, so no product below can wrap around.
    const uint64_t values = shape_size(out);
    uint64_t held = values, ops = 0;
    if (values <= kMaxValues && s.kind == kConvolution) {
      const uint64_t window = uint64_t(s.f[1]) * s.f[2] * s.f[3];  // C * FH * FW <= kMaxParams
      held = std::max<uint64_t>(values, window * (values / s.f[0]));  // the im2col matrix
      ops = window * values;
    } else if (s.kind == kPooling) {
      ops = uint64_t(s.f[0]) * s.f[1] * values;
    } else if (s.kind == kAffine) {
      ops = uint64_t(s.f[0]) * s.f[1];
    }
    if (held > kMaxValues)
      throw WeightsError(phrase("weights.invalid_at", {num(s.at), phrase("weights.layer_too_big", {which, num(held), num(kMaxValues)})}));
    operations += ops;
    if (operations > kMaxOperations)
      throw WeightsError(phrase("weights.invalid_at", {num(s.at), phrase("weights.too_much_work", {num(kMaxOperations), which})}));
  }
}

// Finite weights can still be absurd (e.g. 3e38 everywhere) and overflow on the way through the
// network. Three fixed images must give finite outputs and probabilities.
void check_outputs_finite(Network& net) {
  const std::size_t n = shape_size(net.input_shape());
  std::vector<float> x(n), probs;
  const char* what[3] = {"weights.test_blank", "weights.test_full", "weights.test_random"};
  for (int image = 0; image < 3; ++image) {
    uint32_t state = 12345;
    for (std::size_t i = 0; i < n; ++i) {
      state = state * 1664525u + 1013904223u;
      x[i] = image == 0 ? 0.0f : image == 1 ? 1.0f : static_cast<float>(state >> 8) / 16777216.0f;
    }
    const Tensor& logits = net.forward_one(x.data());
    const int k = static_cast<int>(logits.size());
    probs.resize(logits.size());
    softmax(logits.data(), probs.data(), k);
    for (int c = 0; c < k; ++c) {
      const bool bad_logit = !std::isfinite(logits.data()[c]);
      if (!bad_logit && std::isfinite(probs[c])) continue;
      const float bad = bad_logit ? logits.data()[c] : probs[c];
      throw WeightsError(phrase(bad_logit ? "weights.absurd_output" : "weights.absurd_probability",
                                {phrase(what[image]), num(c), phrase(std::isnan(bad) ? "weights.nan" : "weights.infinity")}));
    }
  }
}

// The network a parsed file describes, with its parameters, after every check.
std::unique_ptr<Network> build_network(const FileContents& fc) {
  auto net = std::make_unique<Network>(fc.input);
  for (const auto& s : fc.layers) {
    try {
      net->add_layer(build_layer(s));
    } catch (const std::exception& e) {
      throw WeightsError(phrase("weights.impossible", {message_of(e)}));
    }
  }
  check_work(*net, fc);
  auto params = net->params();
  for (std::size_t i = 0; i < params.size(); ++i) params[i].value->values() = fc.values[i];
  check_outputs_finite(*net);
  return net;
}

}  // namespace

uint32_t crc32(const uint8_t* data, std::size_t size) {
  static uint32_t table[256];
  static bool ready = false;
  if (!ready) {
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      table[i] = c;
    }
    ready = true;
  }
  uint32_t c = 0xFFFFFFFFu;
  for (std::size_t i = 0; i < size; ++i) c = table[(c ^ data[i]) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

uint16_t float_to_half(float f) {
  uint32_t x;
  std::memcpy(&x, &f, 4);
  const uint16_t sign = static_cast<uint16_t>((x >> 16) & 0x8000u);
  const uint32_t a = x & 0x7FFFFFFFu;
  if (a > 0x7F800000u) return sign | 0x7E00u;  // NaN
  if (a >= 0x477FF000u) return sign | 0x7C00u;  // 65520 and above round to infinity
  if (a < 0x38800000u) {                        // below 2^-14: a subnormal half (or zero)
    float v;
    std::memcpy(&v, &a, 4);
    return sign | static_cast<uint16_t>(std::nearbyint(v * 16777216.0f));  // units of 2^-24, ties to even
  }
  const uint32_t m = a - 0x38000000u;  // exponent bias 127 -> 15
  return sign | static_cast<uint16_t>((m + 0x0FFFu + ((m >> 13) & 1u)) >> 13);  // 23 -> 10 mantissa bits
}

float half_to_float(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16, e = (h >> 10) & 0x1Fu, m = h & 0x3FFu;
  if (e == 0) {
    const float v = static_cast<float>(m) * (1.0f / 16777216.0f);  // exact: m * 2^-24
    return sign ? -v : v;
  }
  const uint32_t bits = sign | (e == 31 ? 0x7F800000u | (m << 13) : ((e + 112) << 23) | (m << 13));
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

const char* encoding_name(Encoding e) {
  switch (e) {
    case Encoding::Float32: return "float32";
    case Encoding::Float16: return "float16";
    case Encoding::Int8: return "int8";
  }
  return "?";
}

WeightsFormat compact_weights_format() { return {2, Encoding::Int8, Encoding::Float32}; }

namespace {

// One tensor in a version-2 encoding. Int8: scale = max |value| / 127 per channel (a channel of
// zeros gets scale 1), q = round(value / scale).
void put_tensor(std::vector<uint8_t>& out, const std::string& name, const Tensor& t, Encoding enc) {
  const std::vector<float>& v = t.values();
  for (std::size_t e = 0; e < v.size(); ++e)
    if (!std::isfinite(v[e]))
      throw WeightsError(phrase("weights.save_non_finite", {text(name), num(e)}));
  if (enc == Encoding::Float32) {
    for (float x : v) put_f32(out, x);
  } else if (enc == Encoding::Float16) {
    for (std::size_t e = 0; e < v.size(); ++e) {
      const uint16_t h = float_to_half(v[e]);
      if ((h & 0x7C00u) == 0x7C00u)
        throw WeightsError(phrase("weights.save_f16_range", {text(name), num(e), text(std::to_string(v[e]))}));
      put_u16(out, h);
    }
  } else {
    TensorPlan p;
    p.shape = t.shape();
    p.count = v.size();
    set_channels(p);
    std::vector<float> scale(p.channels, 0.0f);
    for (std::size_t e = 0; e < v.size(); ++e) {
      float& s = scale[(e / p.inner) % p.channels];
      s = std::max(s, std::fabs(v[e]));
    }
    for (float& s : scale) {
      const float m = s;
      s = m / 127.0f;
      if (!(s > 0.0f)) s = m > 0.0f ? m : 1.0f;  // all zeros (or too small to divide)
      put_f32(out, s);
    }
    for (std::size_t e = 0; e < v.size(); ++e) {
      const long q = std::lround(v[e] / scale[(e / p.inner) % p.channels]);
      out.push_back(static_cast<uint8_t>(static_cast<int8_t>(std::clamp(q, -127L, 127L))));
    }
  }
}

}  // namespace

std::vector<uint8_t> save_weights(Network& net, const WeightsFormat& format) {
  if (format.version < 1 || format.version > kNewestVersion)
    throw WeightsError(phrase("weights.save_version", {num(format.version)}));
  if (format.version >= 2 && format.biases == Encoding::Int8)
    throw WeightsError(phrase("weights.save_int8_bias"));
  const bool v2 = format.version >= 2;
  std::vector<uint8_t> out{'C', 'N', 'N', 'W'};
  put_u32(out, format.version);
  const Shape& in = net.input_shape();
  if (in.size() != 3) throw WeightsError(phrase("weights.save_input"));
  for (int d : in) put_u32(out, static_cast<uint32_t>(d));
  put_u32(out, static_cast<uint32_t>(net.size()));
  for (std::size_t i = 0; i < net.size(); ++i) {
    LayerSpec s = spec_of(net.layer(i));
    put_u32(out, s.kind);
    put_u32(out, static_cast<uint32_t>(s.name.size()));
    out.insert(out.end(), s.name.begin(), s.name.end());
    for (int k = 0; k < field_count(s.kind); ++k) put_u32(out, s.f[k]);
    if (v2 && has_params(s.kind)) {
      put_u32(out, static_cast<uint32_t>(format.weights));
      put_u32(out, static_cast<uint32_t>(format.biases));
    }
  }
  for (std::size_t i = 0; i < net.size(); ++i) {
    auto ps = net.layer(i).params();
    for (std::size_t j = 0; j < ps.size(); ++j) {
      if (!v2) {
        for (float v : ps[j].value->values()) put_f32(out, v);
      } else {
        put_tensor(out, net.layer(i).name() + (j ? ".b" : ".W"), *ps[j].value, j ? format.biases : format.weights);
      }
    }
  }
  put_u32(out, crc32(out.data(), out.size()));
  return out;
}

void save_weights_file(Network& net, const std::string& path, const WeightsFormat& format) {
  const auto bytes = save_weights(net, format);
  std::ofstream f(path, std::ios::binary);
  if (!f) throw WeightsError(phrase("weights.cannot_write", {text(path)}));
  f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!f) throw WeightsError(phrase("weights.write_failed", {text(path)}));
}

std::unique_ptr<Network> load_network(const uint8_t* data, std::size_t size) {
  return build_network(parse(data, size));
}

std::unique_ptr<Network> load_network_file(const std::string& path) {
  std::vector<uint8_t> bytes;
  try {
    bytes = read_file_bytes(path);
  } catch (const std::exception& e) {
    throw WeightsError(message_of(e));
  }
  try {
    return load_network(bytes.data(), bytes.size());
  } catch (const WeightsError& e) {
    throw WeightsError(phrase("weights.in_file", {text(path), e.message()}));
  }
}

void load_weights(Network& net, const uint8_t* data, std::size_t size) {
  FileContents fc = parse(data, size);
  auto here = [&](std::size_t i) { return spec_of(net.layer(i)); };
  if (fc.input != net.input_shape())
    throw WeightsError(phrase("weights.mismatch_input", {text(shape_str(fc.input)), text(shape_str(net.input_shape()))}));
  if (fc.layers.size() != net.size())
    throw WeightsError(phrase("weights.mismatch_count", {num(fc.layers.size()), num(net.size())}));
  for (std::size_t i = 0; i < net.size(); ++i) {
    const LayerSpec a = fc.layers[i], b = here(i);
    if (a.kind != b.kind)
      throw WeightsError(phrase("weights.mismatch_kind",
                                {num(i), text(kind_name(a.kind)), text(a.name), text(kind_name(b.kind)), text(b.name)}));
    auto sa = param_shapes(a), sb = param_shapes(b);
    for (std::size_t j = 0; j < sa.size(); ++j)
      if (sa[j] != sb[j])
        throw WeightsError(phrase("weights.mismatch_shape", {num(i), text(kind_name(b.kind)), text(b.name),
                                                             text(j ? "b" : "W"), text(shape_str(sa[j])),
                                                             text(shape_str(sb[j]))}));
    if (std::memcmp(a.f, b.f, sizeof a.f) != 0)
      throw WeightsError(phrase("weights.mismatch_fields", {num(i), text(kind_name(b.kind)), text(b.name)}));
  }
  build_network(fc);  // the limits and the test images, on a copy
  auto params = net.params();  // all checks passed: now (and only now) overwrite the network
  for (std::size_t i = 0; i < params.size(); ++i) params[i].value->values() = fc.values[i];
}

}  // namespace cnn
