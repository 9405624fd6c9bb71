// The sample digits shown by the "Real example" button: a file written at build time by
// `cnn samples` (ASCII "CNNS", uint32 LE count, rows, cols, then per digit 1 byte label and
// rows×cols pixel bytes) and compiled into the page. Pure logic, tested natively.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "app/demo/prediction.h"

namespace app {

struct SampleDigit {
  int label = 0;
  std::array<float, kInputSize> pixels{};  // 28×28 (cnn/mnist.h), row-major, [0, 1], white digit on black
};

// Parses the file; returns "" on success or what is wrong with it (then `out` is empty).
std::string parse_samples(const uint8_t* data, std::size_t size, std::vector<SampleDigit>& out);

}  // namespace app
