// libFuzzer target: drawing preprocessing on arbitrary images — any size the bytes ask
// for, values including NaN, infinities, huge and negative numbers. The result is either
// "empty" or a 28×28 image with every value in [0, 1].
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "cnn/preprocess.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const int w = 1 + data[0] % 96, h = 1 + data[1] % 96;
  std::vector<float> img(static_cast<size_t>(w) * h, 0.0f);
  // The rest of the bytes are raw floats (any bit pattern: NaN, Inf, denormals, huge).
  const size_t n = std::min(img.size(), (size - 2) / 4);
  std::memcpy(img.data(), data + 2, n * 4);
  const cnn::PreprocessResult r = cnn::preprocess_digit(img.data(), w, h);
  if (!r.empty)
    for (float v : r.pixels)
      if (!(v >= 0.0f && v <= 1.0f)) __builtin_trap();
  return 0;
}
