// Panel 4, "3-D and 4-D data": a 3-channel input and two filters, each output cell the sum of
// one partial map per channel; then the shapes of a batch, (N, C, H, W) ⊛ (FN, C, FH, FW).
#include "app/lesson/panel.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <cstdio>
#include <string>

#include "app/lesson/conv.h"
#include "cnn/mnist.h"
#include "app/lesson/widgets.h"
#include "app/ui/i18n.h"
#include "imgui.h"

namespace app {

using namespace lesson;

class Data3d4dPanel final : public LessonPanel {
  lesson::MultiConvSetup setup_ = lesson::example_3d(2);
  int filter_ = 0, cell_ = 0;                    // the filter picked, the output cell shown
  int batch_n_ = 10, batch_c_ = 3, batch_fn_ = 30;  // the batch's N, C and FN sliders

 public:
  Data3d4dPanel() : LessonPanel("lesson.p4", "lesson.3d.intro") {}
  void show(PanelContext& ctx) override;
};

void Data3d4dPanel::show(PanelContext& ctx) {
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

  // Cells of 34 px beside a 110 px label; in a narrow frame (a phone) the label goes above its
  // row and the cells shrink (down to 20) until input ⊛ filter → partial sum fits.
  constexpr float kLabelW = 110;
  const float avail = ImGui::GetContentRegionAvail().x;
  const int row_cells = setup_.input[0].cols + setup_.weights[0].cols + r.partial[0].cols;
  const float row_symbols = op_symbol_width("\u229b") + op_symbol_width("\u2192");
  const bool label_above = kLabelW + ImGui::GetStyle().ItemSpacing.x + row_symbols + row_cells * 34.0f > avail;
  const float cs = label_above ? std::clamp(std::floor((avail - row_symbols) / row_cells), 20.0f, 34.0f) : 34.0f;
  const ImU32 chan_col[3] = {IM_COL32(240, 110, 110, 255), IM_COL32(110, 210, 120, 255), IM_COL32(120, 160, 250, 255)};
  const char* chan_key[3] = {"lesson.3d.ch0", "lesson.3d.ch1", "lesson.3d.ch2"};
  char buf[200];
  // One row per channel: input channel ⊛ filter channel → partial sum map.
  for (int c = 0; c < C; ++c) {
    ImGui::PushID(c);
    const ImVec4 cc = ImGui::ColorConvertU32ToFloat4(chan_col[c]);
    if (label_above) {
      ImGui::TextColored(cc, "%s", tr(chan_key[c]));
    } else {
      ImGui::BeginGroup();
      ImGui::Dummy(ImVec2(0, 2));
      ImGui::TextColored(cc, "%s", tr(chan_key[c]));
      ImGui::Dummy(ImVec2(kLabelW, 0));
      ImGui::EndGroup();
      ImGui::SameLine();
    }
    GridOpts oi;
    oi.cell = cs;
    oi.editable = true;
    oi.win_row = orow;
    oi.win_col = ocol;
    oi.win_h = setup_.weights[0].rows;
    oi.win_w = setup_.weights[0].cols;
    oi.win_colour = chan_col[c];
    cell_grid("in", setup_.input[c], oi);
    const float gh = setup_.input[c].rows * cs;
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
  note(buf);
  formula(channel_sum_text(setup_, r, filter_, orow, ocol).c_str(), kOutputOrange);
  same_line_if_fits(ImGui::CalcTextSize(tr("lesson.3d.sum_order")).x, 20);
  note(tr("lesson.3d.sum_order"));

  // The FN output channels.
  ImGui::Spacing();
  std::snprintf(buf, sizeof buf, tr("lesson.3d.fn_title"), FN, FN, FN, OH, OW);
  ctx.heading(buf);
  for (int f = 0; f < FN; ++f) {
    char cap[64];
    std::snprintf(cap, sizeof cap, tr("lesson.3d.out_channel"), f + 1);
    if (f) same_line_if_fits(grid_width(OW, cs, cap), 20);
    GridOpts oo = GridOpts::sized(cs, cap);
    if (f == filter_) oo.marks.push_back({orow, ocol, ImGui::GetColorU32(kOutputOrange)});
    ImGui::PushID(f);
    grid_group("o", r.output[f], oo);
    ImGui::PopID();
  }

  // 4-D: a batch of N inputs.
  ImGui::Spacing();
  ImGui::Separator();
  ctx.heading(tr("lesson.3d.batch_title"));
  explain(tr("lesson.3d.batch_intro"));
  ImGui::PushItemWidth(130);
  ImGui::SliderInt("N", &batch_n_, 1, 100);
  same_line_if_fits(labelled_width("C"), 20);
  ImGui::SliderInt("C", &batch_c_, 1, 3);
  same_line_if_fits(labelled_width("FN"), 20);
  ImGui::SliderInt("FN", &batch_fn_, 1, 64);
  ImGui::PopItemWidth();
  const BatchShapes b = batch_shapes(batch_n_, batch_c_, cnn::kMnistRows, cnn::kMnistCols, batch_fn_, 5, 5, 0, 1);
  // Four blocks and three symbols on one row: narrower blocks in a narrow frame.
  constexpr float kBiasW = 130;  // the bias block is the narrow one
  const float symbols = op_symbol_width("\u229b") + op_symbol_width("+") + op_symbol_width("\u2192");
  const float bw = std::clamp(std::floor((ImGui::GetContentRegionAvail().x - kBiasW - symbols) / 3), 130.0f, 190.0f);
  const ImVec2 bs(bw, 64);
  auto shape4 = [](const cnn::Shape& s) {
    std::string t = "(";
    for (std::size_t i = 0; i < s.size(); ++i) t += (i ? ", " : "") + std::to_string(s[i]);
    return t + ")";
  };
  block("x", tr("lesson.3d.block_input"), "(N, C, H, W)", shape4(b.input).c_str(), bs, IM_COL32(45, 50, 62, 255), false);
  // A row that does not fit wraps before a symbol (a phone: two blocks a row).
  op_symbol_or_wrap("\u229b", bs.y, bw, bs.y);
  block("w", tr("lesson.3d.block_filter"), "(FN, C, FH, FW)", shape4(b.filter).c_str(), bs, IM_COL32(78, 82, 92, 255), false);
  op_symbol_or_wrap("+", bs.y, kBiasW, bs.y);
  block("b", tr("lesson.3d.block_bias"), "(FN, 1, 1)", shape4(b.bias).c_str(), ImVec2(kBiasW, bs.y), IM_COL32(78, 82, 92, 255), false);
  op_symbol_or_wrap("\u2192", bs.y, bw, bs.y);
  if (b.error.empty())
    block("o", tr("lesson.3d.block_output"), "(N, FN, OH, OW)", shape4(b.output).c_str(), bs, IM_COL32(36, 70, 112, 255), false);
  else
    coloured(b.error.c_str(), kOutputOrange);
  explain(tr("lesson.3d.batch_explain"));
}

std::unique_ptr<LessonPanel> make_data_3d_4d_panel(lesson::ConvSetup& /*example*/) { return std::make_unique<Data3d4dPanel>(); }

}  // namespace app
