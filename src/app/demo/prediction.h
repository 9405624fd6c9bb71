// Small pure pieces of the prediction path shared by the app and the web boundary:
// checking an input digit before it reaches the core (which would throw), and picking the
// top class. Tested natively in tests/test_app_prediction.cpp.
#pragma once
#include <cstddef>
#include <string>

#include "cnn/mnist.h"

namespace app {

// The demo's input is an MNIST digit (cnn/mnist.h defines its geometry once).
constexpr int kInputSide = cnn::kMnistRows;
static_assert(cnn::kMnistRows == cnn::kMnistCols, "the drawing pad and the views assume square digits");
constexpr int kInputSize = cnn::kMnistPixels;
constexpr int kClasses = cnn::kMnistClasses;

// "" when `pixels` holds exactly 784 finite values in [0, 1]; otherwise the reason, naming
// the first bad index ("pixel 17 is NaN").
std::string validate_pixels(const float* pixels, std::size_t count);

// Index of the largest value (the first one on ties); -1 for n <= 0.
int arg_max(const float* values, int n);

// The label when the network's output is not finite (weights that overflow): no class and no
// probabilities are published, only words (tr("result.not_finite")).
constexpr int kNoAnswer = -2;
// Whether all n values are finite numbers (no NaN, no infinity).
bool all_finite(const float* values, int n);

}  // namespace app
