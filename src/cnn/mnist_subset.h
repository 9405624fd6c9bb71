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
std::vector<uint8_t> make_mnist_subset(const MnistSet& train, const MnistSet& test, int train_count, int test_count);
MnistSubset parse_mnist_subset(const uint8_t* data, std::size_t size);

}  // namespace cnn
