// The C++ layers against the book-style NumPy reference, layer by layer.
// bench/numpy_simpleconvnet.py --write-reference DIR builds the "simple" and "two-stage"
// networks from its im2col layer classes (float64), with fixed weights, and runs five images
// through them: MNIST test digits 0..3 and one of uniform noise. It writes, per architecture,
// into DIR/<name>/:
//   weights.cnnw   the network (docs/cnnw-format.md): the C++ side loads exactly these floats
//   input.f32      x, (5, 1, 28, 28) float32
//   <layer>.f64    every layer's output, (5, ...) float64, e.g. conv1.f64 is (5, 30, 24, 24)
//   probs.f64      softmax of the last layer, (5, 10) float64
// CTest runs that script first (fixture numpy_reference) and passes DIR in CNN_REFERENCE_DIR;
// the tag [.reference] keeps these cases out of a plain cnn_tests run (they need that directory).
//
// Every convolution road must match: Auto, and each road forced (Auto's choice depends on the
// target's vector width and the image, see Convolution::sparse_limit).
//
// Tolerance: float32 against float64, so each layer may differ by kTolerance = 1e-5 times its
// largest |value| in the reference (the layer's scale, about 2 to 4 here; at least 1 for the
// probabilities). float32 rounding gives under 1e-6 of the scale on every layer of both
// networks (the largest difference of each layer is printed), so 1e-5 leaves a margin of ten,
// while a real mistake is far larger: one conv2 weight of the two-stage network moved by 1e-4
// moves conv2's output by 2e-4.
#include <catch2/catch_test_macros.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "cnn/architecture.h"
#include "cnn/layers.h"
#include "cnn/weights_io.h"

using namespace cnn;

namespace {

constexpr double kTolerance = 1e-5;

std::string reference_dir() {
  const char* dir = std::getenv("CNN_REFERENCE_DIR");
  if (!dir || !*dir)
    FAIL("CNN_REFERENCE_DIR is not set: run these cases through ctest (the numpy_reference fixture writes it), or "
         "run bench/numpy_simpleconvnet.py --write-reference DIR and set CNN_REFERENCE_DIR=DIR");
  return dir;
}

// count little-endian values of type T from path, as doubles; fails the test if the file is missing or of another size.
template <class T>
std::vector<double> read_values(const std::string& path, std::size_t count) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) FAIL("missing reference file " << path << " (did the numpy_reference fixture run?)");
  const std::size_t bytes = static_cast<std::size_t>(in.tellg());
  if (bytes != count * sizeof(T))
    FAIL(path << " has " << bytes << " bytes, expected " << count << " values of " << sizeof(T) << " bytes");
  std::vector<T> raw(count);
  in.seekg(0);
  in.read(reinterpret_cast<char*>(raw.data()), static_cast<std::streamsize>(bytes));
  return std::vector<double>(raw.begin(), raw.end());
}

struct Diff {
  double max_abs = 0, scale = 0;
  bool ok() const { return max_abs <= kTolerance * scale; }
};

Diff compare(const Tensor& got, const std::vector<double>& want, double min_scale) {
  Diff d;
  d.scale = min_scale;
  for (std::size_t i = 0; i < want.size(); ++i) {
    d.scale = std::fmax(d.scale, std::fabs(want[i]));
    d.max_abs = std::fmax(d.max_abs, std::fabs(static_cast<double>(got[i]) - want[i]));
  }
  return d;
}

std::string shape_text(const Shape& s) {
  std::string t = "(";
  for (std::size_t i = 0; i < s.size(); ++i) t += (i ? ", " : "") + std::to_string(s[i]);
  return t + ")";
}

void check_against_reference(const std::string& arch) {
  const std::string dir = reference_dir() + "/" + arch;
  std::unique_ptr<Network> net;
  REQUIRE_NOTHROW(net = load_network_file(dir + "/weights.cnnw"));
  REQUIRE(architecture_name(*net) == arch);  // the NumPy side built the architecture of that name

  const Shape in = net->input_shape();
  const int n = 5;
  const std::vector<double> x_values = read_values<float>(dir + "/input.f32", n * shape_size(in));
  Tensor x({n, in[0], in[1], in[2]});
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(x_values[i]);

  // What the NumPy side wrote: every layer's output, then the probabilities.
  std::vector<std::string> names;
  std::vector<Shape> shapes;
  for (std::size_t i = 0; i < net->size(); ++i) {
    names.push_back(net->layer(i).name());
    shapes.push_back(net->layer_output_shape(i));
  }
  names.push_back("probs");
  shapes.push_back(net->output_shape());
  std::vector<std::vector<double>> want;
  for (std::size_t i = 0; i < names.size(); ++i)
    want.push_back(read_values<double>(dir + "/" + names[i] + ".f64", n * shape_size(shapes[i])));

  const struct { const char* name; Convolution::Road road; } roads[] = {
      {"auto", Convolution::Road::Auto}, {"im2col", Convolution::Road::Im2col}, {"sparse", Convolution::Road::Sparse}};
  std::vector<std::vector<Diff>> diffs(names.size());
  for (const auto& r : roads) {
    for (std::size_t i = 0; i < net->size(); ++i)
      if (auto* conv = dynamic_cast<Convolution*>(&net->layer(i))) conv->set_road(r.road);
    const Tensor& logits = net->forward(x);
    Tensor probs;
    softmax(logits, probs);
    for (std::size_t i = 0; i < names.size(); ++i)
      diffs[i].push_back(compare(i < net->size() ? net->output(i) : probs, want[i], i < net->size() ? 0.0 : 1.0));
  }

  std::printf("NumPy reference, %s (%s), %d images (MNIST t10k 0-3, noise): max |C++ - NumPy| per layer "
              "(tolerance %.0e x the layer's max |value|)\n",
              arch.c_str(), architecture_of(*net).c_str(), n, kTolerance);
  std::printf("  %-8s %-14s %10s %10s %10s %10s\n", "layer", "shape", "max|value|", "auto", "im2col", "sparse");
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::vector<Diff>& d = diffs[i];
    std::printf("  %-8s %-14s %10.3g %10.2e %10.2e %10.2e\n", names[i].c_str(), shape_text(shapes[i]).c_str(),
                d[0].scale, d[0].max_abs, d[1].max_abs, d[2].max_abs);
    for (std::size_t k = 0; k < d.size(); ++k) {
      INFO(arch << " " << names[i] << " on the " << roads[k].name << " road: max |C++ - NumPy| " << d[k].max_abs
                << " > " << kTolerance << " x " << d[k].scale);
      CHECK(d[k].ok());
    }
  }
}

}  // namespace

TEST_CASE("simple: every layer matches the NumPy reference", "[.reference]") { check_against_reference("simple"); }

TEST_CASE("two-stage: every layer matches the NumPy reference", "[.reference]") {
  check_against_reference("two-stage");
}
