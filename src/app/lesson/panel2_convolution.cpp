// Panel 2, "The convolution operation": the lecture's example step by step (1*2 + 2*0 + … = 15,
// bias 3 → 18), every cell editable. The example is shared with panel 6 (im2col), which shows
// the same numbers unrolled: LessonView owns it, this panel edits it.
#include "app/lesson/panel.h"

#include <algorithm>
#include <memory>
#include <cmath>
#include <cstdio>

#include "app/lesson/conv.h"
#include "app/lesson/widgets.h"
#include "app/ui/i18n.h"
#include "imgui.h"

namespace app {

using namespace lesson;

class ConvolutionPanel final : public SteppedPanel {
  lesson::ConvSetup& conv_;

 public:
  explicit ConvolutionPanel(lesson::ConvSetup& example) : SteppedPanel("lesson.p2", "lesson.conv.intro"), conv_(example) {}
  void show(PanelContext& ctx) override;
  std::string description() const override;
};

void ConvolutionPanel::show(PanelContext& ctx) {
  const ConvResult r = run_conv(conv_);
  const int n = conv_step_count(r);
  player_.set_count(n, ctx.ui.reduced_motion);
  play_controls("conv", player_, ctx.ui.reduced_motion);
  const float bias_w = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
                       ImGui::CalcTextSize(tr("lesson.conv.bias"), nullptr, true).x + ImGui::GetStyle().ItemSpacing.x + 110;
  same_line_if_fits(bias_w, 24);
  ImGui::Checkbox(tr("lesson.conv.bias"), &conv_.use_bias);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(110);
  ImGui::InputFloat("##bias", &conv_.bias, 1, 1, "%g");
  same_line_if_fits(button_width(tr("lesson.conv.reset")), 24);
  if (ImGui::Button(tr("lesson.conv.reset"))) {
    conv_ = lecture_conv_example();
    player_.restart();
  }
  ImGui::Spacing();

  const ConvStep st = conv_step(conv_, r, player_.step());
  // Cells of 52 px, smaller (down to 24) when the grids would not fit side by side (a narrow
  // embed); where even 24 px cells would not fit (a phone), "→ output" goes on a row of its own.
  // Each grid is as wide as its cells or its caption, whichever is wider.
  std::string cap_in = std::string(tr("lesson.input_data")) + " " + dims(conv_.input.rows, conv_.input.cols);
  std::string cap_f = std::string(tr("lesson.filter")) + " " + dims(conv_.filter.rows, conv_.filter.cols);
  std::string cap_out = std::string(tr("lesson.output_data")) + " " + dims(r.out_h, r.out_w);
  const float avail = ImGui::GetContentRegionAvail().x;
  auto row_width = [&](float cell, bool with_output) {
    float w = grid_width(conv_.input.cols, cell, cap_in.c_str()) + op_symbol_width("\u229b") +
              grid_width(conv_.filter.cols, cell, cap_f.c_str());
    if (conv_.use_bias) w += op_symbol_width("+") + grid_width(1, cell, tr("lesson.bias"));
    if (with_output) w += op_symbol_width("\u2192") + grid_width(std::max(r.out_w, 0), cell, cap_out.c_str());
    return w;
  };
  auto largest_cell = [&](bool with_output) {
    float cell = 52;
    while (cell > 24 && row_width(cell, with_output) > avail) cell -= 2;
    return cell;
  };
  const bool output_below = row_width(24, true) > avail;
  const float cs = largest_cell(!output_below);
  const float gh = std::max(conv_.input.rows, 1) * cs;

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
  op_symbol("\u2192", output_below ? std::max(r.out_h, 1) * cs : gh, !output_below);
  ImGui::BeginGroup();
  if (r.error.empty()) {
    GridOpts oo;
    oo.cell = cs;
    oo.caption = cap_out.c_str();
    oo.marks.push_back({st.out_row, st.out_col, ImGui::GetColorU32(kOutputOrange)});
    // Cells not reached yet by the window are drawn as still empty.
    if (n) oo.filled = player_.step() + 1;
    cell_grid_view("output", r.output, oo);
  } else {
    coloured(r.error.c_str(), kOutputOrange);
  }
  ImGui::EndGroup();

  ImGui::Spacing();
  if (n) {
    char buf[160];
    std::snprintf(buf, sizeof buf, tr("lesson.conv.window_at"), st.win_row, st.win_col, st.out_row, st.out_col);
    coloured(buf, kWindowBlue);
    formula(st.text.c_str(), kOutputOrange);
  }
  explain(tr("lesson.conv.fma"));
  explain(tr("lesson.conv.edit_hint"));
  if (conv_.use_bias) explain(tr("lesson.conv.bias_explain"));
}

std::string ConvolutionPanel::description() const { return conv_step_description(conv_, player_.step()); }

std::string conv_step_description(const ConvSetup& s, int step) {
  const ConvResult r = run_conv(s);
  const int n = conv_step_count(r);
  if (!r.error.empty() || n == 0) return {};
  step = std::clamp(step, 0, n - 1);
  return step_description(step, n, conv_step(s, r, step).text);
}

std::unique_ptr<LessonPanel> make_convolution_panel(lesson::ConvSetup& example) { return std::make_unique<ConvolutionPanel>(example); }

}  // namespace app
