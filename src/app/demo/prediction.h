// Small pure pieces of the prediction path shared by the app and the web boundary:
// checking a 28×28 input before it reaches the core (which would throw), and picking the
// top class. Tested natively in tests/test_app_prediction.cpp.
#pragma once
#include <cstddef>
#include <string>

namespace app {

constexpr int kInputSide = 28;
constexpr int kInputSize = kInputSide * kInputSide;  // 784
constexpr int kClasses = 10;

// "" when `pixels` holds exactly 784 finite values in [0, 1]; otherwise the reason, naming
// the first bad index ("pixel 17 is NaN").
std::string validate_pixels(const float* pixels, std::size_t count);

// Index of the largest value (the first one on ties); -1 for n <= 0.
int arg_max(const float* values, int n);

}  // namespace app
