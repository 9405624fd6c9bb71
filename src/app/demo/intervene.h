// Intervening in the network (issue 15, "Intervene"): a first-layer filter switched off or
// replaced by one of the lesson's edge filters, and restored. Only the network in memory
// changes; the trained values of each changed filter are kept until it is restored, and the
// shipped model file is never written. Pure logic (no ImGui), natively tested in
// tests/test_app_trace.cpp; intervene_view.* draws the buttons, CNNDemo.setFilter calls set().
#pragma once
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "cnn/network.h"

namespace app {

enum class FilterPreset { Off, Vertical, Horizontal, Diagonal, Laplacian };
constexpr int kFilterPresetCount = 5;
const char* preset_key(FilterPreset p);  // its i18n key ("intervene.off", …)

// A filter of `channels` × fh × fw values for the preset, the lesson's edge patterns, its
// largest |value| `scale` (the trained filter's, so the map keeps its range); Off is all zeros.
//   Vertical   columns left of the centre −, right +     Horizontal   rows above −, below +
//   Diagonal   + above the diagonal, − below             Laplacian    0 1 0 / 1 −4 1 / 0 1 0 centred
std::vector<float> preset_filter(FilterPreset p, int channels, int fh, int fw, float scale);

class FilterEdits {
 public:
  // Sets filter `index` of Convolution layer `layer` to `values` (channels·FH·FW of them, all
  // finite). "" when done, else what is wrong with the valid range (English, the API's Error).
  std::string set(cnn::Network& net, int layer, int index, const float* values, std::size_t count);
  std::string set_preset(cnn::Network& net, int layer, int index, FilterPreset p);
  // Brings back the trained values ("" also when the filter was not changed). A filter whose
  // weights were replaced since (training, another model) is left as it is and forgotten.
  std::string restore(cnn::Network& net, int layer, int index);
  void restore_all(cnn::Network& net);
  void forget() { saved_.clear(); }  // the network was replaced: nothing to restore
  bool edited(int layer, int index) const { return saved_.count({layer, index}) != 0; }
  int count() const { return static_cast<int>(saved_.size()); }

  // "" when (layer, index) names a filter, else the English message with the valid range.
  static std::string check(const cnn::Network& net, int layer, int index);

 private:
  struct Saved {
    std::vector<float> trained, set;  // the filter's trained values, and what we wrote
  };
  std::map<std::pair<int, int>, Saved> saved_;
};

}  // namespace app
