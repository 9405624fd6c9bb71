#include "app/train/worker_protocol.h"

#include <algorithm>
#include <cstring>

namespace app {

namespace {

constexpr uint32_t kMagic = 0x57544E43;  // "CNTW"
constexpr uint32_t kMaxItems = 1u << 28;  // a count beyond this is a damaged message

class Writer {
 public:
  void u32(uint32_t v) { raw(&v, 4); }
  void f64(double v) { raw(&v, 8); }
  void f32(float v) { raw(&v, 4); }
  void str(const std::string& s) { u32(static_cast<uint32_t>(s.size())), raw(s.data(), s.size()); }
  void bytes(const std::vector<uint8_t>& b) { u32(static_cast<uint32_t>(b.size())), raw(b.data(), b.size()); }
  void floats(const std::vector<float>& v) { u32(static_cast<uint32_t>(v.size())), raw(v.data(), v.size() * 4); }
  std::vector<uint8_t> out;

 private:
  void raw(const void* p, std::size_t n) {
    const auto* b = static_cast<const uint8_t*>(p);
    out.insert(out.end(), b, b + n);
  }
};

class Reader {
 public:
  Reader(const uint8_t* p, std::size_t n) : p_(p), n_(n) {}
  uint32_t u32() { uint32_t v = 0; raw(&v, 4); return v; }
  double f64() { double v = 0; raw(&v, 8); return v; }
  float f32() { float v = 0; raw(&v, 4); return v; }
  std::string str() { const uint32_t n = count(1); std::string s(ok_ ? n : 0, '\0'); raw(s.data(), s.size()); return s; }
  std::vector<uint8_t> bytes() { const uint32_t n = count(1); std::vector<uint8_t> b(ok_ ? n : 0); raw(b.data(), b.size()); return b; }
  std::vector<float> floats() { const uint32_t n = count(4); std::vector<float> v(ok_ ? n : 0); raw(v.data(), v.size() * 4); return v; }
  bool ok() const { return ok_ && at_ == n_; }

 private:
  uint32_t count(std::size_t item) {
    const uint32_t n = u32();
    if (n > kMaxItems || static_cast<std::size_t>(n) * item > n_ - at_) ok_ = false;
    return n;
  }
  void raw(void* out, std::size_t n) {
    if (!ok_ || n > n_ - at_) { ok_ = false; return; }
    if (n) std::memcpy(out, p_ + at_, n);
    at_ += n;
  }
  const uint8_t* p_;
  std::size_t n_, at_ = 0;
  bool ok_ = true;
};

void write_settings(Writer& w, const TrainSettings& s) {
  w.str(s.optimizer), w.f32(s.lr), w.f32(s.lr_decay), w.u32(static_cast<uint32_t>(s.batch));
  w.str(s.architecture), w.u32(static_cast<uint32_t>(s.filters)), w.u32(static_cast<uint32_t>(s.filters2));
  w.u32(static_cast<uint32_t>(s.hidden)), w.f64(static_cast<double>(s.seed));
}
TrainSettings read_settings(Reader& r) {
  TrainSettings s;
  s.optimizer = r.str(), s.lr = r.f32(), s.lr_decay = r.f32(), s.batch = static_cast<int>(r.u32());
  s.architecture = r.str(), s.filters = static_cast<int>(r.u32()), s.filters2 = static_cast<int>(r.u32());
  s.hidden = static_cast<int>(r.u32()), s.seed = static_cast<uint64_t>(r.f64());
  return s;
}

}  // namespace

std::vector<uint8_t> encode(const WorkerMessage& m) {
  Writer w;
  w.u32(kMagic), w.u32(m.type), w.u32(m.generation), w.u32(m.flag ? 1 : 0);
  write_settings(w, m.settings);
  w.bytes(m.bytes);
  const TrainReadouts& p = m.progress.readouts;
  const TrainStatus& s = p.status;
  w.u32(m.progress.generation), w.u32(s.running ? 1 : 0), w.f64(static_cast<double>(s.step)), w.f64(static_cast<double>(s.images));
  w.f64(s.epoch), w.f32(s.loss), w.f32(s.train_accuracy), w.f32(s.test_accuracy), w.f64(s.images_per_second);
  w.f64(s.elapsed_seconds), w.u32(p.evaluating ? 1 : 0), w.f32(p.learning_rate), w.u32(static_cast<uint32_t>(p.loss_group));
  w.floats(p.loss), w.floats(p.train_accuracy), w.floats(p.test_accuracy), w.floats(m.progress.weights);
  return std::move(w.out);
}

std::optional<WorkerMessage> decode(const uint8_t* bytes, std::size_t size) {
  Reader r(bytes, size);
  if (r.u32() != kMagic) return std::nullopt;
  WorkerMessage m;
  m.type = r.u32(), m.generation = r.u32(), m.flag = r.u32() != 0;
  m.settings = read_settings(r);
  m.bytes = r.bytes();
  TrainReadouts& p = m.progress.readouts;
  TrainStatus& s = p.status;
  m.progress.generation = r.u32(), s.running = r.u32() != 0, s.step = static_cast<long long>(r.f64());
  s.images = static_cast<long long>(r.f64()), s.epoch = r.f64(), s.loss = r.f32(), s.train_accuracy = r.f32();
  s.test_accuracy = r.f32(), s.images_per_second = r.f64(), s.elapsed_seconds = r.f64();
  p.evaluating = r.u32() != 0, p.learning_rate = r.f32(), p.loss_group = std::max<int>(1, static_cast<int>(r.u32()));
  p.loss = r.floats(), p.train_accuracy = r.floats(), p.test_accuracy = r.floats(), m.progress.weights = r.floats();
  if (!r.ok()) return std::nullopt;
  return m;
}

std::vector<float> flat_weights(cnn::Network& net) {
  std::vector<float> out;
  out.reserve(net.param_count());
  for (const cnn::Param& p : net.params()) out.insert(out.end(), p.value->values().begin(), p.value->values().end());
  return out;
}

bool set_flat_weights(cnn::Network& net, const std::vector<float>& weights) {
  if (weights.size() != net.param_count()) return false;
  std::size_t at = 0;
  for (const cnn::Param& p : net.params()) {
    std::copy(weights.begin() + static_cast<std::ptrdiff_t>(at), weights.begin() + static_cast<std::ptrdiff_t>(at + p.value->size()),
              p.value->data());
    at += p.value->size();
  }
  return true;
}

}  // namespace app
