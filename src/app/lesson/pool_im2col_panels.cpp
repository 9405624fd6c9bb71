// Lesson panels 5 (pooling) and 6 (im2col / col2im). Drawing only; the numbers come from
// lesson/pool.* and lesson/im2col.*.
#include <algorithm>
#include <cstdio>
#include <string>

#include "app/ui/i18n.h"
#include "app/lesson/lesson_view.h"
#include "app/lesson/widgets.h"
#include "app/lesson/im2col.h"
#include "imgui.h"

namespace app {

using namespace lesson;

namespace {
Grid tensor_grid(const cnn::Tensor& t) {  // a 2-D tensor (rows, cols) as a grid
  return Grid(t.dim(0), t.dim(1), t.values());
}
}  // namespace

// 5. Pooling -------------------------------------------------------------------------------------
void LessonView::panel_pooling(UiState& ui) {
  explain(tr("lesson.pool.intro"));
  ImGui::Spacing();
  const PoolResult r = run_pool(pool_);
  const int n = static_cast<int>(r.output.v.size());
  if (n) pool_step_ = std::clamp(pool_step_, 0, n - 1);
  play_controls("pool", pool_step_, n, pool_playing_, ui);
  ImGui::SameLine(0, 24);
  if (ImGui::Button(tr("lesson.conv.reset"))) {
    pool_ = pool_example();
    pool_step_ = 0;
  }
  const float cs = 52;
  char buf[200];
  if (!r.error.empty()) {
    ImGui::TextColored(kOutputOrange, "%s", r.error.c_str());
    return;
  }
  const auto [wy, wx] = pool_window(pool_, r, pool_step_);
  const std::string cap_in = std::string(tr("lesson.input_data")) + " " + dims(pool_.input.rows, pool_.input.cols);
  const std::string cap_out = std::string(tr("lesson.output_data")) + " " + dims(r.output.rows, r.output.cols);
  ImGui::BeginGroup();
  GridOpts oi;
  oi.cell = cs;
  oi.editable = true;
  oi.caption = cap_in.c_str();
  oi.win_row = wy;
  oi.win_col = wx;
  oi.win_h = oi.win_w = pool_.size;
  oi.marks.push_back({r.argmax[pool_step_].first, r.argmax[pool_step_].second, ImGui::GetColorU32(kMaxGreen)});
  cell_grid("pin", pool_.input, oi);
  cell_value_field("pin", pool_.input);
  ImGui::EndGroup();
  op_symbol("\u2192", pool_.input.rows * cs);
  ImGui::BeginGroup();
  GridOpts oo;
  oo.cell = cs;
  oo.caption = cap_out.c_str();
  oo.marks.push_back({pool_step_ / r.output.cols, pool_step_ % r.output.cols, ImGui::GetColorU32(kOutputOrange)});
  if (n) oo.filled = pool_step_ + 1;  // cells the window has not reached yet stay empty
  cell_grid_view("pout", r.output, oo);
  ImGui::EndGroup();
  ImGui::SameLine(0, 30);
  ImGui::BeginGroup();
  heading(tr("lesson.pool.props_title"));
  std::snprintf(buf, sizeof buf, tr("lesson.pool.prop_params"), static_cast<unsigned long>(pooling_param_count()));
  ImGui::BulletText("%s", buf);
  const cnn::Shape ps = pooling_output_shape({30, 24, 24});
  std::snprintf(buf, sizeof buf, tr("lesson.pool.prop_channels"), shape_text(ps).c_str());
  ImGui::BulletText("%s", buf);
  ImGui::BulletText("%s", tr("lesson.pool.prop_shift"));
  ImGui::EndGroup();
  formula(pool_step_text(pool_, r, pool_step_).c_str(), kMaxGreen);

  // Robust to small shifts: the same input moved by one pixel.
  ImGui::Spacing();
  ImGui::Separator();
  heading(tr("lesson.pool.shift_title"));
  ImGui::RadioButton(tr("lesson.pool.shift_right"), &shift_dir_, 0);
  ImGui::SameLine();
  ImGui::RadioButton(tr("lesson.pool.shift_down"), &shift_dir_, 1);
  const ShiftComparison cmp = compare_shift(pool_, shift_dir_ == 1 ? 1 : 0, shift_dir_ == 0 ? 1 : 0);
  const float sc = 38;
  const Grid moved = shift_grid(pool_.input, shift_dir_ == 1 ? 1 : 0, shift_dir_ == 0 ? 1 : 0);
  auto maxima = [&](const PoolResult& pr) {
    std::vector<CellMark> m;
    for (const auto& [y, x] : pr.argmax) m.push_back({y, x, ImGui::GetColorU32(kMaxGreen)});
    return m;
  };
  auto result_marks = [&]() {
    std::vector<CellMark> m;
    for (int i = 0; i < cmp.total; ++i)
      if (cmp.original.output.v[i] != cmp.shifted.output.v[i])
        m.push_back({i / r.output.cols, i % r.output.cols, ImGui::GetColorU32(kOutputOrange)});
    return m;
  };
  ImGui::BeginGroup();
  GridOpts a;
  a.cell = sc;
  a.caption = tr("lesson.pool.original");
  a.marks = maxima(cmp.original);
  cell_grid_view("orig", pool_.input, a);
  ImGui::EndGroup();
  op_symbol("\u2192", pool_.input.rows * sc);
  ImGui::BeginGroup();
  GridOpts a2;
  a2.cell = sc;
  a2.caption = tr("lesson.pool.max");
  cell_grid_view("orig_out", cmp.original.output, a2);
  ImGui::EndGroup();
  ImGui::SameLine(0, 50);
  ImGui::BeginGroup();
  GridOpts b;
  b.cell = sc;
  b.caption = tr("lesson.pool.shifted");
  b.marks = maxima(cmp.shifted);
  cell_grid_view("moved", moved, b);
  ImGui::EndGroup();
  op_symbol("\u2192", pool_.input.rows * sc);
  ImGui::BeginGroup();
  GridOpts b2;
  b2.cell = sc;
  b2.caption = tr("lesson.pool.max");
  b2.marks = result_marks();
  cell_grid_view("moved_out", cmp.shifted.output, b2);
  ImGui::EndGroup();
  std::snprintf(buf, sizeof buf, tr("lesson.pool.same"), cmp.same, cmp.total);
  ImGui::TextColored(cmp.same == cmp.total ? kMaxGreen : kOutputOrange, "%s", buf);
  explain(tr("lesson.pool.shift_explain"));
}

// 6. im2col ------------------------------------------------------------------------------------
void LessonView::panel_im2col() {
  explain(tr("lesson.im2col.intro"));
  ImGui::Spacing();
  const Im2colDemo d = run_im2col(conv_);
  if (!d.error.empty()) {
    ImGui::TextColored(kOutputOrange, "%s", d.error.c_str());
    return;
  }
  const int P = d.out_h * d.out_w, FN = d.filters;
  im2col_row_ = std::clamp(im2col_row_, 0, P - 1);
  if (ImGui::Button(tr("lesson.back"))) im2col_row_ = (im2col_row_ - 1 + P) % P;
  ImGui::SameLine();
  if (ImGui::Button(tr("lesson.step"))) im2col_row_ = (im2col_row_ + 1) % P;
  ImGui::SameLine();
  ImGui::TextColored(kMuted, tr("lesson.im2col.row_of"), im2col_row_ + 1, P);

  const float cs = 34;
  const ConvResult r = run_conv(conv_);
  const ConvStep st = conv_step(conv_, r, im2col_row_);
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
  oc.win_row = im2col_row_;
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
  op.win_row = im2col_row_;
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
  std::snprintf(buf, sizeof buf, tr("lesson.im2col.row_is_window"), im2col_row_ + 1, st.win_row, st.win_col);
  ImGui::TextColored(kWindowBlue, "%s", buf);

  // Reshape back to (N, FN, OH, OW).
  ImGui::Spacing();
  std::snprintf(buf, sizeof buf, tr("lesson.im2col.reshape_title"), FN, d.out_h, d.out_w);
  heading(buf);
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
  heading(tr("lesson.im2col.col2im_title"));
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
