#include "app/lesson/panel6_im2col.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "app/lesson/im2col.h"
#include "app/lesson/widgets.h"
#include "app/ui/i18n.h"
#include "imgui.h"

namespace app {

using namespace lesson;

namespace {
Grid tensor_grid(const cnn::Tensor& t) {  // a 2-D tensor (rows, cols) as a grid
  return Grid(t.dim(0), t.dim(1), t.values());
}
}  // namespace

void Im2colPanel::show(PanelContext& ctx) {
  explain(tr("lesson.im2col.intro"));
  ImGui::Spacing();
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
  ImGui::SameLine();
  ImGui::TextColored(kMuted, tr("lesson.im2col.row_of"), row_ + 1, P);

  const float cs = 34;
  const ConvResult r = run_conv(conv_);
  const ConvStep st = conv_step(conv_, r, row_);
  char buf[200];
  // x with the current window  →  col (one row per window)  ·  filter columns  =  product
  ImGui::BeginGroup();
  GridOpts ox;
  ox.cell = cs;
  ox.border = conv_.pad;
  ox.win_row = st.win_row;
  ox.win_col = st.win_col;
  ox.win_h = conv_.filter.rows;
  ox.win_w = conv_.filter.cols;
  const std::string capx = std::string(tr("lesson.input_data")) + " " + dims(conv_.input.rows, conv_.input.cols);
  ox.caption = capx.c_str();
  cell_grid_view("x", r.padded, ox);
  ImGui::EndGroup();
  const Grid col = tensor_grid(d.col);
  const float colh = col.rows * cs;
  op_symbol("\u2192", std::min(colh, conv_.input.rows * cs));
  ImGui::BeginGroup();
  GridOpts oc;
  oc.cell = cs;
  oc.win_row = row_;
  oc.win_col = 0;
  oc.win_h = 1;
  oc.win_w = col.cols;
  std::snprintf(buf, sizeof buf, "col = im2col(x)  %s", dims(col.rows, col.cols).c_str());
  oc.caption = buf;
  cell_grid_view("col", col, oc);
  ImGui::EndGroup();
  op_symbol("\u00b7", colh);
  ImGui::BeginGroup();
  const Grid wc = tensor_grid(d.w_cols);
  GridOpts ow;
  ow.cell = cs;
  char capw[80];
  std::snprintf(capw, sizeof capw, "%s %s", tr("lesson.im2col.filters"), dims(wc.rows, wc.cols).c_str());
  ow.caption = capw;
  cell_grid_view("wcols", wc, ow);
  ImGui::EndGroup();
  op_symbol("=", colh);
  ImGui::BeginGroup();
  const Grid prod = tensor_grid(d.product);
  GridOpts op;
  op.cell = cs;
  op.win_row = row_;
  op.win_col = 0;
  op.win_h = 1;
  op.win_w = FN;
  op.win_colour = ImGui::GetColorU32(kOutputOrange);
  char capp[80];
  std::snprintf(capp, sizeof capp, "%s", dims(prod.rows, prod.cols).c_str());
  op.caption = capp;
  cell_grid_view("prod", prod, op);
  ImGui::EndGroup();

  ImGui::Spacing();
  std::snprintf(buf, sizeof buf, tr("lesson.im2col.row_is_window"), row_ + 1, st.win_row, st.win_col);
  ImGui::TextColored(kWindowBlue, "%s", buf);

  // Reshape back to (N, FN, OH, OW).
  ImGui::Spacing();
  std::snprintf(buf, sizeof buf, tr("lesson.im2col.reshape_title"), FN, d.out_h, d.out_w);
  ctx.heading(buf);
  for (int f = 0; f < FN; ++f) {
    if (f) ImGui::SameLine(0, 24);
    ImGui::BeginGroup();
    GridOpts oo;
    oo.cell = cs;
    oo.marks.push_back({st.out_row, st.out_col, ImGui::GetColorU32(kOutputOrange)});
    char cap[64];
    std::snprintf(cap, sizeof cap, tr("lesson.3d.out_channel"), f + 1);
    oo.caption = cap;
    ImGui::PushID(f);
    cell_grid_view("o", channel_of(d.out, 0, f), oo);
    ImGui::PopID();
    ImGui::EndGroup();
  }
  ImGui::SameLine(0, 24);
  ImGui::BeginGroup();
  const bool same = d.out.values() == d.conv_out.values();
  ImGui::TextColored(same ? kMaxGreen : kOutputOrange, "%s",
                     tr(same ? "lesson.im2col.same" : "lesson.im2col.differs"));
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + 380);
  explain(tr("lesson.im2col.filter2"));
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();

  // col2im: the reverse path of the backward pass.
  ImGui::Spacing();
  ImGui::Separator();
  ctx.heading(tr("lesson.im2col.col2im_title"));
  explain(tr("lesson.im2col.col2im_intro"));
  ImGui::BeginGroup();
  GridOpts o1;
  o1.cell = cs;
  o1.caption = tr("lesson.im2col.overlap");
  cell_grid_view("overlap", channel_of(d.overlap), o1);
  ImGui::EndGroup();
  ImGui::SameLine(0, 30);
  ImGui::BeginGroup();
  GridOpts o2;
  o2.cell = cs;
  o2.caption = tr("lesson.im2col.back");
  cell_grid_view("back", channel_of(d.col_back), o2);
  ImGui::EndGroup();
  explain(tr("lesson.im2col.col2im_explain"));
}

}  // namespace app
