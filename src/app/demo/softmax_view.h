// SoftmaxView: the ten class probabilities as labelled horizontal bars with percentages,
// the top class highlighted, and the predicted digit in large type.
#pragma once
#include <array>

struct ImFont;

namespace app {

constexpr float kBarColumnGap = 12;  // between two columns of bars (0-4 | 5-9)

// The big answer: the digit and how sure the network is ("Draw a digit" when label < 0).
void show_prediction_headline(int label, const std::array<float, 10>& probs, ImFont* big_font);
// Ten bars, `width` pixels wide in all, `row_height` pixels each; in `columns` columns side by
// side (2: 0-4 | 5-9).
void show_softmax_bars(int label, const std::array<float, 10>& probs, float width, float row_height, int columns = 1);

}  // namespace app
