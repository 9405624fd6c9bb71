// libFuzzer target: the MNIST IDX readers reject malformed files with an MnistError.
#include <cstddef>
#include <cstdint>

#include "cnn/mnist.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    auto images = cnn::parse_idx_images(data, size, "fuzz");
    if (images.pixels.size() != static_cast<size_t>(images.count) * images.rows * images.cols) __builtin_trap();
  } catch (const cnn::MnistError&) {
  }
  try {
    auto labels = cnn::parse_idx_labels(data, size, "fuzz");
    if (labels.size() + 8 != size) __builtin_trap();
  } catch (const cnn::MnistError&) {
  }
  return 0;
}
