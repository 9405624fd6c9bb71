#include "app/demo/trace_view.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/lesson/widgets.h"
#include "app/ui/i18n.h"
#include "app/ui/style.h"
#include "app/ui/widgets.h"

namespace app {

namespace {

// The maps drawn this frame and last frame (for cell_rect()): stage, channel (-1: a vector
// laid out cols × rows, row by row or column by column), size in cells, rectangle.
struct Region {
  int stage, channel, rows, cols, n;
  ImVec2 min, max;
  bool by_columns = false;
  // A vector's unit at (row, col) and back.
  int unit_at(int row, int col) const { return by_columns ? col * rows + row : row * cols + col; }
  int row_of(int unit) const { return by_columns ? unit % rows : unit / cols; }
  int col_of(int unit) const { return by_columns ? unit / rows : unit % cols; }
};
std::vector<Region> g_building, g_drawn;

// A click (released where it was pressed) or a tap on the last item, not a drag that scrolls.
bool pointer_clicked() {
  return ImGui::IsItemDeactivated() && ImGui::IsItemHovered() && ImGui::IsMouseReleased(ImGuiMouseButton_Left) &&
         ImGui::GetIO().MouseDragMaxDistanceSqr[ImGuiMouseButton_Left] < 8.0f * 8.0f;
}
// Enter or Space on the item through ImGui's keyboard navigation.
bool key_activated() { return ImGui::IsItemActivated() && !ImGui::IsMouseDown(ImGuiMouseButton_Left); }

void open(UiState& ui, const TraceCell& c) {
  ui.trace = c;
  ui.trace_open = true;
  ui.trace_focus = true;
}

void outline(ImVec2 a, ImVec2 b) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRect(ImVec2(a.x - 1, a.y - 1), ImVec2(b.x + 1, b.y + 1), IM_COL32(0, 0, 0, 200), 0, 0, 3.0f);
  dl->AddRect(ImVec2(a.x - 1, a.y - 1), ImVec2(b.x + 1, b.y + 1), colour_u32(kTheme.accent), 0, 0, 2.0f);
}

lesson::Grid grid_of(const float* v, int rows, int cols, int stride) {
  lesson::Grid g(rows, cols);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) g.at(r, c) = v[r * stride + c];
  return g;
}

// Two decimals, as the arithmetic writes them (the lesson's grids show up to three).
lesson::Grid rounded(lesson::Grid g) {
  for (float& v : g.v) v = std::round(v * 100.0f) / 100.0f + 0.0f;
  return g;
}

}  // namespace

void trace_map_item(UiState& ui, int stage, int channel, int h, int w) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  g_building.push_back({stage, channel, h, w, h * w, a, b});
  const float cw = (b.x - a.x) / w, ch = (b.y - a.y) / h;
  if (pointer_clicked()) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    open(ui, {stage, channel, std::clamp(int((m.y - a.y) / ch), 0, h - 1), std::clamp(int((m.x - a.x) / cw), 0, w - 1)});
  } else if (key_activated()) {
    const bool same = ui.trace.stage == stage && ui.trace.channel == channel;
    open(ui, {stage, channel, same ? ui.trace.y : 0, same ? ui.trace.x : 0});
  }
  if (ui.trace_open && ui.trace.stage == stage && ui.trace.channel == channel && cw >= 1.5f)
    outline(ImVec2(a.x + ui.trace.x * cw, a.y + ui.trace.y * ch), ImVec2(a.x + (ui.trace.x + 1) * cw, a.y + (ui.trace.y + 1) * ch));
}

void trace_vector_item(UiState& ui, int stage, int cols, int rows, int n, bool by_columns) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  const Region region{stage, -1, rows, cols, n, a, b, by_columns};
  g_building.push_back(region);
  const float cw = (b.x - a.x) / cols, ch = (b.y - a.y) / rows;
  if (pointer_clicked()) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    const int unit = region.unit_at(std::clamp(int((m.y - a.y) / ch), 0, rows - 1), std::clamp(int((m.x - a.x) / cw), 0, cols - 1));
    if (unit < n) open(ui, {stage, unit, 0, 0});
  } else if (key_activated()) {
    open(ui, {stage, ui.trace.stage == stage ? ui.trace.channel : 0, 0, 0});
  }
  if (ui.trace_open && ui.trace.stage == stage && ui.trace.channel < n) {
    const int r = region.row_of(ui.trace.channel), c = region.col_of(ui.trace.channel);
    outline(ImVec2(a.x + c * cw, a.y + r * ch), ImVec2(a.x + (c + 1) * cw, a.y + (r + 1) * ch));
  }
}

bool TraceView::cell_rect(const cnn::Network& net, const TraceCell& c, ImVec2& min, ImVec2& max) const {
  const bool map = stage_shape(net, c.stage).size() == 3;
  float best = 0;
  for (const Region& r : g_drawn) {
    if (r.stage != c.stage || (map ? r.channel != c.channel : r.channel != -1)) continue;
    const float area = (r.max.x - r.min.x) * (r.max.y - r.min.y);
    if (area <= best) continue;
    best = area;
    const float cw = (r.max.x - r.min.x) / r.cols, ch = (r.max.y - r.min.y) / r.rows;
    const int row = map ? c.y : r.row_of(c.channel), col = map ? c.x : r.col_of(c.channel);
    min = ImVec2(r.min.x + col * cw, r.min.y + row * ch);
    max = ImVec2(min.x + cw, min.y + ch);
  }
  return best > 0;
}

void TraceView::show_pictures(const cnn::Network& net, const Trace& t) {
  using lesson::Grid;
  using lesson::GridOpts;
  const float cell = 32;
  if (t.kind == TraceKind::Convolution) {
    const cnn::ConvExplanation& e = t.conv;
    const int C = t.in_shape[0], H = t.in_shape[1], W = t.in_shape[2];
    const auto& conv = static_cast<const cnn::Convolution&>(net.layer(t.cell.stage));
    const int FH = conv.filter_h(), FW = conv.filter_w();
    if (t.cell != last_cell_) {  // a new cell: show the channel that adds the most
      input_channel_ = 0;
      for (int c = 1; c < C; ++c)
        if (std::fabs(e.channel_sums[c]) > std::fabs(e.channel_sums[input_channel_])) input_channel_ = c;
    }
    input_channel_ = std::clamp(input_channel_, 0, C - 1);
    if (C > 1) {
      ImGui::SetNextItemWidth(160);
      char label[64];
      std::snprintf(label, sizeof label, tr("trace.input_channel"), input_channel_);
      ImGui::SliderInt("##inch", &input_channel_, 0, C - 1, label);
    }
    const int ch = input_channel_;
    const float* in = (t.cell.stage == 0 ? net.input() : net.output(t.cell.stage - 1)).data() +
                      static_cast<std::size_t>(ch) * H * W;
    // The whole input channel, the window marked (clipped to the map; padding lies outside).
    const Grid whole = grid_of(in, H, W, W);
    GridOpts o = GridOpts::sized(std::max(3.0f, std::floor(150.0f / std::max(H, W))), tr("trace.input"));
    o.show_values = false;
    const int r0 = std::max(0, e.y0), c0 = std::max(0, e.x0);
    o.window(r0, c0, std::min(H, e.y0 + FH) - r0, std::min(W, e.x0 + FW) - c0);
    lesson::grid_group("##in", whole, o);
    // The window's values (zeros in the padding) × the filter's channel + bias = the value.
    Grid win(FH, FW), filt(FH, FW);
    for (const cnn::ConvTerm& term : e.terms)
      if (term.channel == ch) {
        win.at(term.ky, term.kx) = term.x;
        filt.at(term.ky, term.kx) = term.w;
      }
    ImGui::SameLine(0, 14);
    lesson::grid_group("##win", rounded(win), GridOpts::sized(cell));
    lesson::op_symbol("*", cell * FH);
    char fl[64];
    std::snprintf(fl, sizeof fl, tr("trace.filter"), t.cell.channel, ch);
    lesson::grid_group("##filter", rounded(filt), GridOpts::sized(cell, fl));
  } else if (t.kind == TraceKind::Pooling) {
    const cnn::PoolExplanation& e = t.pool;
    const int H = t.in_shape[1], W = t.in_shape[2];
    const float* in = net.output(t.cell.stage - 1).data() + static_cast<std::size_t>(t.cell.channel) * H * W;
    GridOpts o = GridOpts::sized(std::max(3.0f, std::floor(150.0f / std::max(H, W))), tr("trace.input"));
    o.show_values = false;
    o.window(e.y0, e.x0, e.rows, e.cols);
    lesson::grid_group("##in", grid_of(in, H, W, W), o);
    ImGui::SameLine(0, 14);
    if (e.argmax >= 0) {
      GridOpts w = GridOpts::sized(cell + 6);
      w.with_marks({{e.argmax / e.cols, e.argmax % e.cols, ImGui::GetColorU32(lesson::kMaxGreen)}});
      lesson::grid_group("##win", rounded(Grid(e.rows, e.cols, e.window)), w);
    }
  }
}

void TraceView::show(const Model& model, UiState& ui) {
  g_drawn.swap(g_building);
  g_building.clear();
  description_.clear();
  shown_json_ = "null";
  if (!model.loaded() || ui.tab != Tab::Demo || !ui.trace_open) return;
  const cnn::Network& net = model.net();
  if (!check_trace_cell(net, ui.trace).empty()) {  // another network since (training, a model switch)
    ui.trace_open = false;
    return;
  }
  const Trace t = trace_cell(net, ui.trace);
  const std::string title = trace_title(net, t);
  const std::vector<std::string> lines = trace_lines(net, t);
  description_ = trace_description(net, t);
  shown_json_ = trace_json(net, t);

  const ImGuiViewport* vp = ImGui::GetMainViewport();
  // Over the pad's corner (nobody draws while reading it), leaving the detail panel on the right
  // and the pipeline below it visible; the student may move it.
  // At least 420 px tall where the frame allows (an 800×500 LMS frame: the pictures take ~230 px
  // and the sum below them needs room of its own).
  const ImVec2 size(std::min(680.0f, vp->WorkSize.x - 16), std::min(std::max(420.0f, vp->WorkSize.y * 0.5f), vp->WorkSize.y - 44));
  ImGui::SetNextWindowSize(size, ImGuiCond_Appearing);
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + 8, vp->WorkPos.y + 36), ImGuiCond_Appearing);
  if (ui.trace_focus) ImGui::SetNextWindowFocus();
  ui.trace_focus = false;
  const std::string name = std::string(tr("trace.window")) + "###trace";
  bool open = true;
  if (ImGui::Begin(name.c_str(), &open,
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoNavInputs |
                       ImGuiWindowFlags_HorizontalScrollbar)) {
    if (ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows) && !ImGui::GetIO().WantTextInput) {
      int dy = 0, dx = 0;
      if (ImGui::IsKeyPressed(ImGuiKey_UpArrow)) dy = -1;
      if (ImGui::IsKeyPressed(ImGuiKey_DownArrow)) dy = 1;
      if (ImGui::IsKeyPressed(ImGuiKey_LeftArrow)) dx = -1;
      if (ImGui::IsKeyPressed(ImGuiKey_RightArrow)) dx = 1;
      if (dy || dx) ui.trace = move_cell(net, ui.trace, dy, dx);
      if (ImGui::IsKeyPressed(ImGuiKey_Escape)) open = false;
    }
    push_wrap_at_visible_edge();
    ImGui::TextUnformatted(title.c_str());
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    show_pictures(net, t);
    last_cell_ = t.cell;
    ImGui::Separator();
    // Every term, wrapped, scrollable when long; at least five lines tall (in a smaller window
    // the window itself scrolls to it rather than squash it to a strip).
    const float line = ImGui::GetTextLineHeightWithSpacing();
    ImGui::BeginChild("##arith", ImVec2(0, std::max(5 * line, ImGui::GetContentRegionAvail().y - line - 4)), true);
    for (std::size_t i = 0; i < lines.size(); ++i) text_wrapped_at_spaces(lines[i].c_str(), /*disabled=*/i == 0);
    ImGui::EndChild();
    ImGui::TextDisabled("%s", tr("trace.rounded"));
  }
  ImGui::End();
  if (!open) ui.trace_open = false;
}

}  // namespace app
