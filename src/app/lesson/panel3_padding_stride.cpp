// Panel 3, "Padding and stride": sliders for H, FH, P and S, OH = (H + 2P − FH)/S + 1 evaluated
// (invalid combinations explained), and the window stepping over the padded input.
#include "app/lesson/panel.h"

#include <algorithm>
#include <memory>
#include <cstdio>

#include "app/lesson/conv.h"
#include "app/lesson/widgets.h"
#include "app/ui/i18n.h"
#include "imgui.h"

namespace app {

using namespace lesson;

class PaddingStridePanel final : public SteppedPanel {
  int input_ = 5, filter_ = 3, pad_ = 1, stride_ = 2;  // H (= W), FH (= FW), P, S

 public:
  PaddingStridePanel() : SteppedPanel("lesson.p3", "lesson.ps.intro") {}
  void show(PanelContext& ctx) override;
  std::string description() const override;
};

void PaddingStridePanel::show(PanelContext& ctx) {
  ImGui::PushItemWidth(160);
  bool changed = false;
  // Two sliders a row, the second ones in one column; one a row where two do not fit (a phone).
  const float column = ImGui::GetCursorPosX() + std::max(labelled_width(tr("lesson.ps.input")), labelled_width(tr("lesson.ps.pad"))) + 30;
  changed |= ImGui::SliderInt(tr("lesson.ps.input"), &input_, 3, 9);
  same_column_if_fits(column, labelled_width(tr("lesson.ps.filter")));
  changed |= ImGui::SliderInt(tr("lesson.ps.filter"), &filter_, 1, 5);
  changed |= ImGui::SliderInt(tr("lesson.ps.pad"), &pad_, 0, 3);
  same_column_if_fits(column, labelled_width(tr("lesson.ps.stride")));
  changed |= ImGui::SliderInt(tr("lesson.ps.stride"), &stride_, 1, 4);
  ImGui::PopItemWidth();
  if (changed) player_.restart();

  const ConvSetup s = sized_conv_example(input_, filter_, pad_, stride_);
  const ConvResult r = run_conv(s);
  const OutputSizeFormula f = output_size_formula(input_, filter_, pad_, stride_);
  ImGui::Spacing();
  ImGui::TextColored(kMuted, "OH = (H + 2P \u2212 FH)/S + 1");
  formula(("OH = " + f.text).c_str(), f.valid ? kMaxGreen : kOutputOrange);
  if (!f.valid) {
    coloured((std::string(tr("lesson.ps.invalid")) + " " + f.error).c_str(), kOutputOrange);
  }
  ImGui::Spacing();
  const int n = conv_step_count(r);
  player_.set_count(n, ctx.ui.reduced_motion);
  play_controls("ps", player_, ctx.ui.reduced_motion);

  const auto pos = window_positions(r.padded.rows, r.padded.cols, filter_, filter_, stride_);
  // The padded input fits the panel's width (a phone's too); the filter and the output
  // follow on the same row where they fit, on the next where they do not.
  const float cs = std::clamp(std::min(380.0f, ImGui::GetContentRegionAvail().x) / r.padded.cols, 20.0f, 44.0f);
  std::string cap = std::string(tr("lesson.ps.padded")) + " " + dims(r.padded.rows, r.padded.cols);
  ImGui::BeginGroup();
  GridOpts o = GridOpts::sized(cs, cap.c_str());
  o.border = pad_;
  o.dots = pos;
  if (n) {
    const ConvStep st = conv_step(s, r, player_.step());
    o.win_row = st.win_row;
    o.win_col = st.win_col;
  } else if (!pos.empty()) {
    o.win_row = pos.back().first;  // where the window stops
    o.win_col = pos.back().second;
    o.win_colour = ImGui::GetColorU32(kOutputOrange);
  }
  o.win_h = o.win_w = filter_;
  cell_grid_view("padded", r.padded, o);
  ImGui::EndGroup();
  const float gh = r.padded.rows * cs;
  std::string capf = std::string(tr("lesson.filter")) + " " + dims(filter_, filter_);
  std::string capo = std::string(tr("lesson.output_data")) + " " + dims(r.out_h, r.out_w);
  op_symbol_or_wrap("\u229b", gh, grid_width(filter_, cs, capf.c_str()), filter_ * cs);
  ImGui::BeginGroup();
  GridOpts ofl;
  ofl.cell = cs;
  ofl.caption = capf.c_str();
  cell_grid_view("filter", s.filter, ofl);
  ImGui::EndGroup();
  op_symbol_or_wrap("\u2192", gh, n ? grid_width(r.out_w, cs, capo.c_str()) : 260.0f, n ? r.out_h * cs : 0.0f);
  ImGui::BeginGroup();
  if (n) {
    const ConvStep st = conv_step(s, r, player_.step());
    GridOpts oo;
    oo.cell = cs;
    oo.caption = capo.c_str();
    oo.marks.push_back({st.out_row, st.out_col, ImGui::GetColorU32(kOutputOrange)});
    oo.filled = player_.step() + 1;  // cells the window has not reached yet stay empty
    cell_grid_view("out", r.output, oo);
  } else {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + std::min(260.0f, ImGui::GetContentRegionAvail().x));
    ImGui::TextColored(kOutputOrange, "%s", tr("lesson.ps.no_output"));
    ImGui::PopTextWrapPos();
  }
  ImGui::EndGroup();
  ImGui::Spacing();
  char buf[200];
  std::snprintf(buf, sizeof buf, tr("lesson.ps.positions"), static_cast<int>(pos.size()));
  coloured(buf, kOutputOrange);
  explain(tr("lesson.ps.explain"));
}

std::string PaddingStridePanel::description() const {
  return conv_step_description(sized_conv_example(input_, filter_, pad_, stride_), player_.step());
}

std::unique_ptr<LessonPanel> make_padding_stride_panel(lesson::ConvSetup& /*example*/) { return std::make_unique<PaddingStridePanel>(); }

}  // namespace app
