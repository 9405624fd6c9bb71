// Lesson mode's drawing helpers: the cell grids every panel uses (numbers in cells, a
// highlighted window, a highlighted output cell, the zero border of padding), small
// labelled blocks for shapes, and the lesson's colours. Drawing only: the numbers come
// from the pure logic beside them.
#pragma once
#include <string>
#include <vector>

#include "app/lesson/grid.h"
#include "app/lesson/step_player.h"
#include "app/ui/style.h"
#include "imgui.h"

namespace app::lesson {

// Lesson colours, from the theme (ui/theme.h; tests/test_theme.cpp checks their contrast).
inline const ImVec4 kWindowBlue = colour(kTheme.window_blue);  // the lecture's blue window
inline const ImVec4 kOutputOrange = colour(kTheme.accent);
inline const ImVec4 kMaxGreen = colour(kTheme.max_green);
inline const ImVec4 kMuted = colour(kTheme.muted);

struct CellMark {
  int row, col;
  ImU32 colour;
};

struct GridOpts {
  float cell = 40;         // cell size in pixels
  int border = 0;          // outer rows/columns that are padding (drawn as a dashed zero border)
  bool editable = false;   // click: +1, right click: −1; the last clicked cell can be typed
  // The window: rows [win_row, win_row + win_h) × cols [win_col, win_col + win_w); -1: none.
  int win_row = -1, win_col = -1, win_h = 0, win_w = 0;
  ImU32 win_colour = 0;    // 0: kWindowBlue
  std::vector<CellMark> marks;  // single cells outlined (the output cell, a maximum)
  std::vector<std::pair<int, int>> dots;  // small dots (window corners the stride visits)
  bool show_values = true;
  int filled = -1;         // cells from this row-major index on are drawn empty (not computed yet); -1: all
  float value_scale = 0;   // |value| drawn at full tint; 0: the grid's largest |value|
  const char* caption = nullptr;  // under the grid, e.g. "입력 데이터 (4, 4)"

  // The usual cases in one expression: GridOpts::sized(34, caption).window(r, c, h, w).
  static GridOpts sized(float cell_px, const char* text = nullptr) {
    GridOpts o;
    o.cell = cell_px;
    o.caption = text;
    return o;
  }
  GridOpts& window(int row, int col, int h, int w, ImU32 colour = 0) {
    win_row = row, win_col = col, win_h = h, win_w = w, win_colour = colour;
    return *this;
  }
  GridOpts& with_marks(std::vector<CellMark> m) {
    marks = std::move(m);
    return *this;
  }
};

// Draws `g` at the cursor. Returns true when the student edited a cell (only if editable).
// `hovered` (optional) receives the hovered cell or (-1, -1).
bool cell_grid(const char* id, Grid& g, const GridOpts& o, std::pair<int, int>* hovered = nullptr);
// The same for a grid that is only shown.
void cell_grid_view(const char* id, const Grid& g, const GridOpts& o, std::pair<int, int>* hovered = nullptr);
// cell_grid_view in a group of its own, so that the next item can stand beside it (SameLine).
void grid_group(const char* id, const Grid& g, const GridOpts& o);

// The number field under an editable grid: edits the cell the student clicked last.
// Returns true when the value changed.
bool cell_value_field(const char* id, Grid& g);

// A rounded block with a title and a second line (a layer with its shape), `w`×`h`.
// Returns true when clicked (if clickable).
bool block(const char* id, const char* title, const char* line2, const char* line3, ImVec2 size, ImU32 fill,
           bool clickable, bool highlighted = false);
// An arrow → between blocks, centred vertically in a row of height h.
void arrow(float h, float w = 22);
// An operator (⊛, +, →, =, ·) in large type between grids of height h, on the same line as the
// last item (or, after_previous = false, at the start of a new row of grids).
void op_symbol(const char* s, float h, bool after_previous = true);
// The width op_symbol(s) takes on its line, its gaps included.
float op_symbol_width(const char* s);
// op_symbol(s, h) on the same line when it and the next item, next_w wide, still fit there;
// otherwise at the start of a new row (a phone wraps a row of grids), centred on the next
// item's height next_h when that is given.
void op_symbol_or_wrap(const char* s, float h, float next_w, float next_h = 0);
// Text in a colour, wrapped at the panel's edge.
void coloured(const char* text, ImVec4 colour);

// Back · Play/Pause · Step · "window 2 of 4" for a StepPlayer (set_count() first); Play is
// disabled with reduced motion, and advances the player while it is on.
void play_controls(const char* id, StepPlayer& player, bool reduced_motion);

// "(4, 4)": a shape as the lecture writes it, (height, width).
std::string dims(int h, int w);

// Text wrapped to the panel width in the lecture's muted explanatory style.
void explain(const char* text);
// A side note (legend, hint, status) in the muted colour, wrapped to the panel width.
void note(const char* text);
// SameLine(0, spacing) when an item `next_w` wide still fits on the line of the last item;
// otherwise the next item starts a new line (a narrow LMS frame wraps a row of controls).
void same_line_if_fits(float next_w, float spacing = -1);
// The same, for rows whose second items line up: SameLine(column_x) (window-local, as
// GetCursorPosX() gives it) when an item `next_w` wide fits there; otherwise a new line.
void same_column_if_fits(float column_x, float next_w);
// The width of a button labelled `label`.
float button_width(const char* label);
// The width of the next item (ImGui's item width, PushItemWidth) with `label` beside it (a slider).
float labelled_width(const char* label);
// The width a grid of `cols` cells of `cell` px takes with `caption` under it (the wider of the two).
float grid_width(int cols, float cell, const char* caption);
// A formula line (monospace-like emphasis): drawn on a subtle background.
void formula(const char* text, ImVec4 colour = ImVec4(1, 1, 1, 1));

}  // namespace app::lesson
