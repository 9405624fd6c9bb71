// .cnnw reader and writer. Layout (all integers uint32 little-endian; see docs/cnnw-format.md):
//   "CNNW" | version | input C, H, W | layer count | layer records | float32 parameters | CRC-32
#include "cnn/weights_io.h"

#include <cmath>
#include <cstring>
#include <fstream>

#include "cnn/mnist.h"

namespace cnn {

namespace {

constexpr uint32_t kVersion = 1;
constexpr uint32_t kMaxLayers = 64, kMaxName = 64, kMaxDim = 1u << 16;
constexpr uint64_t kMaxParams = 1ull << 26;  // 64 M floats: far above any network the demo builds

enum Kind : uint32_t { kConvolution = 1, kRelu = 2, kPooling = 3, kAffine = 4 };

void put_u32(std::vector<uint8_t>& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void put_f32(std::vector<uint8_t>& out, float f) {
  uint32_t v;
  std::memcpy(&v, &f, 4);
  put_u32(out, v);
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

FileContents parse(const uint8_t* data, std::size_t size) {
  if (data == nullptr && size > 0) throw WeightsError(phrase("weights.null"));
  Reader r{data, size};
  FileContents fc;
  r.need(4, phrase("weights.part.magic"));
  if (std::memcmp(data, "CNNW", 4) != 0) r.fail(0, phrase("weights.magic"));
  r.pos = 4;
  const uint32_t version = r.u32(phrase("weights.part.version"));
  if (version != kVersion) r.fail(4, phrase("weights.version", {num(version), num(kVersion)}));
  for (const char* axis : {"C", "H", "W"}) {
    const std::size_t at = r.pos;
    const uint32_t d = r.u32(phrase("weights.part.input", {text(axis)}));
    if (d == 0 || d > kMaxDim) r.fail(at, phrase("weights.input_range", {text(axis), num(d)}));
    fc.input.push_back(static_cast<int>(d));
  }
  std::size_t at = r.pos;
  const uint32_t count = r.u32(phrase("weights.part.layer_count"));
  if (count == 0 || count > kMaxLayers) r.fail(at, phrase("weights.layer_count", {num(count), num(kMaxLayers)}));
  uint64_t total = 0;
  for (uint32_t i = 0; i < count; ++i) {
    LayerSpec s;
    at = r.pos;
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
    for (const Shape& ps : param_shapes(s)) total += shape_size(ps);
    if (total > kMaxParams) r.fail(at, phrase("weights.too_many_params", {num(kMaxParams)}));
    fc.layers.push_back(s);
  }
  // Everything after the layer table is float data, then the checksum: check the size first.
  const std::size_t data_start = r.pos;
  const uint64_t expected = data_start + total * 4 + 4;
  if (size < expected) {
    // Name the tensor the file ends in.
    uint64_t off = data_start;
    for (const auto& s : fc.layers) {
      const char* pn[2] = {"W", "b"};
      auto shapes = param_shapes(s);
      for (std::size_t j = 0; j < shapes.size(); ++j) {
        const uint64_t bytes = shape_size(shapes[j]) * 4;
        if (size < off + bytes)
          throw WeightsError(phrase("weights.truncated_tensor",
                                    {num(size), num(shape_size(shapes[j])), text(shape_str(shapes[j])), text(s.name),
                                     text(pn[j]), num(off), num(off + bytes)}));
        off += bytes;
      }
    }
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
  r.pos = data_start;
  for (const auto& s : fc.layers) {
    const char* pn[2] = {"W", "b"};
    auto shapes = param_shapes(s);
    for (std::size_t j = 0; j < shapes.size(); ++j) {
      std::vector<float> v(shape_size(shapes[j]));
      for (std::size_t e = 0; e < v.size(); ++e) {
        const std::size_t off = r.pos;
        const uint32_t bits = r.u32(phrase("weights.part.float"));
        std::memcpy(&v[e], &bits, 4);
        if (!std::isfinite(v[e]))
          r.fail(off, phrase("weights.non_finite", {phrase(std::isnan(v[e]) ? "weights.nan" : "weights.infinity"),
                                                    text(s.name), text(pn[j]), num(e)}));
      }
      fc.values.push_back(std::move(v));
    }
  }
  return fc;
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

std::vector<uint8_t> save_weights(Network& net) {
  std::vector<uint8_t> out{'C', 'N', 'N', 'W'};
  put_u32(out, kVersion);
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
  }
  for (auto& p : net.params())
    for (float v : p.value->values()) put_f32(out, v);
  put_u32(out, crc32(out.data(), out.size()));
  return out;
}

void save_weights_file(Network& net, const std::string& path) {
  const auto bytes = save_weights(net);
  std::ofstream f(path, std::ios::binary);
  if (!f) throw WeightsError(phrase("weights.cannot_write", {text(path)}));
  f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!f) throw WeightsError(phrase("weights.write_failed", {text(path)}));
}

std::unique_ptr<Network> load_network(const uint8_t* data, std::size_t size) {
  FileContents fc = parse(data, size);
  auto net = std::make_unique<Network>(fc.input);
  for (const auto& s : fc.layers) {
    try {
      net->add_layer(build_layer(s));
    } catch (const std::exception& e) {
      throw WeightsError(phrase("weights.impossible", {message_of(e)}));
    }
  }
  auto params = net->params();
  for (std::size_t i = 0; i < params.size(); ++i) params[i].value->values() = fc.values[i];
  return net;
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
  auto params = net.params();  // all checks passed: now (and only now) overwrite the network
  for (std::size_t i = 0; i < params.size(); ++i) params[i].value->values() = fc.values[i];
}

}  // namespace cnn
