// A compact real-MNIST subset in one file (.cnnd), shipped with the web demo for training in
// the browser: a training part and a held-out test part, uint8 pixels, with a CRC-32.
// Layout (integers uint32 little-endian):
//   "CNND" | version 1 | train count | test count | rows | cols |
//   train labels | train pixels | test labels | test pixels | CRC-32 of everything before it
// parse_mnist_subset() checks all of it and throws MnistError naming the problem and byte offset.
#pragma once
#include <cstdint>
#include <vector>

#include "cnn/mnist.h"

namespace cnn {

struct MnistSubset {
  MnistSet train, test;
};

// The first `train_count` training and `test_count` test digits of the full sets.
// The header's size, the counts parse_mnist_subset() accepts, and the file size they give.
inline constexpr std::size_t kMnistSubsetHeaderSize = 24;
inline constexpr uint32_t kMnistSubsetMaxTrain = 60000, kMnistSubsetMaxTest = 10000;
std::size_t mnist_subset_bytes(uint32_t train_count, uint32_t test_count);
// The whole file's size from its first n >= kMnistSubsetHeaderSize bytes, so that a reader can
// refuse a file of the wrong length before reading it all; a header that parse_mnist_subset()
// would refuse throws the same MnistError.
std::size_t mnist_subset_size(const uint8_t* header, std::size_t n);

std::vector<uint8_t> make_mnist_subset(const MnistSet& train, const MnistSet& test, int train_count, int test_count);
MnistSubset parse_mnist_subset(const uint8_t* data, std::size_t size);

}  // namespace cnn
