// libFuzzer target: the .cnnw loader (versions 1 and 2) must reject any byte string with a
// WeightsError (or accept it and give a usable network), never crash, hang or leak.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "cnn/weights_io.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    auto net = cnn::load_network(data, size);
    // A file that loads must describe a network that runs and saves back identically.
    std::vector<float> input(cnn::shape_size(net->input_shape()), 0.5f);
    if (input.size() <= 4096) net->forward_one(input.data());
    auto bytes = cnn::save_weights(*net);
    if (data[4] == 1) {
      // Version 1 is float32: saving gives back the very same file.
      if (bytes.size() != size || std::memcmp(bytes.data(), data, size) != 0) __builtin_trap();
    } else {
      // Version 2 was dequantised to float32: as version 1 those floats come back exactly, and the
      // compact encodings can store them again (the result may still be refused, never crash).
      auto again = cnn::load_network(bytes.data(), bytes.size());
      if (cnn::save_weights(*again) != bytes) __builtin_trap();
      const auto compact = cnn::save_weights(*net, cnn::compact_weights_format());
      try {
        cnn::load_network(compact.data(), compact.size());
      } catch (const cnn::WeightsError&) {
      }
    }
  } catch (const cnn::WeightsError&) {
  }
  return 0;
}
