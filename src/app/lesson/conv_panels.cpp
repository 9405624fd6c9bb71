// Lesson panels 2–4: the convolution operation step by step, padding and stride, and
// 3-D / 4-D data. Drawing only; the numbers come from lesson/conv.*.
#include <algorithm>
#include <cstdio>
#include <string>

#include "app/ui/i18n.h"
#include "app/lesson/lesson_view.h"
#include "app/lesson/widgets.h"
#include "imgui.h"

namespace app {

using namespace lesson;

// 2. The convolution operation, step by step --------------------------------------------------
void LessonView::panel_convolution(UiState& ui) {
  explain(tr("lesson.conv.intro"));
  ImGui::Spacing();
  const ConvResult r = run_conv(conv_);
  const int n = conv_step_count(r);
  if (n) conv_step_ = std::clamp(conv_step_, 0, n - 1);
  play_controls("conv", conv_step_, n, conv_playing_, ui);
  ImGui::SameLine(0, 24);
  ImGui::Checkbox(tr("lesson.conv.bias"), &conv_.use_bias);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(110);
  ImGui::InputFloat("##bias", &conv_.bias, 1, 1, "%g");
  ImGui::SameLine(0, 24);
  if (ImGui::Button(tr("lesson.conv.reset"))) {
    conv_ = lecture_conv_example();
    conv_step_ = 0;
  }
  ImGui::Spacing();

  const ConvStep st = conv_step(conv_, r, conv_step_);
  // Cells of 52 px, smaller when the grids would not fit side by side (a narrow embed).
  const int cells = conv_.input.cols + conv_.filter.cols + std::max(r.out_w, 0) + (conv_.use_bias ? 1 : 0);
  const int symbols = conv_.use_bias ? 3 : 2;
  const float room = ImGui::GetContentRegionAvail().x - symbols * (ImGui::GetFontSize() * 1.6f + 28);
  const float cs = std::clamp(room / std::max(cells, 1), 30.0f, 52.0f);
  const float gh = std::max(conv_.input.rows, 1) * cs;
  std::string cap_in = std::string(tr("lesson.input_data")) + " " + dims(conv_.input.rows, conv_.input.cols);
  std::string cap_f = std::string(tr("lesson.filter")) + " " + dims(conv_.filter.rows, conv_.filter.cols);
  std::string cap_out = std::string(tr("lesson.output_data")) + " " + dims(r.out_h, r.out_w);

  ImGui::BeginGroup();
  GridOpts oi;
  oi.cell = cs;
  oi.editable = true;
  oi.caption = cap_in.c_str();
  if (n) { oi.win_row = st.win_row; oi.win_col = st.win_col; oi.win_h = conv_.filter.rows; oi.win_w = conv_.filter.cols; }
  cell_grid("input", conv_.input, oi);
  cell_value_field("input", conv_.input);
  ImGui::EndGroup();
  op_symbol("\u229b", gh);  // the lecture writes the convolution as a circled operator
  ImGui::BeginGroup();
  GridOpts of;
  of.cell = cs;
  of.editable = true;
  of.caption = cap_f.c_str();
  of.win_colour = 0;
  cell_grid("filter", conv_.filter, of);
  cell_value_field("filter", conv_.filter);
  ImGui::EndGroup();
  if (conv_.use_bias) {
    op_symbol("+", gh);
    ImGui::BeginGroup();
    Grid b(1, 1, conv_.bias);
    GridOpts ob;
    ob.cell = cs;
    ob.caption = tr("lesson.bias");
    ob.value_scale = std::max(1.0f, std::abs(conv_.bias));
    cell_grid_view("bias", b, ob);
    ImGui::EndGroup();
  }
  op_symbol("\u2192", gh);
  ImGui::BeginGroup();
  if (r.error.empty()) {
    GridOpts oo;
    oo.cell = cs;
    oo.caption = cap_out.c_str();
    oo.marks.push_back({st.out_row, st.out_col, ImGui::GetColorU32(kOutputOrange)});
    // Cells not reached yet by the window are drawn as still empty.
    if (n) oo.filled = conv_step_ + 1;
    cell_grid_view("output", r.output, oo);
  } else {
    ImGui::TextColored(kOutputOrange, "%s", r.error.c_str());
  }
  ImGui::EndGroup();

  ImGui::Spacing();
  if (n) {
    char buf[160];
    std::snprintf(buf, sizeof buf, tr("lesson.conv.window_at"), st.win_row, st.win_col, st.out_row, st.out_col);
    ImGui::TextColored(kWindowBlue, "%s", buf);
    formula(st.text.c_str(), kOutputOrange);
  }
  explain(tr("lesson.conv.fma"));
  explain(tr("lesson.conv.edit_hint"));
  if (conv_.use_bias) explain(tr("lesson.conv.bias_explain"));
}

// 3. Padding and stride ----------------------------------------------------------------------
void LessonView::panel_padding_stride(UiState& ui) {
  explain(tr("lesson.ps.intro"));
  ImGui::Spacing();
  ImGui::PushItemWidth(160);
  bool changed = false;
  changed |= ImGui::SliderInt(tr("lesson.ps.input"), &ps_input_, 3, 9);
  ImGui::SameLine(0, 30);
  changed |= ImGui::SliderInt(tr("lesson.ps.filter"), &ps_filter_, 1, 5);
  changed |= ImGui::SliderInt(tr("lesson.ps.pad"), &ps_pad_, 0, 3);
  ImGui::SameLine(0, 30);
  changed |= ImGui::SliderInt(tr("lesson.ps.stride"), &ps_stride_, 1, 4);
  ImGui::PopItemWidth();
  if (changed) ps_step_ = 0;

  const ConvSetup s = sized_conv_example(ps_input_, ps_filter_, ps_pad_, ps_stride_);
  const ConvResult r = run_conv(s);
  const OutputSizeFormula f = output_size_formula(ps_input_, ps_filter_, ps_pad_, ps_stride_);
  ImGui::Spacing();
  ImGui::TextColored(kMuted, "OH = (H + 2P \u2212 FH)/S + 1");
  formula(("OH = " + f.text).c_str(), f.valid ? kMaxGreen : kOutputOrange);
  if (!f.valid) {
    ImGui::TextColored(kOutputOrange, "%s %s", tr("lesson.ps.invalid"), f.error.c_str());
  }
  ImGui::Spacing();
  const int n = conv_step_count(r);
  if (n) ps_step_ = std::clamp(ps_step_, 0, n - 1);
  play_controls("ps", ps_step_, n, ps_playing_, ui);

  const auto pos = window_positions(r.padded.rows, r.padded.cols, ps_filter_, ps_filter_, ps_stride_);
  const float cs = std::clamp(380.0f / r.padded.rows, 26.0f, 44.0f);
  std::string cap = std::string(tr("lesson.ps.padded")) + " " + dims(r.padded.rows, r.padded.cols);
  ImGui::BeginGroup();
  GridOpts o;
  o.cell = cs;
  o.border = ps_pad_;
  o.caption = cap.c_str();
  o.dots = pos;
  if (n) {
    const ConvStep st = conv_step(s, r, ps_step_);
    o.win_row = st.win_row;
    o.win_col = st.win_col;
  } else if (!pos.empty()) {
    o.win_row = pos.back().first;  // where the window stops
    o.win_col = pos.back().second;
    o.win_colour = ImGui::GetColorU32(kOutputOrange);
  }
  o.win_h = o.win_w = ps_filter_;
  cell_grid_view("padded", r.padded, o);
  ImGui::EndGroup();
  const float gh = r.padded.rows * cs;
  op_symbol("\u229b", gh);
  ImGui::BeginGroup();
  std::string capf = std::string(tr("lesson.filter")) + " " + dims(ps_filter_, ps_filter_);
  GridOpts ofl;
  ofl.cell = cs;
  ofl.caption = capf.c_str();
  cell_grid_view("filter", s.filter, ofl);
  ImGui::EndGroup();
  op_symbol("\u2192", gh);
  ImGui::BeginGroup();
  if (n) {
    const ConvStep st = conv_step(s, r, ps_step_);
    std::string capo = std::string(tr("lesson.output_data")) + " " + dims(r.out_h, r.out_w);
    GridOpts oo;
    oo.cell = cs;
    oo.caption = capo.c_str();
    oo.marks.push_back({st.out_row, st.out_col, ImGui::GetColorU32(kOutputOrange)});
    oo.filled = ps_step_ + 1;  // cells the window has not reached yet stay empty
    cell_grid_view("out", r.output, oo);
  } else {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + 260);
    ImGui::TextColored(kOutputOrange, "%s", tr("lesson.ps.no_output"));
    ImGui::PopTextWrapPos();
  }
  ImGui::EndGroup();
  ImGui::Spacing();
  char buf[200];
  std::snprintf(buf, sizeof buf, tr("lesson.ps.positions"), static_cast<int>(pos.size()));
  ImGui::TextColored(kOutputOrange, "%s", buf);
  explain(tr("lesson.ps.explain"));
}

// 4. 3-D and 4-D data --------------------------------------------------------------------------
void LessonView::panel_3d_4d() {
  explain(tr("lesson.3d.intro"));
  ImGui::Spacing();
  const MultiConvResult r = run_conv_3d(conv3d_);
  const int C = conv3d_.channels, FN = conv3d_.filters;
  const int OH = r.output[0].rows, OW = r.output[0].cols;
  c3_filter_ = std::clamp(c3_filter_, 0, FN - 1);
  c3_cell_ = std::clamp(c3_cell_, 0, OH * OW - 1);
  const int orow = c3_cell_ / OW, ocol = c3_cell_ % OW;

  ImGui::TextUnformatted(tr("lesson.3d.filter_pick"));
  for (int f = 0; f < FN; ++f) {
    ImGui::SameLine();
    char lab[32];
    std::snprintf(lab, sizeof lab, "%d##f%d", f + 1, f);
    if (ImGui::RadioButton(lab, c3_filter_ == f)) c3_filter_ = f;
  }
  ImGui::SameLine(0, 24);
  if (ImGui::Button(tr("lesson.step"))) c3_cell_ = (c3_cell_ + 1) % (OH * OW);

  const float cs = 34;
  const ImU32 chan_col[3] = {IM_COL32(240, 110, 110, 255), IM_COL32(110, 210, 120, 255), IM_COL32(120, 160, 250, 255)};
  const char* chan_key[3] = {"lesson.3d.ch0", "lesson.3d.ch1", "lesson.3d.ch2"};
  char buf[200];
  // One row per channel: input channel ⊛ filter channel → partial sum map.
  for (int c = 0; c < C; ++c) {
    ImGui::PushID(c);
    const ImVec4 cc = ImGui::ColorConvertU32ToFloat4(chan_col[c]);
    ImGui::BeginGroup();
    ImGui::Dummy(ImVec2(0, 2));
    ImGui::TextColored(cc, "%s", tr(chan_key[c]));
    ImGui::Dummy(ImVec2(110, 0));
    ImGui::EndGroup();
    ImGui::SameLine();
    GridOpts oi;
    oi.cell = cs;
    oi.editable = true;
    oi.win_row = orow;
    oi.win_col = ocol;
    oi.win_h = conv3d_.weights[0].rows;
    oi.win_w = conv3d_.weights[0].cols;
    oi.win_colour = chan_col[c];
    cell_grid("in", conv3d_.input[c], oi);
    const float gh = 4 * cs;
    op_symbol("\u229b", gh);
    GridOpts ofl;
    ofl.cell = cs;
    ofl.editable = true;
    cell_grid("w", conv3d_.weights[c3_filter_ * C + c], ofl);
    op_symbol("\u2192", gh);
    GridOpts op;
    op.cell = cs;
    op.marks.push_back({orow, ocol, chan_col[c]});
    cell_grid_view("part", r.partial[c3_filter_ * C + c], op);
    ImGui::PopID();
  }
  ImGui::Spacing();
  std::snprintf(buf, sizeof buf, tr("lesson.3d.sum_title"), orow, ocol, c3_filter_ + 1);
  ImGui::TextColored(kMuted, "%s", buf);
  formula(channel_sum_text(conv3d_, r, c3_filter_, orow, ocol).c_str(), kOutputOrange);
  ImGui::SameLine(0, 20);
  ImGui::TextColored(kMuted, "%s", tr("lesson.3d.sum_order"));

  // The FN output channels.
  ImGui::Spacing();
  std::snprintf(buf, sizeof buf, tr("lesson.3d.fn_title"), FN, FN, FN, OH, OW);
  heading(buf);
  for (int f = 0; f < FN; ++f) {
    if (f) ImGui::SameLine(0, 20);
    ImGui::BeginGroup();
    GridOpts oo;
    oo.cell = cs;
    char cap[64];
    std::snprintf(cap, sizeof cap, tr("lesson.3d.out_channel"), f + 1);
    oo.caption = cap;
    if (f == c3_filter_) oo.marks.push_back({orow, ocol, ImGui::GetColorU32(kOutputOrange)});
    ImGui::PushID(f);
    cell_grid_view("o", r.output[f], oo);
    ImGui::PopID();
    ImGui::EndGroup();
  }

  // 4-D: a batch of N inputs.
  ImGui::Spacing();
  ImGui::Separator();
  heading(tr("lesson.3d.batch_title"));
  explain(tr("lesson.3d.batch_intro"));
  ImGui::PushItemWidth(130);
  ImGui::SliderInt("N", &batch_n_, 1, 100);
  ImGui::SameLine(0, 20);
  ImGui::SliderInt("C", &batch_c_, 1, 3);
  ImGui::SameLine(0, 20);
  ImGui::SliderInt("FN", &batch_fn_, 1, 64);
  ImGui::PopItemWidth();
  const BatchShapes b = batch_shapes(batch_n_, batch_c_, 28, 28, batch_fn_, 5, 5, 0, 1);
  const ImVec2 bs(190, 64);
  auto shape4 = [](const cnn::Shape& s) {
    std::string t = "(";
    for (std::size_t i = 0; i < s.size(); ++i) t += (i ? ", " : "") + std::to_string(s[i]);
    return t + ")";
  };
  block("x", tr("lesson.3d.block_input"), "(N, C, H, W)", shape4(b.input).c_str(), bs, IM_COL32(45, 50, 62, 255), false);
  op_symbol("\u229b", bs.y);
  block("w", tr("lesson.3d.block_filter"), "(FN, C, FH, FW)", shape4(b.filter).c_str(), bs, IM_COL32(78, 82, 92, 255), false);
  op_symbol("+", bs.y);
  block("b", tr("lesson.3d.block_bias"), "(FN, 1, 1)", shape4(b.bias).c_str(), ImVec2(130, bs.y), IM_COL32(78, 82, 92, 255), false);
  op_symbol("\u2192", bs.y);
  if (b.error.empty())
    block("o", tr("lesson.3d.block_output"), "(N, FN, OH, OW)", shape4(b.output).c_str(), bs, IM_COL32(36, 70, 112, 255), false);
  else
    ImGui::TextColored(kOutputOrange, "%s", b.error.c_str());
  explain(tr("lesson.3d.batch_explain"));
}

}  // namespace app
