// Small ImGui pieces every tab uses, for frames as narrow as a phone's.
#pragma once
#include "imgui.h"

namespace app {

// Wraps the text that follows at the visible right edge of the window or column. (ImGui's
// PushTextWrapPos(0) wraps at the work rectangle, which in a window that scrolls sideways grows
// with its content: text wrapped there keeps the window wide once anything was wide.)
// Pop with ImGui::PopTextWrapPos().
inline void push_wrap_at_visible_edge() {
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x);
}

// A button as wide as what is left of the line; a label longer than that wraps onto more lines
// (a phone), where ImGui would cut it off. Returns true when clicked.
bool wide_button(const char* label);

}  // namespace app
