// UiState: everything the user has chosen on screen, in one struct (the app's one piece of
// UI state; the model's results live in Model, the drawing in DrawingPad).
#pragma once

namespace app {

// A cell of a pipeline stage, as trace mode selects it (demo/trace.h): stage 0 .. layers-1 the
// network's layers, `layers` the softmax; (channel, y, x) of a map, or (unit, 0, 0) of a vector.
struct TraceCell {
  int stage = -1, channel = 0, y = 0, x = 0;
  bool operator==(const TraceCell& o) const { return stage == o.stage && channel == o.channel && y == o.y && x == o.x; }
  bool operator!=(const TraceCell& o) const { return !(*this == o); }
};

enum class Tab { Demo, Lesson, Train };

struct UiState {
  Tab tab = Tab::Demo;
  // The feature map enlarged in the detail panel: a layer index of the network
  // (-1: none) and a channel of that layer's output.
  int selected_layer = -1;
  int selected_channel = 0;
  // The unit of that channel last clicked or tapped (its receptive field stays highlighted on
  // the input); -1: none.
  int selected_y = -1, selected_x = -1;
  bool grid_lines = true;
  // The real MNIST digit last loaded into the pad (-1: the pad holds a drawing).
  int sample_index = -1;
  int sample_label = -1;
  // Animations (the lesson's Play) stay off: set from prefers-reduced-motion, or by the student.
  bool reduced_motion = false;
  // Embedding (URL option `view`, host messages; src/app/embed/app_embed.cpp): the one tab shown
  // (-1: all tabs), and a tab to select on the next frame (-1: none). Values of Tab.
  int only_tab = -1;
  int select_tab = -1;
  // Trace mode (demo/trace_view.*): the cell whose number is explained (stage -1: none) and
  // whether its window is open; trace_focus asks that window to take the keyboard.
  TraceCell trace;
  bool trace_open = false;
  bool trace_focus = false;
};

}  // namespace app
