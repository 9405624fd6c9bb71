// The filter switch on screen (issue 15, "Intervene"): under the detail panel, for a map made
// by a first-layer filter, buttons that switch the filter off or replace it with one of the
// lesson's edge filters, and Restore; the maps and the prediction follow at once (the App runs
// the model again when show() returns true). The edits are FilterEdits (intervene.h).
#pragma once
#include "app/app_state.h"
#include "app/demo/intervene.h"
#include "app/demo/model.h"

namespace app {

class InterveneView {
 public:
  // `width` pixels wide; true when a filter changed.
  bool show(Model& model, const UiState& ui, float width);
  FilterEdits& edits() { return edits_; }

 private:
  FilterEdits edits_;
};

}  // namespace app
