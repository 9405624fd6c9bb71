#include "app/demo/drawing_pad.h"

#include <algorithm>
#include <cmath>

#include "app/ui/i18n.h"

namespace app {

void DrawingPad::show(FeatureMapRenderer& renderer, float size) {
  const ImVec2 p0 = ImGui::GetCursorScreenPos(), p1(p0.x + size, p0.y + size);
  rect_min_ = p0;
  rect_max_ = p1;
  const ImGuiIO& io = ImGui::GetIO();
  const ImVec2 m = io.MousePos;
  // (Before the pad's own item: a press on the pad is the button's, not a free one.) A finger
  // elsewhere scrolls the page, but one that lands just above or left of the pad (within
  // kTouchMargin, where only its heading and the window's edge are) draws at once: a fingertip
  // is wide, and its stroke was lost. Not below or right of it: the buttons are there, and a tap
  // on one must not also start a stroke (the pad's item comes first in the frame, the button's
  // hover after it).
  if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
    const bool touch = io.MouseSource == ImGuiMouseSource_TouchScreen;
    const bool on_border = m.x >= p0.x - kTouchMargin && m.x < p1.x && m.y >= p0.y - kTouchMargin && m.y < p1.y;
    free_press_ = !ImGui::IsAnyItemHovered() && !ImGui::IsAnyItemActive() && (!touch || on_border);
    came_in_ = free_press_ && touch && ImGui::IsWindowHovered();  // not through a window over the pad
  }
  ImGui::InvisibleButton("##pad", ImVec2(size, size), ImGuiButtonFlags_MouseButtonLeft);
  const bool down = ImGui::IsMouseDown(ImGuiMouseButton_Left);
  if (!down) free_press_ = came_in_ = held_since_clear_ = false;
  if (free_press_ && ImGui::IsWindowHovered() && m.x >= p0.x && m.x < p1.x && m.y >= p0.y && m.y < p1.y) came_in_ = true;
  const bool active = (ImGui::IsItemActive() || came_in_) && !held_since_clear_;
  if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);

  // Pointer → canvas pixels. The stroke continues while the button is held, even outside.
  const float k = kCanvasSize / size;
  auto on_pad = [&](ImVec2 q) { return PadPoint{(q.x - p0.x) * k, (q.y - p0.y) * k}; };
  // The trail (with what a press ImGui did not take last frame left of it), cut at its marks.
  const bool carried = !pending_.empty();
  std::vector<ImVec2> t = std::move(pending_);
  t.insert(t.end(), trail_.begin(), trail_.end());
  pending_.clear();
  trail_.clear();
  const auto is_mark = [](const ImVec2& q) { return std::isnan(q.x); };
  const auto is_press = [](const ImVec2& q) { return std::isnan(q.x) && q.y == kPressMark; };
  started_ = active && !stroke_.active();
  if (started_) {
    stroke_.begin(canvas_, on_pad(m), mnist_like_stroke_radius(kCanvasSize));
    // A press on the pad: on through the positions since that press, up to a release. (Not for a
    // stroke that came in from outside: its trail lies before the pad.)
    if (ImGui::IsItemActivated()) {
      auto from = std::find_if(t.begin(), t.end(), is_press);
      from = from == t.end() ? t.begin() : from + 1;
      for (auto q = from; q != t.end() && !is_mark(*q); ++q) stroke_.add(canvas_, on_pad(*q));
    }
  } else if (stroke_.active()) {
    // The positions before the first mark belong to the stroke under way: its path up to the
    // release (the frame's last position is the last of them); without a trail, that position.
    const auto end = std::find_if(t.begin(), t.end(), is_mark);
    for (auto q = t.begin(); q != end; ++q) stroke_.add(canvas_, on_pad(*q));
    if (active && end == t.begin()) stroke_.add(canvas_, on_pad(m));
    if (!active) stroke_.end(canvas_);
  }
  // A press still held that no stroke took this frame (ImGui takes it in the next): its positions
  // wait one frame (a press on a control never starts a stroke).
  const auto last_mark = std::find_if(t.rbegin(), t.rend(), is_mark);
  if (!started_ && !carried && last_mark != t.rend() && is_press(*last_mark)) pending_.assign(last_mark.base() - 1, t.end());

  if (uploaded_version_ != canvas_.version()) {
    const InkCanvas::Rect d = canvas_.take_dirty();  // while drawing, only the new piece of line
    if (texture_.id == 0)
      renderer.upload(texture_, canvas_.pixels(), kCanvasSize, kCanvasSize);
    else
      renderer.upload_region(texture_, canvas_.pixels(), kCanvasSize, d.x0, d.y0, d.x1, d.y1);
    uploaded_version_ = canvas_.version();
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  renderer.draw(dl, texture_, MapStyle{Colormap::Grey, 1.0f, false}, p0, p1);
  const ImU32 border = ImGui::GetColorU32(active ? ImGuiCol_ButtonActive : ImGuiCol_Border);
  dl->AddRect(p0, p1, border, 6.0f, 0, 2.0f);
  if (canvas_.empty()) {
    const char* hint = tr("pad.hint");
    const ImVec2 ts = ImGui::CalcTextSize(hint, nullptr, false, size - 24);
    dl->AddText(nullptr, 0, ImVec2(p0.x + (size - ts.x) / 2, p0.y + (size - ts.y) / 2),
                ImGui::GetColorU32(ImGuiCol_TextDisabled), hint, nullptr, size - 24);
  }
}

}  // namespace app
