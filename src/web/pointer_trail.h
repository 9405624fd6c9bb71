// The pointer's path between frames. The browser sends at most one pointer event a frame
// (it coalesces the rest), and SDL and ImGui keep only the last position of a frame, so at a
// low frame rate a fast stroke came out as straight chords: an 8 drawn in 300 ms at a quarter
// of the CPU read as 2. The page keeps every position of the pressed primary pointer on the
// canvas (PointerEvent.getCoalescedEvents()), and each frame hands them to the drawing pad
// (app::DrawingPad::set_trail).
#pragma once
#include <vector>

#include "imgui.h"

namespace web {

// Starts listening on the canvas (once, after SDL has created the window).
void listen_pointer_trail();
// The positions (CSS pixels of the canvas, as ImGui's) since the last call, oldest first, with
// a mark at each press and release (app::DrawingPad::kPressMark, kReleaseMark).
std::vector<ImVec2> take_pointer_trail();

}  // namespace web
