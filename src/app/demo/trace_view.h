// Trace mode on screen (issue 15): a click or tap on a cell of any map of the pipeline (or of the
// enlarged map in the detail panel) opens a window that explains that one number from the
// previous layer's values (demo/trace.*): for a convolution the window on its input, the window's
// values beside the filter, and every product of the sum; for pooling the window with its
// maximum marked; ReLU, Affine and softmax as formulas. Keyboard: Enter on a map (ImGui's
// keyboard navigation) opens it; in the window the arrow keys move the cell.
//
// The views call the two hooks right after the item that draws a map; they read the item's
// rectangle, so they need nothing from the view's own layout.
#pragma once
#include <string>
#include <vector>

#include "app/app_state.h"
#include "app/demo/model.h"
#include "app/demo/trace.h"
#include "imgui.h"

namespace app {

// The last item shows channel `channel` (an h×w map) of stage `stage`: a click on it selects the
// cell under the pointer (ui.trace, and opens the window); the selected cell is outlined.
void trace_map_item(UiState& ui, int stage, int channel, int h, int w);
// The last item shows stage `stage`'s n values in a grid of `cols` × `rows` cells: row by row (a
// hidden-unit tile; a single row of classes), or with `by_columns` column by column (one row per
// class, 0-4 | 5-9 in two columns).
void trace_vector_item(UiState& ui, int stage, int cols, int rows, int n, bool by_columns = false);

class TraceView {
 public:
  // The window (a top-level ImGui window: call it outside the demo's window), once per frame
  // after the views; it recomputes the explanation from the model's stored outputs.
  void show(const Model& model, UiState& ui);
  // The explained cell's title and arithmetic for screen readers ("" when no window is open).
  const std::string& description() const { return description_; }
  // What the window shows, as CNNDemo.explain's JSON ("null" when closed): the page's tests.
  const std::string& shown_json() const { return shown_json_; }
  // Where cell `c` was drawn last frame, in ImGui coordinates (the largest of its drawings, e.g.
  // the detail panel's); false when it is not on screen.
  bool cell_rect(const cnn::Network& net, const TraceCell& c, ImVec2& min, ImVec2& max) const;

 private:
  void show_pictures(const cnn::Network& net, const Trace& t);
  TraceCell last_cell_;
  int input_channel_ = 0;  // the input channel shown for a multi-channel convolution
  std::string description_, shown_json_ = "null";
};

}  // namespace app
