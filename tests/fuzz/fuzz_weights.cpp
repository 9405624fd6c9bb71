// libFuzzer target: the .cnnw loader must reject any byte string with a WeightsError (or
// accept it and give a usable network), never crash, hang or leak.
#include <cstddef>
#include <cstdint>

#include "cnn/weights_io.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    auto net = cnn::load_network(data, size);
    // A file that loads must describe a network that runs and saves back identically.
    std::vector<float> input(cnn::shape_size(net->input_shape()), 0.5f);
    if (input.size() <= 4096) net->forward_one(input.data());
    auto bytes = cnn::save_weights(*net);
    if (bytes.size() != size) __builtin_trap();
  } catch (const cnn::WeightsError&) {
  }
  return 0;
}
