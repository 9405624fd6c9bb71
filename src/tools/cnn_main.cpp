// cnn: the native command-line tool of the project.
//   cnn train   --data DIR --epochs N --out FILE [--arch simple|two-stage|LAYERS] [--seed S] [--batch B] [--lr X]
//               [--optimizer adam|momentum|sgd] [--lr-decay F] [--augment] [--filters N] [--hidden N]
//               [--init-std X] [--threads T]       (--filters/--hidden: SimpleConvNet's sizes)
//   cnn eval    --data DIR --weights FILE [--distort]      (last line: "accuracy: 0.XXXX")
//   cnn predict --data DIR --weights FILE --count N --out FILE.json   (native reference for the browser test)
//   cnn samples --data DIR --count N --out FILE            (real test digits shipped with the demo)
//   cnn subset  --data DIR --train N --test N --out FILE   (compact MNIST for training in the browser)
//   cnn bench   [--arch A | --weights FILE] [--threads T]   (one "name: value unit" per line)
//   cnn convert --format v1|v2 [--weights-as float32|float16|int8] [--biases-as float32|float16] IN OUT
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <unistd.h>

#include "cnn/architecture.h"
#include "cnn/gemm.h"
#include "cnn/mnist.h"
#include "cnn/mnist_subset.h"
#include "cnn/network.h"
#include "cnn/trainer.h"
#include "cnn/weights_io.h"

using namespace cnn;

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

struct Args {
  std::map<std::string, std::string> values;
  std::vector<std::string> flags;
  std::vector<std::string> positional;  // only for commands that take them (convert)
  bool has(const std::string& k) const { return values.count(k) || std::count(flags.begin(), flags.end(), k); }
  std::string get(const std::string& k, const std::string& def = "") const {
    auto it = values.find(k);
    return it == values.end() ? def : it->second;
  }
  std::string need(const std::string& k) const {
    auto it = values.find(k);
    if (it == values.end()) throw std::invalid_argument("missing --" + k);
    return it->second;
  }
  long long integer(const std::string& k, long long def) const {
    if (!values.count(k)) return def;
    char* end = nullptr;
    const std::string& s = values.at(k);
    long long v = std::strtoll(s.c_str(), &end, 10);
    if (s.empty() || *end) throw std::invalid_argument("--" + k + " expects an integer, got '" + s + "'");
    return v;
  }
  double number(const std::string& k, double def) const {
    if (!values.count(k)) return def;
    char* end = nullptr;
    const std::string& s = values.at(k);
    double v = std::strtod(s.c_str(), &end);
    if (s.empty() || *end || !std::isfinite(v)) throw std::invalid_argument("--" + k + " expects a number, got '" + s + "'");
    return v;
  }
};

Args parse_args(int argc, char** argv, int first, const std::vector<std::string>& boolean_flags,
                std::size_t positional = 0) {
  Args a;
  for (int i = first; i < argc; ++i) {
    std::string s = argv[i];
    if (s.rfind("--", 0) != 0) {
      if (a.positional.size() >= positional) throw std::invalid_argument("unexpected argument '" + s + "'");
      a.positional.push_back(s);
      continue;
    }
    s = s.substr(2);
    if (std::count(boolean_flags.begin(), boolean_flags.end(), s)) {
      a.flags.push_back(s);
    } else {
      if (i + 1 >= argc) throw std::invalid_argument("--" + s + " needs a value");
      a.values[s] = argv[++i];
    }
  }
  return a;
}

// --arch NAME or a layer list (architecture.h); for SimpleConvNet --filters and --hidden still set its sizes.
std::string training_architecture(const Args& a) {
  const std::string arch = a.get("arch", "simple");
  if (arch != "simple" || (!a.has("filters") && !a.has("hidden"))) return architecture_spec(arch);
  return "conv" + std::to_string(a.integer("filters", 30)) + "x5,relu,pool2,affine" +
         std::to_string(a.integer("hidden", 100)) + ",relu,affine10";
}

Dataset view(const MnistSet& s) { return Dataset{s.count, s.rows, s.cols, s.images.data(), s.labels.data()}; }

std::string fmt_time(double s) {
  char buf[32];
  const int t = static_cast<int>(std::lround(s));
  std::snprintf(buf, sizeof buf, "%d:%02d", t / 60, t % 60);
  return buf;
}

int cmd_train(const Args& a) {
  const std::string dir = a.need("data"), out = a.need("out");
  const int epochs = static_cast<int>(a.integer("epochs", 10));
  if (epochs <= 0) throw std::invalid_argument("--epochs must be positive");
  TrainConfig cfg;
  cfg.seed = static_cast<uint64_t>(a.integer("seed", 1));
  cfg.batch = static_cast<int>(a.integer("batch", 100));
  cfg.lr = static_cast<float>(a.number("lr", 0.001));
  cfg.lr_decay = static_cast<float>(a.number("lr-decay", 1.0));
  cfg.optimizer = a.get("optimizer", "adam");
  cfg.augment = a.has("augment");
  set_num_threads(static_cast<int>(a.integer("threads", 1)));
  const std::string arch = training_architecture(a);

  const MnistSet train = load_mnist(dir, "train"), test = load_mnist(dir, "t10k");
  auto net = make_network(arch, {1, kMnistRows, kMnistCols});
  Rng init_rng(cfg.seed);
  init_weights(*net, init_rng, static_cast<float>(a.number("init-std", 0.0)));
  Trainer trainer(*net, view(train), cfg);
  std::printf("training %s (%zu parameters) on %d images, %d epochs, batch %d, %s lr %g%s, seed %llu, %s\n",
              architecture_of(*net).c_str(), net->param_count(), train.count, epochs, cfg.batch, cfg.optimizer.c_str(), cfg.lr,
              cfg.augment ? ", augmented" : "", static_cast<unsigned long long>(cfg.seed), simd_name());
  const bool tty = isatty(fileno(stdout));
  const auto start = Clock::now();
  const long long total_steps = static_cast<long long>(epochs) * trainer.steps_per_epoch();
  for (int e = 0; e < epochs; ++e) {
    const auto ep_start = Clock::now();
    double loss_sum = 0, acc_sum = 0;
    int n = 0;
    for (int s = 0; s < trainer.steps_per_epoch(); ++s) {
      loss_sum += trainer.step();
      acc_sum += trainer.last_batch_accuracy();
      ++n;
      const bool last = s + 1 == trainer.steps_per_epoch();
      // Without a terminal (CI logs) print a progress line every 100 steps instead of redrawing.
      if (s % (tty ? 20 : 100) == 0 || last) {
        const double el = seconds_since(start), frac = double(trainer.steps()) / total_steps;
        const double ips = double(trainer.steps()) * cfg.batch / std::max(el, 1e-9);
        const int width = 30, filled = static_cast<int>((s + 1) * width / trainer.steps_per_epoch());
        std::string bar(static_cast<size_t>(filled), '#');
        bar.resize(width, '.');
        std::printf("%sepoch %d/%d [%s] loss %.4f  %6.0f images/s  elapsed %s  ETA %s%s", tty ? "\r" : "", e + 1,
                    epochs, bar.c_str(), loss_sum / n, ips, fmt_time(el).c_str(),
                    fmt_time(el / std::max(frac, 1e-9) - el).c_str(), tty ? "" : "\n");
        std::fflush(stdout);
      }
    }
    if (tty) std::printf("\n");
    const double ep_time = seconds_since(ep_start);
    // Train accuracy on the first 10 000 training images (unaugmented) keeps the epoch report quick.
    Dataset train_part = view(train);
    train_part.count = std::min(train_part.count, 10000);
    const EvalResult tr = evaluate(*net, train_part), te = evaluate(*net, view(test));
    std::printf("epoch %d: train loss %.4f  train accuracy %.4f  test accuracy %.4f  (%.1f s, lr %.2g)\n", e + 1,
                tr.loss, tr.accuracy(), te.accuracy(), ep_time, trainer.optimizer().lr);
    std::fflush(stdout);
  }
  save_weights_file(*net, out);
  std::printf("saved %s (%.1f s of training)\n", out.c_str(), seconds_since(start));
  return 0;
}

int cmd_eval(const Args& a) {
  MnistSet test = load_mnist(a.need("data"), "t10k");
  auto net = load_network_file(a.need("weights"));
  if (a.has("distort")) {
    // Robustness check: the test digits moved, turned, slanted and thickened the way students
    // draw (fixed seed, so two models are compared on the very same distorted digits).
    TrainConfig d;
    d.max_shift = 3.0f;
    d.max_rotate_deg = 15.0f;
    d.max_scale = 0.15f;
    d.max_shear = 0.3f;
    d.thicken_prob = 0.5f;
    Rng rng(2024);
    std::vector<float> tmp(kMnistPixels);
    for (int i = 0; i < test.count; ++i) {
      uint8_t* img = test.images.data() + static_cast<size_t>(i) * kMnistPixels;
      augment_image(img, tmp.data(), kMnistRows, kMnistCols, rng, d);
      for (int p = 0; p < kMnistPixels; ++p) img[p] = static_cast<uint8_t>(std::lround(std::clamp(tmp[p], 0.0f, 1.0f) * 255));
    }
    std::printf("test images distorted: shift ±3 px, rotation ±15°, scale ±15%%, slant ±0.3, half thickened\n");
  }
  const EvalResult r = evaluate(*net, view(test));
  std::printf("confusion matrix (rows: true digit, columns: predicted digit), %d test images\n      ", r.total);
  for (int j = 0; j < kMnistClasses; ++j) std::printf("%6d", j);
  std::printf("\n");
  for (int i = 0; i < kMnistClasses; ++i) {
    std::printf("%6d", i);
    for (int j = 0; j < kMnistClasses; ++j) std::printf("%6d", r.confusion[i][j]);
    std::printf("\n");
  }
  std::printf("loss: %.4f\n", r.loss);
  std::printf("accuracy: %.4f\n", r.accuracy());
  return 0;
}

int cmd_predict(const Args& a) {
  const MnistSet test = load_mnist(a.need("data"), "t10k");
  auto net = load_network_file(a.need("weights"));
  const int count = static_cast<int>(std::min<long long>(a.integer("count", 200), test.count));
  std::ofstream f(a.need("out"));
  if (!f) throw std::runtime_error("cannot write " + a.need("out"));
  std::vector<float> px(kMnistPixels);
  float probs[kMnistClasses];
  std::string labels = "[", all = "[";
  for (int i = 0; i < count; ++i) {
    for (int p = 0; p < kMnistPixels; ++p) px[p] = test.images[static_cast<size_t>(i) * kMnistPixels + p] / 255.0f;
    const int label = net->predict(px.data(), probs);
    labels += (i ? "," : "") + std::to_string(label);
    all += i ? ",[" : "[";
    for (int k = 0; k < kMnistClasses; ++k) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%s%.9g", k ? "," : "", probs[k]);
      all += buf;
    }
    all += "]";
  }
  f << "{\"count\":" << count << ",\"labels\":" << labels << "],\"probs\":" << all << "]}\n";
  std::printf("wrote predictions for %d test images to %s\n", count, a.need("out").c_str());
  return 0;
}

int cmd_samples(const Args& a) {
  const MnistSet test = load_mnist(a.need("data"), "t10k");
  const int count = static_cast<int>(a.integer("count", 100));
  if (count <= 0 || count > test.count) throw std::invalid_argument("--count must be in 1..10000");
  // The first `count` test digits, balanced: take digits in order until each class has count/10.
  std::vector<int> picked, per(kMnistClasses, 0);
  for (int i = 0; i < test.count && static_cast<int>(picked.size()) < count; ++i)
    if (per[test.labels[i]] < (count + kMnistClasses - 1) / kMnistClasses) {
      per[test.labels[i]]++;
      picked.push_back(i);
    }
  std::vector<uint8_t> out{'C', 'N', 'N', 'S'};
  auto u32 = [&](uint32_t v) {
    for (int k = 0; k < 4; ++k) out.push_back(static_cast<uint8_t>(v >> (8 * k)));
  };
  u32(static_cast<uint32_t>(picked.size()));
  u32(kMnistRows);
  u32(kMnistCols);
  for (int i : picked) {
    out.push_back(test.labels[i]);
    out.insert(out.end(), test.images.begin() + static_cast<long>(i) * kMnistPixels,
               test.images.begin() + (i + 1L) * kMnistPixels);
  }
  std::ofstream f(a.need("out"), std::ios::binary);
  f.write(reinterpret_cast<const char*>(out.data()), static_cast<std::streamsize>(out.size()));
  if (!f) throw std::runtime_error("cannot write " + a.need("out"));
  std::printf("wrote %zu real MNIST test digits to %s\n", picked.size(), a.need("out").c_str());
  return 0;
}

int cmd_subset(const Args& a) {
  const std::string dir = a.need("data");
  const MnistSet train = load_mnist(dir, "train"), test = load_mnist(dir, "t10k");
  const auto bytes = make_mnist_subset(train, test, static_cast<int>(a.integer("train", 10000)),
                                       static_cast<int>(a.integer("test", 1000)));
  std::ofstream f(a.need("out"), std::ios::binary);
  f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!f) throw std::runtime_error("cannot write " + a.need("out"));
  std::printf("wrote %lld training and %lld test digits (%zu bytes) to %s\n", a.integer("train", 10000),
              a.integer("test", 1000), bytes.size(), a.need("out").c_str());
  return 0;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

int cmd_bench(const Args& a) {
  set_num_threads(static_cast<int>(a.integer("threads", 1)));
  const int reps = static_cast<int>(a.integer("repeats", 5));
  Rng rng(7);
  std::unique_ptr<Network> net;
  if (a.has("weights")) {
    net = load_network_file(a.get("weights"));
  } else {
    net = make_network(a.get("arch", "simple"), {1, kMnistRows, kMnistCols});
    init_weights(*net, rng);
  }
  const int B = 100;
  Tensor x({B, 1, kMnistRows, kMnistCols});
  for (auto& v : x.values()) v = rng.uniform();
  std::vector<uint8_t> t(B);
  for (auto& v : t) v = static_cast<uint8_t>(rng.below(kMnistClasses));
  Adam adam(0.001f);
  // Training: forward + backward + Adam on batches of 100.
  std::vector<double> train_ips;
  for (int r = 0; r < reps; ++r) {
    const int steps = 20;
    if (r == 0) for (int s = 0; s < 3; ++s) { net->loss(x, t.data()); net->backward(); adam.update(net->params()); }
    const auto t0 = Clock::now();
    for (int s = 0; s < steps; ++s) {
      net->loss(x, t.data());
      net->backward();
      adam.update(net->params());
    }
    train_ips.push_back(steps * B / seconds_since(t0));
  }
  // Batch-100 inference.
  std::vector<double> infer_ips;
  for (int r = 0; r < reps; ++r) {
    const auto t0 = Clock::now();
    for (int s = 0; s < 20; ++s) net->forward(x);
    infer_ips.push_back(20 * B / seconds_since(t0));
  }
  // One-image forward latency (median of many).
  std::vector<double> lat;
  float probs[kMnistClasses];
  for (int i = 0; i < 100; ++i) net->predict(x.data(), probs);
  for (int i = 0; i < 2000; ++i) {
    const auto t0 = Clock::now();
    net->predict(x.data() + static_cast<size_t>(i % B) * kMnistPixels, probs);
    lat.push_back(seconds_since(t0) * 1e3);
  }
  std::sort(lat.begin(), lat.end());
  std::printf("architecture: %s (%zu parameters)\n", architecture_of(*net).c_str(), net->param_count());
  std::printf("simd: %s\n", simd_name());
  std::printf("threads: %d\n", num_threads());
  std::printf("train_images_per_s: %.0f images/s (median of %d, min %.0f, max %.0f)\n", median(train_ips), reps,
              *std::min_element(train_ips.begin(), train_ips.end()), *std::max_element(train_ips.begin(), train_ips.end()));
  std::printf("infer_batch100_images_per_s: %.0f images/s (median of %d)\n", median(infer_ips), reps);
  std::printf("forward_1_image_ms: %.4f ms (median of %zu; p10 %.4f, p90 %.4f)\n", lat[lat.size() / 2], lat.size(),
              lat[lat.size() / 10], lat[lat.size() * 9 / 10]);
  return 0;
}

Encoding encoding_arg(const Args& a, const std::string& k, Encoding def) {
  if (!a.has(k)) return def;
  for (Encoding e : {Encoding::Float32, Encoding::Float16, Encoding::Int8})
    if (a.get(k) == encoding_name(e)) return e;
  throw std::invalid_argument("--" + k + " expects float32, float16 or int8, got '" + a.get(k) + "'");
}

// Rewrites a weights file in another format version: v1 is float32 (lossless), v2 the compact
// encodings (compact_weights_format(), or --weights-as / --biases-as).
int cmd_convert(const Args& a) {
  if (a.positional.size() != 2) throw std::invalid_argument("convert needs IN and OUT");
  const std::string& in = a.positional[0], &out = a.positional[1];
  const std::string fmt = a.need("format");
  WeightsFormat format;
  if (fmt == "v2") {
    format = compact_weights_format();
    format.weights = encoding_arg(a, "weights-as", format.weights);
    format.biases = encoding_arg(a, "biases-as", format.biases);
  } else if (fmt != "v1") {
    throw std::invalid_argument("--format expects v1 or v2, got '" + fmt + "'");
  } else if (a.has("weights-as") || a.has("biases-as")) {
    throw std::invalid_argument("--weights-as and --biases-as are for --format v2 (v1 is all float32)");
  }
  auto net = load_network_file(in);
  const std::vector<uint8_t> bytes = save_weights(*net, format);
  auto back = load_network(bytes.data(), bytes.size());  // what a reader of OUT will get
  double worst = 0;
  std::string where;
  auto pa = net->params(), pb = back->params();
  for (std::size_t i = 0; i < pa.size(); ++i)
    for (std::size_t e = 0; e < pa[i].value->size(); ++e) {
      const double d = std::fabs(double(pa[i].value->data()[e]) - double(pb[i].value->data()[e]));
      if (d > worst) {
        worst = d;
        where = pa[i].name + "[" + std::to_string(e) + "]";
      }
    }
  std::ofstream f(out, std::ios::binary);
  f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!f) throw std::runtime_error("cannot write " + out);
  std::printf("wrote %s: version %u", out.c_str(), format.version);
  if (format.version >= 2) std::printf(" (weights %s, biases %s)", encoding_name(format.weights), encoding_name(format.biases));
  std::printf(", %zu bytes\n", bytes.size());
  std::printf("largest change of a parameter: %.3g%s%s\n", worst, where.empty() ? "" : " at ", where.c_str());
  return 0;
}

void usage() {
  std::fprintf(stderr,
               "usage: cnn train   --data DIR --epochs N --out FILE [--arch simple|two-stage|LAYERS] [--seed S]\n"
               "                   [--batch B] [--lr X] [--optimizer adam|momentum|sgd] [--lr-decay F] [--augment]\n"
               "                   [--filters N] [--hidden N]\n"
               "       cnn eval    --data DIR --weights FILE [--distort]\n"
               "       cnn predict --data DIR --weights FILE --count N --out FILE.json\n"
               "       cnn samples --data DIR --count N --out FILE\n"
               "       cnn subset  --data DIR [--train 10000] [--test 1000] --out FILE.cnnd\n"
               "       cnn bench   [--arch A | --weights FILE] [--threads T] [--repeats R]\n"
               "       cnn convert --format v1|v2 [--weights-as float32|float16|int8] [--biases-as float32|float16] IN OUT\n"
               "LAYERS: e.g. conv16x5p2,relu,pool2,conv32x5p2,relu,pool2,affine100,relu,affine10\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    usage();
    return 2;
  }
  const std::string cmd = argv[1];
  try {
    if (cmd == "train") return cmd_train(parse_args(argc, argv, 2, {"augment"}));
    if (cmd == "eval") return cmd_eval(parse_args(argc, argv, 2, {"distort"}));
    if (cmd == "predict") return cmd_predict(parse_args(argc, argv, 2, {}));
    if (cmd == "samples") return cmd_samples(parse_args(argc, argv, 2, {}));
    if (cmd == "subset") return cmd_subset(parse_args(argc, argv, 2, {}));
    if (cmd == "bench") return cmd_bench(parse_args(argc, argv, 2, {}));
    if (cmd == "convert") return cmd_convert(parse_args(argc, argv, 2, {}, 2));
    if (cmd == "--help" || cmd == "help") {
      usage();
      return 0;
    }
    std::fprintf(stderr, "cnn: unknown command '%s'\n", cmd.c_str());
    usage();
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cnn %s: error: %s\n", cmd.c_str(), e.what());
    return 1;
  }
}
