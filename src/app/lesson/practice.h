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
std::vector<std::string> answer_words(const std::string& text);  // the words parse_numbers reads
// The answer as the student would type it: "18", "(30, 24, 24)", "impossible" is left to the UI.
std::string answer_text(const PracticeItem& item);

// Score of one panel's or all panels' answered items: `correct` of the `asked` (answered)
// ones, out of `total` items shown.
struct PracticeScore {
  int correct = 0, asked = 0, total = 0;
};

// Reading what a student typed, before checking it. Anything but None counts as not answered.
enum class InputProblem {
  None,
  Empty,      // nothing typed
  NotNumber,  // "abc", "12a", "nan"
  Infinite,   // "Infinity", "-inf"
  TooLarge,   // |x| > kMaxAnswer, or beyond a double ("1e999")
};
inline constexpr double kMaxAnswer = 1e9;  // no answer of any item comes near it
InputProblem read_response(const std::string& text, std::vector<double>& out);

// What happened to one item of the current attempt.
struct ItemRecord {
  bool answered = false;   // checked with a readable answer of the right length (counted)
  bool correct = false;
  std::string response;    // as counted, canonical: "18", "30 24 24", "impossible"
  double latency_s = 0;    // from the items being shown to the check
};

// The outcome of one check: either a problem with the input (not counted), or a verdict.
struct CheckOutcome {
  InputProblem problem = InputProblem::None;
  Verdict verdict = Verdict::Incomplete;
  bool counted() const { return problem == InputProblem::None && verdict != Verdict::Incomplete; }
};

// Every panel's current attempt: the items drawn from the panel's seed, what the student
// answered, the scores, and a journal of the counted answers (for SCORM's cmi.interactions).
// An item is answered once per attempt; new_attempt() draws new numbers for one panel.
// save()/load() give a short text (for SCORM's cmi.suspend_data) from which the same items and
// answers come back.
class PracticeBook {
 public:
  static constexpr int kPanels = 7;  // the lesson's panels; 1..6 (0-based) have items
  explicit PracticeBook(uint32_t seed = 1) { reset(seed); }
  void reset(uint32_t seed);  // a new attempt on every panel, seeds derived from `seed`
  void new_attempt(int panel);  // the next seed for that panel, its answers cleared

  uint32_t seed(int panel) const { return panels_[valid(panel) ? panel : 0].seed; }
  int attempt(int panel) const { return panels_[valid(panel) ? panel : 0].attempt; }
  const std::vector<PracticeItem>& items(int panel) const { return panels_[valid(panel) ? panel : 0].items; }
  const ItemRecord& record(int panel, int item) const { return panels_[panel].records[item]; }
  // The items of `panel` are on screen at time `now` (seconds): latencies count from the first time.
  void shown(int panel, double now);
  // Checks `text` (or the "impossible" choice) for item `item` of `panel` at time `now`. Counted
  // answers are recorded and journaled; an answered item, a bad index, or bad input changes nothing.
  CheckOutcome answer(int panel, int item, const std::string& text, bool impossible, double now);

  PracticeScore score(int panel) const;
  PracticeScore total() const;
  // Counted answers of this session, in order (restored answers are not in it).
  struct Entry {
    int panel = 0, item = 0;
    uint32_t seed = 0;
    std::string id;        // the item's id ("p3.q2")
    std::string response;  // ItemRecord::response
    std::string answer;    // the correct response, written the same way ("18", "30 24 24", "impossible")
    bool correct = false;
    double latency_s = 0;
  };
  const std::vector<Entry>& journal() const { return journal_; }
  // Increases at every change (answer, new attempt, reset, load).
  uint64_t version() const { return version_; }

  // "1|s123:c,w|s99:-,-,-|..." (at most a few hundred characters): every panel's seed, attempt
  // and answers. load() accepts only what save() writes (false, and nothing changed, otherwise).
  std::string save() const;
  bool load(const std::string& text);

 private:
  struct PanelState {
    uint32_t seed = 0;
    int attempt = 0;
    std::vector<PracticeItem> items;
    std::vector<ItemRecord> records;
    double shown_at = -1;
  };
  static bool valid(int panel) { return panel >= 0 && panel < kPanels; }
  void draw(int panel);  // items from the panel's seed, records cleared
  PanelState panels_[kPanels];
  std::vector<Entry> journal_;
  uint64_t version_ = 0;
};

// The canonical text of a counted response: numbers written as format_number does, by spaces.
std::string response_text(const PracticeResponse& r);

}  // namespace app::lesson
