// Lesson mode: "work it out, then check" practice items at the end of panels 2 to 7. Each
// attempt draws its numbers at random from a seed (the same seed gives the same items, so an
// attempt can be reproduced and resumed), and the core computes the answers: cnn::Convolution
// (through run_conv / run_conv_3d), cnn::conv_output_size, cnn::Pooling, cnn::im2col's shape,
// Layer::param_count. Pure logic: the panel words the items with tr() and draws them.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "app/lesson/grid.h"

namespace app::lesson {

enum class PracticeKind {
  ConvCell,       // one output cell of a convolution (input + filter shown)
  ConvCellBias,   // the same with a bias
  OutputSize,     // OH for H, P, FH, S (possibly impossible)
  ConvShape3D,    // (C, H, W) input, FN filters of C×FH×FW → (FN, OH, OW)
  ConvShape4D,    // (N, C, H, W) → (N, FN, OH, OW)
  PoolValue,      // one pooled value of a grid
  PoolShape,      // (C, H, W) → pooled shape
  Im2colShape,    // im2col matrix of (N, C, H, W) with FH×FW, P, S → rows × columns
  ParamCount,     // a convolution or Affine layer's parameter count
};

struct PracticeItem {
  std::string id;          // stable within a panel: "p2.q1" (SCORM cmi.interactions.n.id)
  PracticeKind kind{};
  // What the question shows (which fields matter depends on the kind):
  Grid input, filter;      // ConvCell(Bias), PoolValue (input only)
  float bias = 0;
  int out_row = 0, out_col = 0;                 // ConvCell(Bias), PoolValue: the asked cell
  int n = 1, c = 1, h = 0, w = 0;               // input shape (and H for OutputSize)
  int fn = 1, fh = 0, fw = 0, pad = 0, stride = 1;
  int pool = 2;                                  // PoolValue, PoolShape: window = stride
  bool affine = false;                           // ParamCount: an Affine layer (in = h, out = w)
  // The answer, from the core:
  std::vector<double> answer;  // one number, or a shape's numbers in order
  bool impossible = false;     // OutputSize: (H + 2P − FH) is not divisible by S
  double tolerance = 0;        // |response − answer| allowed (0: exact integers)
  std::string worked;          // the arithmetic with the numbers put in, language-neutral
                               // ("1*2 + 2*0 + … + 3 = 18", "(7 + 2*1 - 3)/2 + 1 = 4")
};

// The items of lesson panel `panel` (0-based: 1..6 have items, others none) for `seed`.
std::vector<PracticeItem> practice_items(int panel, uint32_t seed);

struct PracticeResponse {
  std::vector<double> numbers;  // what the student typed, in order
  bool impossible = false;      // "this is impossible" chosen
};
enum class Verdict { Correct, Wrong, Incomplete };
// Incomplete: not as many numbers as the answer has (nothing is counted then).
Verdict check_answer(const PracticeItem& item, const PracticeResponse& response);
// Reads "18", "4 12 12", "(4, 12, 12)", "4x12x12", "-1.5" into numbers; false if anything else.
bool parse_numbers(const std::string& text, std::vector<double>& out);
// The answer as the student would type it: "18", "(30, 24, 24)", "impossible" is left to the UI.
std::string answer_text(const PracticeItem& item);

// Score of one panel's or all panels' answered items.
struct PracticeScore {
  int correct = 0, asked = 0;
};

}  // namespace app::lesson
