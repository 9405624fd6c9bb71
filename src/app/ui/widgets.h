// Small ImGui pieces every tab uses, for frames as narrow as a phone's.
#pragma once
#include "imgui.h"

namespace app {

// Wraps the text that follows at the right edge of the window's (or column's) visible width,
// as it is unscrolled. (ImGui's PushTextWrapPos(0) wraps at the work rectangle, which in a window
// that scrolls sideways grows with its content: text wrapped there keeps the window wide once
// anything was wide.) At least 120 px wide, for text that starts beside something near the edge.
// Pop with ImGui::PopTextWrapPos().
inline void push_wrap_at_visible_edge() {
  const float avail = ImGui::GetContentRegionAvail().x;
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + (avail > 120.0f ? avail : 120.0f));
}

// Text at the visible right edge (as push_wrap_at_visible_edge), broken onto lines only at
// spaces: ImGui's own wrapping also breaks after '.' and ',', which split numbers such as
// "0.56*0.02" across two lines. A word wider than the line keeps a line of its own.
// disabled: in the disabled text colour.
void text_wrapped_at_spaces(const char* text, bool disabled = false);
// (Its line breaking: break_at_spaces, app/ui/text_wrap.h.)

// A button as wide as what is left of the line; a label longer than that wraps onto more lines
// (a phone), where ImGui would cut it off. Returns true when clicked.
bool wide_button(const char* label);

}  // namespace app
