#include "app/lesson/panel4_3d_4d.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "app/lesson/widgets.h"
#include "app/ui/i18n.h"
#include "imgui.h"

namespace app {

using namespace lesson;

void Data3d4dPanel::show(PanelContext& ctx) {
  explain(tr("lesson.3d.intro"));
  ImGui::Spacing();
  const MultiConvResult r = run_conv_3d(setup_);
  const int C = setup_.channels, FN = setup_.filters;
  const int OH = r.output[0].rows, OW = r.output[0].cols;
  filter_ = std::clamp(filter_, 0, FN - 1);
  cell_ = std::clamp(cell_, 0, OH * OW - 1);
  const int orow = cell_ / OW, ocol = cell_ % OW;

  ImGui::TextUnformatted(tr("lesson.3d.filter_pick"));
  for (int f = 0; f < FN; ++f) {
    ImGui::SameLine();
    char lab[32];
    std::snprintf(lab, sizeof lab, "%d##f%d", f + 1, f);
    if (ImGui::RadioButton(lab, filter_ == f)) filter_ = f;
  }
  ImGui::SameLine(0, 24);
  if (ImGui::Button(tr("lesson.step"))) cell_ = (cell_ + 1) % (OH * OW);

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
    oi.win_h = setup_.weights[0].rows;
    oi.win_w = setup_.weights[0].cols;
    oi.win_colour = chan_col[c];
    cell_grid("in", setup_.input[c], oi);
    const float gh = 4 * cs;
    op_symbol("\u229b", gh);
    GridOpts ofl;
    ofl.cell = cs;
    ofl.editable = true;
    cell_grid("w", setup_.weights[filter_ * C + c], ofl);
    op_symbol("\u2192", gh);
    GridOpts op;
    op.cell = cs;
    op.marks.push_back({orow, ocol, chan_col[c]});
    cell_grid_view("part", r.partial[filter_ * C + c], op);
    ImGui::PopID();
  }
  ImGui::Spacing();
  std::snprintf(buf, sizeof buf, tr("lesson.3d.sum_title"), orow, ocol, filter_ + 1);
  ImGui::TextColored(kMuted, "%s", buf);
  formula(channel_sum_text(setup_, r, filter_, orow, ocol).c_str(), kOutputOrange);
  ImGui::SameLine(0, 20);
  ImGui::TextColored(kMuted, "%s", tr("lesson.3d.sum_order"));

  // The FN output channels.
  ImGui::Spacing();
  std::snprintf(buf, sizeof buf, tr("lesson.3d.fn_title"), FN, FN, FN, OH, OW);
  ctx.heading(buf);
  for (int f = 0; f < FN; ++f) {
    if (f) ImGui::SameLine(0, 20);
    ImGui::BeginGroup();
    GridOpts oo;
    oo.cell = cs;
    char cap[64];
    std::snprintf(cap, sizeof cap, tr("lesson.3d.out_channel"), f + 1);
    oo.caption = cap;
    if (f == filter_) oo.marks.push_back({orow, ocol, ImGui::GetColorU32(kOutputOrange)});
    ImGui::PushID(f);
    cell_grid_view("o", r.output[f], oo);
    ImGui::PopID();
    ImGui::EndGroup();
  }

  // 4-D: a batch of N inputs.
  ImGui::Spacing();
  ImGui::Separator();
  ctx.heading(tr("lesson.3d.batch_title"));
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
