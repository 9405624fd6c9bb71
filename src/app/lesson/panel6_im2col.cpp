// Panel 6, "im2col": panel 2's convolution example unrolled, one row of col per window, times
// the filters as columns, reshaped back to (N, FN, OH, OW); then col2im, the way back. It shows
// the example that panel 2 edits (owned by LessonView) and never changes it.
#include "app/lesson/panel.h"

#include <algorithm>
#include <memory>
#include <cstdio>
#include <string>
#include <utility>

#include "app/lesson/im2col.h"
#include "app/lesson/conv.h"
#include "app/lesson/widgets.h"
#include "app/ui/i18n.h"
#include "imgui.h"

namespace app {

using namespace lesson;

class Im2colPanel final : public LessonPanel {
  const lesson::ConvSetup& conv_;
  int row_ = 0;  // the row of col shown (one window)

 public:
  explicit Im2colPanel(const lesson::ConvSetup& example) : LessonPanel("lesson.p6", "lesson.im2col.intro"), conv_(example) {}
  void show(PanelContext& ctx) override;
};

namespace {
Grid tensor_grid(const cnn::Tensor& t) {  // a 2-D tensor (rows, cols) as a grid
  return Grid(t.dim(0), t.dim(1), t.values());
}
}  // namespace

void Im2colPanel::show(PanelContext& ctx) {
  const Im2colDemo d = run_im2col(conv_);
  if (!d.error.empty()) {
    ImGui::TextColored(kOutputOrange, "%s", d.error.c_str());
    return;
  }
  const int P = d.out_h * d.out_w, FN = d.filters;
  row_ = std::clamp(row_, 0, P - 1);
  if (ImGui::Button(tr("lesson.back"))) row_ = (row_ - 1 + P) % P;
  ImGui::SameLine();
  if (ImGui::Button(tr("lesson.step"))) row_ = (row_ + 1) % P;
  char row_of[64];
  std::snprintf(row_of, sizeof row_of, tr("lesson.im2col.row_of"), row_ + 1, P);
  same_line_if_fits(ImGui::CalcTextSize(row_of).x);
  ImGui::TextColored(kMuted, "%s", row_of);

  const ConvResult r = run_conv(conv_);
  const ConvStep st = conv_step(conv_, r, row_);
  char buf[200];
  // x with the current window  →  col (one row per window)  ·  filter columns  =  product
  const std::string capx = std::string(tr("lesson.input_data")) + " " + dims(conv_.input.rows, conv_.input.cols);
  const Grid col = tensor_grid(d.col), wc = tensor_grid(d.w_cols), prod = tensor_grid(d.product);
  std::snprintf(buf, sizeof buf, "col = im2col(x)  %s", dims(col.rows, col.cols).c_str());
  char capw[80];
  std::snprintf(capw, sizeof capw, "%s %s", tr("lesson.im2col.filters"), dims(wc.rows, wc.cols).c_str());
  const std::string capp = dims(prod.rows, prod.cols);
  // Cells of 34 px, smaller (down to 22) when the row would be wider than the panel: each grid
  // is as wide as its cells or its caption, with the three symbols between them.
  const std::pair<int, const char*> groups[] = {
      {r.padded.cols, capx.c_str()}, {col.cols, buf}, {wc.cols, capw}, {prod.cols, capp.c_str()}};
  auto group_width = [&](int i, float cell) {
    return grid_width(groups[i].first, cell, groups[i].second);
  };
  auto row_width = [&](float cell) {
    float w = op_symbol_width("\u2192") + op_symbol_width("\u00b7") + op_symbol_width("=");
    for (int i = 0; i < 4; ++i) w += group_width(i, cell);
    return w;
  };
  float cs = 34;
  while (cs > 22 && row_width(cs) > ImGui::GetContentRegionAvail().x) cs -= 2;
  GridOpts ox = GridOpts::sized(cs, capx.c_str()).window(st.win_row, st.win_col, conv_.filter.rows, conv_.filter.cols);
  ox.border = conv_.pad;
  grid_group("x", r.padded, ox);
  const float colh = col.rows * cs;
  // Where even 22 px cells do not fit in one row (a phone), the row wraps before a symbol.
  op_symbol_or_wrap("\u2192", std::min(colh, conv_.input.rows * cs), group_width(1, cs), colh);
  grid_group("col", col, GridOpts::sized(cs, buf).window(row_, 0, 1, col.cols));
  op_symbol_or_wrap("\u00b7", colh, group_width(2, cs));
  grid_group("wcols", wc, GridOpts::sized(cs, capw));
  op_symbol_or_wrap("=", colh, group_width(3, cs));
  grid_group("prod", prod, GridOpts::sized(cs, capp.c_str()).window(row_, 0, 1, FN, ImGui::GetColorU32(kOutputOrange)));

  ImGui::Spacing();
  std::snprintf(buf, sizeof buf, tr("lesson.im2col.row_is_window"), row_, st.win_row, st.win_col);  // from 0, as the windows
  coloured(buf, kWindowBlue);

  // Reshape back to (N, FN, OH, OW).
  ImGui::Spacing();
  std::snprintf(buf, sizeof buf, tr("lesson.im2col.reshape_title"), FN, d.out_h, d.out_w);
  ctx.heading(buf);
  for (int f = 0; f < FN; ++f) {
    char cap[64];
    std::snprintf(cap, sizeof cap, tr("lesson.3d.out_channel"), f + 1);
    if (f) same_line_if_fits(grid_width(d.out_w, cs, cap), 24);
    ImGui::BeginGroup();
    GridOpts oo;
    oo.cell = cs;
    oo.marks.push_back({st.out_row, st.out_col, ImGui::GetColorU32(kOutputOrange)});
    oo.caption = cap;
    ImGui::PushID(f);
    cell_grid_view("o", channel_of(d.out, 0, f), oo);
    ImGui::PopID();
    ImGui::EndGroup();
  }
  same_line_if_fits(220, 24);  // beside the maps where a readable column fits, under them where not
  ImGui::BeginGroup();
  const bool same = d.out.values() == d.conv_out.values();
  coloured(tr(same ? "lesson.im2col.same" : "lesson.im2col.differs"), same ? kMaxGreen : kOutputOrange);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + 380);
  explain(tr("lesson.im2col.filter2"));
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();

  // col2im: the reverse path of the backward pass.
  ImGui::Spacing();
  ImGui::Separator();
  ctx.heading(tr("lesson.im2col.col2im_title"));
  explain(tr("lesson.im2col.col2im_intro"));
  grid_group("overlap", channel_of(d.overlap), GridOpts::sized(cs, tr("lesson.im2col.overlap")));
  same_line_if_fits(grid_width(channel_of(d.col_back).cols, cs, tr("lesson.im2col.back")), 30);
  grid_group("back", channel_of(d.col_back), GridOpts::sized(cs, tr("lesson.im2col.back")));
  explain(tr("lesson.im2col.col2im_explain"));
}

std::unique_ptr<LessonPanel> make_im2col_panel(lesson::ConvSetup& example) { return std::make_unique<Im2colPanel>(example); }

}  // namespace app
