#include "app/demo/prediction.h"

#include <cmath>

namespace app {

std::string validate_pixels(const float* pixels, std::size_t count) {
  if (count != static_cast<std::size_t>(kInputSize))
    return "expected " + std::to_string(kInputSize) + " pixels (28x28), got " + std::to_string(count);
  if (pixels == nullptr) return "no pixel data";
  for (std::size_t i = 0; i < count; ++i) {
    const float v = pixels[i];
    if (std::isnan(v)) return "pixel " + std::to_string(i) + " is NaN";
    if (std::isinf(v)) return "pixel " + std::to_string(i) + " is infinite";
    if (v < 0.0f || v > 1.0f) return "pixel " + std::to_string(i) + " is " + std::to_string(v) + ", outside [0, 1]";
  }
  return "";
}

bool all_finite(const float* values, int n) {
  for (int i = 0; i < n; ++i)
    if (!std::isfinite(values[i])) return false;
  return true;
}

int arg_max(const float* values, int n) {
  int best = n > 0 ? 0 : -1;
  for (int i = 1; i < n; ++i)
    if (values[i] > values[best]) best = i;
  return best;
}

}  // namespace app
