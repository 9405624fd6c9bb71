#include "cnn/architecture.h"

#include <cctype>
#include <map>
#include <stdexcept>

#include "cnn/layers.h"

namespace cnn {

const std::vector<NamedArchitecture>& named_architectures() {
  static const std::vector<NamedArchitecture> kNamed = {
      {"simple", "conv30x5,relu,pool2,affine100,relu,affine10"},
      {"two-stage", "conv16x5p2,relu,pool2,conv32x5p2,relu,pool2,affine100,relu,affine10"},
  };
  return kNamed;
}

std::string architecture_spec(const std::string& spec_or_name) {
  for (const NamedArchitecture& a : named_architectures())
    if (spec_or_name == a.name) return a.spec;
  return spec_or_name;
}

namespace {

// Reads "<letter><number>" fields after a kind's word: "30x5p2" → {'\0': 30, 'x': 5, 'p': 2}.
std::map<char, int> read_fields(const std::string& item, std::size_t pos) {
  std::map<char, int> f;
  char key = '\0';
  while (pos < item.size()) {
    if (std::isalpha(static_cast<unsigned char>(item[pos]))) key = item[pos++];
    if (pos >= item.size() || !std::isdigit(static_cast<unsigned char>(item[pos])) || f.count(key))
      throw std::invalid_argument("architecture item '" + item + "' cannot be read");
    long v = 0;
    while (pos < item.size() && std::isdigit(static_cast<unsigned char>(item[pos]))) {
      v = v * 10 + (item[pos++] - '0');
      if (v > 1 << 16) throw std::invalid_argument("architecture item '" + item + "': number too large");
    }
    f[key] = static_cast<int>(v);
  }
  return f;
}

int field(const std::map<char, int>& f, char key, int def, const std::string& item) {
  auto it = f.find(key);
  if (it != f.end()) return it->second;
  if (def < 0) throw std::invalid_argument("architecture item '" + item + "' lacks a number");
  return def;
}

void only(const std::map<char, int>& f, const std::string& keys, const std::string& item) {
  for (const auto& kv : f)
    if (keys.find(kv.first) == std::string::npos)
      throw std::invalid_argument("architecture item '" + item + "' has an unknown field '" + kv.first + "'");
}

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

std::unique_ptr<Network> make_network(const std::string& spec_or_name, const Shape& input) {
  const std::string spec = architecture_spec(spec_or_name);
  if (input.size() != 3) throw std::invalid_argument("make_network: the input must be (C, H, W)");
  auto net = std::make_unique<Network>(input);
  std::map<std::string, int> counts;
  auto name = [&](const char* kind) { return kind + std::to_string(++counts[kind]); };
  std::size_t start = 0;
  while (start <= spec.size()) {
    const std::size_t end = std::min(spec.find(',', start), spec.size());
    const std::string item = spec.substr(start, end - start);
    start = end + 1;
    if (item.empty()) throw std::invalid_argument("architecture '" + spec + "' has an empty item");
    // The channels coming in: the previous output's first axis (a 3-D map), else none.
    const Shape prev = net->size() ? net->layer_output_shape(net->size() - 1) : input;
    try {
      if (starts_with(item, "conv")) {
        const auto f = read_fields(item, 4);
        only(f, std::string("\0xps", 4), item);
        if (prev.size() != 3) throw std::invalid_argument("a convolution needs a (C, H, W) input");
        const int k = field(f, 'x', -1, item);
        net->add<Convolution>(name("conv"), field(f, '\0', -1, item), prev[0], k, k, field(f, 's', 1, item),
                              field(f, 'p', 0, item));
      } else if (starts_with(item, "pool")) {
        const auto f = read_fields(item, 4);
        only(f, std::string("\0s", 2), item);
        const int k = field(f, '\0', -1, item);
        net->add<Pooling>(name("pool"), k, k, field(f, 's', k, item));
      } else if (item == "relu") {
        net->add<Relu>(name("relu"));
      } else if (starts_with(item, "affine")) {
        const auto f = read_fields(item, 6);
        only(f, std::string("\0", 1), item);
        net->add<Affine>(name("affine"), static_cast<int>(shape_size(prev)), field(f, '\0', -1, item));
      } else {
        throw std::invalid_argument("unknown layer (use conv, relu, pool or affine)");
      }
    } catch (const std::invalid_argument& e) {
      const std::string what = e.what();
      if (starts_with(what, "architecture")) throw;
      throw std::invalid_argument("architecture item '" + item + "': " + what);
    }
  }
  return net;
}

std::string architecture_of(const Network& net) {
  std::string out;
  for (std::size_t i = 0; i < net.size(); ++i) {
    const Layer& l = net.layer(i);
    std::string item;
    if (auto* c = dynamic_cast<const Convolution*>(&l)) {
      item = "conv" + std::to_string(c->filters()) + "x" + std::to_string(c->filter_h());
      if (c->filter_w() != c->filter_h()) item += "w" + std::to_string(c->filter_w());  // not readable back: shown only
      if (c->pad()) item += "p" + std::to_string(c->pad());
      if (c->stride() != 1) item += "s" + std::to_string(c->stride());
    } else if (auto* p = dynamic_cast<const Pooling*>(&l)) {
      item = "pool" + std::to_string(p->pool_h());
      if (p->pool_w() != p->pool_h()) item += "w" + std::to_string(p->pool_w());
      if (p->stride() != p->pool_h()) item += "s" + std::to_string(p->stride());
      if (p->pad()) item += "p" + std::to_string(p->pad());
    } else if (auto* a = dynamic_cast<const Affine*>(&l)) {
      item = "affine" + std::to_string(a->out_size());
    } else {
      item = "relu";
    }
    out += (i ? "," : "") + item;
  }
  return out;
}

std::string architecture_name(const Network& net) {
  const std::string spec = architecture_of(net);
  for (const NamedArchitecture& a : named_architectures())
    if (spec == a.spec) return a.name;
  return "";
}

}  // namespace cnn
