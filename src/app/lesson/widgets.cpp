#include "app/lesson/widgets.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/ui/i18n.h"
#include "app/ui/widgets.h"

namespace app::lesson {

namespace {
// Which cell of which editable grid the student clicked last (typed edits go there).
ImGuiID g_edit_grid = 0;
int g_edit_row = -1, g_edit_col = -1;

ImU32 tint(float v, float scale) {
  const float t = scale > 0 ? std::clamp(v / scale, -1.0f, 1.0f) : 0.0f;
  // Dark cells: positive → blue-teal, negative → red; white text stays readable on both.
  const ImVec4 base(0.15f, 0.16f, 0.20f, 1.0f);
  const ImVec4 pos(0.13f, 0.36f, 0.55f, 1.0f), neg(0.58f, 0.18f, 0.20f, 1.0f);
  const ImVec4& to = t >= 0 ? pos : neg;
  const float a = std::fabs(t);
  return ImGui::GetColorU32(ImVec4(base.x + (to.x - base.x) * a, base.y + (to.y - base.y) * a,
                                   base.z + (to.z - base.z) * a, 1.0f));
}

bool grid_impl(const char* id, Grid& g, const GridOpts& o, bool editable, std::pair<int, int>* hovered) {
  ImGui::PushID(id);
  ImGui::BeginGroup();  // the grid and its caption are one item for the layout
  const ImGuiID gid = ImGui::GetID("grid");
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const float cs = o.cell;
  float scale = o.value_scale;
  if (scale <= 0)
    for (float v : g.v) scale = std::max(scale, std::fabs(v));
  bool changed = false;
  if (hovered) *hovered = {-1, -1};
  const bool small = cs < 18;
  for (int r = 0; r < g.rows; ++r)
    for (int c = 0; c < g.cols; ++c) {
      const ImVec2 a(p0.x + c * cs, p0.y + r * cs), b(a.x + cs, a.y + cs);
      const bool is_border = r < o.border || c < o.border || r >= g.rows - o.border || c >= g.cols - o.border;
      const float v = g.at(r, c);
      const bool pending = o.filled >= 0 && r * g.cols + c >= o.filled;
      if (pending) {
        dl->AddRectFilled(a, b, IM_COL32(32, 34, 41, 255));
        dl->AddRect(a, b, IM_COL32(70, 74, 86, 255));
        continue;
      }
      if (is_border) {
        dl->AddRectFilled(a, b, IM_COL32(40, 42, 50, 255));
        // hatching: the padding is not data
        dl->AddLine(ImVec2(a.x + 2, b.y - 2), ImVec2(b.x - 2, a.y + 2), IM_COL32(70, 73, 84, 255), 1.0f);
      } else {
        dl->AddRectFilled(a, b, tint(v, scale));
      }
      dl->AddRect(a, b, IM_COL32(70, 74, 86, 255));
      if (o.show_values && !small) {
        const std::string s = format_number(v);
        const ImVec2 ts = ImGui::CalcTextSize(s.c_str());
        const float fit = std::min(1.0f, (cs - 4) / std::max(1.0f, ts.x));
        if (fit < 1.0f) {
          ImFont* f = ImGui::GetFont();
          const float fs = ImGui::GetFontSize() * fit;
          dl->AddText(f, fs, ImVec2(a.x + (cs - ts.x * fit) / 2, a.y + (cs - ts.y * fit) / 2),
                      is_border ? ImGui::GetColorU32(kMuted) : IM_COL32(245, 246, 250, 255), s.c_str());
        } else {
          dl->AddText(ImVec2(a.x + (cs - ts.x) / 2, a.y + (cs - ts.y) / 2),
                      is_border ? ImGui::GetColorU32(kMuted) : IM_COL32(245, 246, 250, 255), s.c_str());
        }
      }
      ImGui::SetCursorScreenPos(a);
      ImGui::PushID(r * 1000 + c);
      ImGui::InvisibleButton("##cell", ImVec2(cs, cs), ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
      const bool hov = ImGui::IsItemHovered();
      if (hov && hovered) *hovered = {r, c};
      if (editable && !is_border) {
        if (ImGui::IsItemClicked(ImGuiMouseButton_Left) || ImGui::IsItemClicked(ImGuiMouseButton_Right)) {
          const bool back = ImGui::IsItemClicked(ImGuiMouseButton_Right);
          g.at(r, c) = cycle_value(v, back);
          g_edit_grid = gid;
          g_edit_row = r;
          g_edit_col = c;
          changed = true;
        }
        if (hov) dl->AddRect(a, b, IM_COL32(235, 235, 240, 200), 0, 0, 1.5f);
        if (g_edit_grid == gid && g_edit_row == r && g_edit_col == c)
          dl->AddRect(ImVec2(a.x + 2, a.y + 2), ImVec2(b.x - 2, b.y - 2), IM_COL32(255, 255, 255, 160), 2, 0, 1.0f);
      }
      ImGui::PopID();
    }
  // Window and marks on top of the cells.
  if (o.win_row >= 0) {
    const ImU32 col = o.win_colour ? o.win_colour : ImGui::GetColorU32(kWindowBlue);
    const ImVec2 a(p0.x + o.win_col * cs, p0.y + o.win_row * cs), b(a.x + o.win_w * cs, a.y + o.win_h * cs);
    dl->AddRectFilled(a, b, (col & 0x00FFFFFF) | (45u << 24));
    dl->AddRect(ImVec2(a.x - 1, a.y - 1), ImVec2(b.x + 1, b.y + 1), col, 3, 0, 3.0f);
  }
  for (const CellMark& m : o.marks) {
    const ImVec2 a(p0.x + m.col * cs, p0.y + m.row * cs), b(a.x + cs, a.y + cs);
    dl->AddRect(ImVec2(a.x + 1, a.y + 1), ImVec2(b.x - 1, b.y - 1), m.colour, 3, 0, 3.0f);
  }
  for (const auto& [r, c] : o.dots)
    dl->AddCircleFilled(ImVec2(p0.x + c * cs + 5, p0.y + r * cs + 5), 3.5f, ImGui::GetColorU32(kOutputOrange));
  ImGui::SetCursorScreenPos(p0);
  ImGui::Dummy(ImVec2(g.cols * cs, g.rows * cs));
  if (o.caption) {
    const float w = g.cols * cs, tw = ImGui::CalcTextSize(o.caption).x;
    if (tw < w) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (w - tw) / 2);
    ImGui::TextColored(kMuted, "%s", o.caption);
  }
  ImGui::EndGroup();
  ImGui::PopID();
  return changed;
}
}  // namespace

bool cell_grid(const char* id, Grid& g, const GridOpts& o, std::pair<int, int>* hovered) {
  return grid_impl(id, g, o, o.editable, hovered);
}

void grid_group(const char* id, const Grid& g, const GridOpts& o) {
  ImGui::BeginGroup();
  cell_grid_view(id, g, o);
  ImGui::EndGroup();
}

void cell_grid_view(const char* id, const Grid& g, const GridOpts& o, std::pair<int, int>* hovered) {
  Grid copy = g;
  grid_impl(id, copy, o, false, hovered);
}

bool cell_value_field(const char* id, Grid& g) {
  ImGui::PushID(id);
  const ImGuiID gid = ImGui::GetID("grid");
  bool changed = false;
  if (g_edit_grid == gid && g_edit_row >= 0 && g_edit_row < g.rows && g_edit_col < g.cols) {
    ImGui::SetNextItemWidth(90);
    char label[32];
    std::snprintf(label, sizeof label, "(%d, %d)", g_edit_row, g_edit_col);
    float v = g.at(g_edit_row, g_edit_col);
    if (ImGui::InputFloat(label, &v, 0, 0, "%g")) {
      g.at(g_edit_row, g_edit_col) = v;
      changed = true;
    }
  } else {
    ImGui::Dummy(ImVec2(0, ImGui::GetFrameHeight()));
  }
  ImGui::PopID();
  return changed;
}

bool block(const char* id, const char* title, const char* line2, const char* line3, ImVec2 size, ImU32 fill,
           bool clickable, bool highlighted) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 a = ImGui::GetCursorScreenPos(), b(a.x + size.x, a.y + size.y);
  bool clicked = false;
  if (clickable) {
    clicked = ImGui::InvisibleButton(id, size);
  } else {
    ImGui::Dummy(size);
  }
  const bool hov = clickable && ImGui::IsItemHovered();
  dl->AddRectFilled(a, b, fill, 6);
  if (hov || highlighted) dl->AddRect(a, b, ImGui::GetColorU32(kOutputOrange), 6, 0, 2.0f);
  float y = a.y + 6;
  for (const char* t : {title, line2, line3}) {
    if (!t || !*t) continue;
    const ImVec2 ts = ImGui::CalcTextSize(t);
    dl->AddText(ImVec2(a.x + std::max(4.0f, (size.x - ts.x) / 2), y),
                t == title ? IM_COL32(250, 250, 252, 255) : IM_COL32(215, 220, 228, 255), t);
    y += ts.y + 2;
  }
  if (hov) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
  return clicked;
}

void arrow(float h, float w) {
  ImGui::SameLine(0, 4);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float y = p.y + h / 2;
  const ImU32 col = ImGui::GetColorU32(kMuted);
  dl->AddLine(ImVec2(p.x + 2, y), ImVec2(p.x + w - 4, y), col, 2.0f);
  dl->AddTriangleFilled(ImVec2(p.x + w - 2, y), ImVec2(p.x + w - 9, y - 5), ImVec2(p.x + w - 9, y + 5), col);
  ImGui::Dummy(ImVec2(w, h));
  ImGui::SameLine(0, 4);
}

void play_controls(const char* id, StepPlayer& player, bool reduced_motion) {
  const int count = player.count();
  ImGui::PushID(id);
  ImGui::BeginDisabled(count <= 0);
  if (ImGui::Button(tr("lesson.back"))) player.back();
  ImGui::SameLine();
  ImGui::BeginDisabled(reduced_motion);
  if (ImGui::Button(player.playing() ? tr("lesson.pause") : tr("lesson.play"), ImVec2(90, 0))) player.toggle();
  ImGui::EndDisabled();
  if (reduced_motion && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", tr("lesson.reduced_motion_tip"));
  ImGui::SameLine();
  if (ImGui::Button(tr("lesson.step"))) player.forward();
  ImGui::EndDisabled();
  if (count > 0) {
    char of[64];
    std::snprintf(of, sizeof of, tr("lesson.step_of"), player.step() + 1, count);
    same_line_if_fits(ImGui::CalcTextSize(of).x);  // on a phone it goes under the buttons
    ImGui::TextColored(kMuted, "%s", of);
  }
  player.tick(ImGui::GetIO().DeltaTime);
  ImGui::PopID();
}

std::string dims(int h, int w) { return "(" + std::to_string(h) + ", " + std::to_string(w) + ")"; }

namespace {
constexpr float kSymbolGap = 10;  // on each side of an operator
float symbol_box(const char* s) { return ImGui::CalcTextSize(s).x * 1.6f + 8; }
}  // namespace

float op_symbol_width(const char* s) { return kSymbolGap + symbol_box(s) + kSymbolGap; }

void op_symbol(const char* s, float h, bool after_previous) {
  if (after_previous) ImGui::SameLine(0, kSymbolGap);
  const float size = ImGui::GetFontSize() * 1.6f;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::GetWindowDrawList()->AddText(ImGui::GetFont(), size, ImVec2(p.x + 4, p.y + h / 2 - size / 2),
                                      ImGui::GetColorU32(ImGuiCol_Text), s);
  ImGui::Dummy(ImVec2(symbol_box(s), h));
  ImGui::SameLine(0, kSymbolGap);
}

namespace {
// Short lines read better: at most ~860 px, and never past the visible panel.
void wrapped(const char* text, ImVec4 colour) {
  ImGui::PushStyleColor(ImGuiCol_Text, colour);
  const float w = std::min(860.0f, ImGui::GetContentRegionAvail().x);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + std::max(1.0f, w));
  ImGui::TextUnformatted(text);
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}
}  // namespace

void explain(const char* text) { wrapped(text, ImVec4(0.80f, 0.83f, 0.88f, 1.0f)); }

void op_symbol_or_wrap(const char* s, float h, float next_w, float next_h) {
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  const bool fits = ImGui::GetItemRectMax().x + op_symbol_width(s) + next_w <= right;
  op_symbol(s, fits || next_h <= 0 ? h : next_h, fits);
}

void coloured(const char* text, ImVec4 colour) {
  push_wrap_at_visible_edge();
  ImGui::TextColored(colour, "%s", text);
  ImGui::PopTextWrapPos();
}

void same_line_if_fits(float next_w, float spacing) {
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  const float gap = spacing < 0 ? ImGui::GetStyle().ItemSpacing.x : spacing;
  if (ImGui::GetItemRectMax().x + gap + next_w <= right) ImGui::SameLine(0, spacing);
}

void same_column_if_fits(float column_x, float next_w) {
  const float right = ImGui::GetWindowContentRegionMax().x + ImGui::GetScrollX();  // window-local, like column_x
  if (column_x + next_w <= right && ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + ImGui::GetScrollX() < column_x)
    ImGui::SameLine(column_x);
}

float labelled_width(const char* label) {
  return ImGui::CalcItemWidth() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label, nullptr, true).x;
}
float grid_width(int cols, float cell, const char* caption) {
  return std::max(cols * cell, caption ? ImGui::CalcTextSize(caption).x : 0.0f);
}

float button_width(const char* label) {
  return ImGui::CalcTextSize(label, nullptr, true).x + 2 * ImGui::GetStyle().FramePadding.x;
}
void note(const char* text) { wrapped(text, kMuted); }

void formula(const char* text, ImVec4 colour) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float wrap = ImGui::GetContentRegionAvail().x - 16;
  const ImVec2 ts = ImGui::CalcTextSize(text, nullptr, false, wrap);
  dl->AddRectFilled(p, ImVec2(p.x + ts.x + 16, p.y + ts.y + 10), IM_COL32(30, 34, 44, 255), 5);
  ImGui::SetCursorScreenPos(ImVec2(p.x + 8, p.y + 5));
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap);
  ImGui::TextColored(colour, "%s", text);
  ImGui::PopTextWrapPos();
  ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + ts.y + 10));
  ImGui::Dummy(ImVec2(ts.x + 16, 4));
}

}  // namespace app::lesson
