// The IDX reader on good and bad files, and a short training run on real MNIST.
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <fstream>

#include "cnn/mnist.h"
#include "cnn/mnist_subset.h"
#include "cnn/trainer.h"

using namespace cnn;

namespace {
std::vector<uint8_t> idx_images(uint32_t count, uint32_t rows, uint32_t cols) {
  std::vector<uint8_t> b = {0, 0, 8, 3};
  for (uint32_t v : {count, rows, cols})
    for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<uint8_t>(v >> s));
  for (uint32_t i = 0; i < count * rows * cols; ++i) b.push_back(static_cast<uint8_t>(i));
  return b;
}
std::string error_of(const std::vector<uint8_t>& b) {
  try {
    parse_idx_images(b.data(), b.size(), "f");
  } catch (const MnistError& e) {
    return e.what();
  }
  return "";
}
const std::string kData = std::string(CNN_SOURCE_DIR) + "/data/mnist";
bool have_mnist() { return std::ifstream(kData + "/t10k-images-idx3-ubyte").good(); }
}  // namespace

TEST_CASE("the IDX reader accepts a well-formed file", "[mnist]") {
  const auto b = idx_images(3, 2, 4);
  const IdxImages im = parse_idx_images(b.data(), b.size());
  CHECK(im.count == 3);
  CHECK(im.rows == 2);
  CHECK(im.cols == 4);
  CHECK(im.pixels.size() == 24);
  CHECK(im.pixels[23] == 23);
}

TEST_CASE("the IDX reader rejects truncated, padded and wrong files with a reason", "[mnist][corrupt]") {
  auto b = idx_images(3, 2, 4);
  CHECK(error_of({b.begin(), b.begin() + 10}).find("too short") != std::string::npos);
  CHECK(error_of({b.begin(), b.end() - 1}).find("truncated") != std::string::npos);
  auto longer = b;
  longer.push_back(0);
  CHECK(error_of(longer).find("too long") != std::string::npos);
  auto labels = b;
  labels[3] = 1;
  CHECK(error_of(labels).find("looks like a label file") != std::string::npos);
  auto zero = idx_images(1, 0, 4);
  CHECK(error_of(zero).find("out of range") != std::string::npos);
  const std::vector<uint8_t> lab = {0, 0, 8, 1, 0, 0, 0, 3, 1, 2};
  CHECK_THROWS_WITH(parse_idx_labels(lab.data(), lab.size(), "l"),
                    "l: truncated: the header says 3 labels = 11 bytes, the file has 10");
  CHECK_THROWS_AS(load_mnist("/nonexistent", "t10k"), MnistError);
}

TEST_CASE("real MNIST: the files are complete and a short training run lowers the loss", "[mnist][train]") {
  if (!have_mnist()) {
    SKIP("MNIST is not in " + kData + ": run scripts/fetch_mnist.sh (CI does)");
  }
  const MnistSet train = load_mnist(kData, "train"), test = load_mnist(kData, "t10k");
  CHECK(train.count == 60000);
  CHECK(test.count == 10000);
  auto net = make_simple_conv_net();
  Rng rng(1);
  init_weights(*net, rng);
  Dataset tr{train.count, 28, 28, train.images.data(), train.labels.data()};
  Dataset te{1000, 28, 28, test.images.data(), test.labels.data()};
  const EvalResult before = evaluate(*net, te);
  TrainConfig cfg;
  Trainer trainer(*net, tr, cfg);
  double first = 0, last = 0;
  for (int s = 0; s < 60; ++s) {
    const float l = trainer.step();
    if (s < 10) first += l / 10;
    if (s >= 50) last += l / 10;
  }
  const EvalResult after = evaluate(*net, te);
  std::printf("60 steps on real MNIST: batch loss %.3f -> %.3f, test accuracy (1000) %.3f -> %.3f\n", first, last,
              before.accuracy(), after.accuracy());
  CHECK(last < first * 0.6);
  CHECK(after.loss < before.loss);
  CHECK(after.accuracy() > 0.85);
}

TEST_CASE("the compact MNIST subset round-trips and rejects damage", "[mnist][subset]") {
  MnistSet tr, te;
  tr.count = 5;
  te.count = 3;
  for (int i = 0; i < 5; ++i) tr.labels.push_back(static_cast<uint8_t>(i));
  for (int i = 0; i < 3; ++i) te.labels.push_back(static_cast<uint8_t>(9 - i));
  tr.images.assign(5 * 784, 0);
  te.images.assign(3 * 784, 0);
  tr.images[784 * 4 + 10] = 200;
  te.images[784 * 2 + 5] = 77;
  const auto bytes = make_mnist_subset(tr, te, 5, 3);
  const MnistSubset s = parse_mnist_subset(bytes.data(), bytes.size());
  CHECK(s.train.count == 5);
  CHECK(s.test.count == 3);
  CHECK(s.train.labels == tr.labels);
  CHECK(s.test.images == te.images);
  CHECK(s.train.images[784 * 4 + 10] == 200);
  auto bad = bytes;
  bad[100] ^= 1;
  CHECK_THROWS_WITH(parse_mnist_subset(bad.data(), bad.size()), Catch::Matchers::ContainsSubstring("checksum mismatch"));
  CHECK_THROWS_WITH(parse_mnist_subset(bytes.data(), bytes.size() - 1), Catch::Matchers::ContainsSubstring("truncated"));
  bad = bytes;
  bad[0] = 'X';
  CHECK_THROWS_WITH(parse_mnist_subset(bad.data(), bad.size()), Catch::Matchers::ContainsSubstring("wrong magic"));
  CHECK_THROWS_AS(parse_mnist_subset(nullptr, 0), MnistError);

  // The size from the header alone (a download is refused before it is read), and its refusals.
  CHECK(mnist_subset_size(bytes.data(), kMnistSubsetHeaderSize) == bytes.size());
  CHECK(mnist_subset_bytes(kMnistSubsetMaxTrain, kMnistSubsetMaxTest) == 24 + 70000 * 785 + 4);
  CHECK_THROWS_WITH(mnist_subset_size(bytes.data(), 23), Catch::Matchers::ContainsSubstring("too short"));
  CHECK_THROWS_WITH(mnist_subset_size(bad.data(), 24), Catch::Matchers::ContainsSubstring("wrong magic"));
  bad = bytes;
  bad[8] = 0x90, bad[9] = 0xd0, bad[10] = 0x03;  // 250 000 training digits
  CHECK_THROWS_WITH(mnist_subset_size(bad.data(), 24), Catch::Matchers::ContainsSubstring("counts out of range"));
}
