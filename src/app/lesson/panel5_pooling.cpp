#include "app/lesson/panel5_pooling.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "app/lesson/shapes.h"
#include "app/lesson/widgets.h"
#include "app/ui/i18n.h"
#include "imgui.h"

namespace app {

using namespace lesson;

void PoolingPanel::show(PanelContext& ctx) {
  explain(tr("lesson.pool.intro"));
  ImGui::Spacing();
  const PoolResult r = run_pool(pool_);
  const int n = static_cast<int>(r.output.v.size());
  player_.set_count(n, ctx.ui.reduced_motion);
  play_controls("pool", player_, ctx.ui.reduced_motion);
  ImGui::SameLine(0, 24);
  if (ImGui::Button(tr("lesson.conv.reset"))) {
    pool_ = pool_example();
    player_.restart();
  }
  const float cs = 52;
  char buf[200];
  if (!r.error.empty()) {
    ImGui::TextColored(kOutputOrange, "%s", r.error.c_str());
    return;
  }
  const auto [wy, wx] = pool_window(pool_, r, player_.step());
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
  oi.marks.push_back({r.argmax[player_.step()].first, r.argmax[player_.step()].second, ImGui::GetColorU32(kMaxGreen)});
  cell_grid("pin", pool_.input, oi);
  cell_value_field("pin", pool_.input);
  ImGui::EndGroup();
  op_symbol("\u2192", pool_.input.rows * cs);
  ImGui::BeginGroup();
  GridOpts oo;
  oo.cell = cs;
  oo.caption = cap_out.c_str();
  oo.marks.push_back({player_.step() / r.output.cols, player_.step() % r.output.cols, ImGui::GetColorU32(kOutputOrange)});
  if (n) oo.filled = player_.step() + 1;  // cells the window has not reached yet stay empty
  cell_grid_view("pout", r.output, oo);
  ImGui::EndGroup();
  ImGui::SameLine(0, 30);
  ImGui::BeginGroup();
  ctx.heading(tr("lesson.pool.props_title"));
  std::snprintf(buf, sizeof buf, tr("lesson.pool.prop_params"), static_cast<unsigned long>(pooling_param_count()));
  ImGui::BulletText("%s", buf);
  const cnn::Shape ps = pooling_output_shape({30, 24, 24});
  std::snprintf(buf, sizeof buf, tr("lesson.pool.prop_channels"), shape_text(ps).c_str());
  ImGui::BulletText("%s", buf);
  ImGui::BulletText("%s", tr("lesson.pool.prop_shift"));
  ImGui::EndGroup();
  formula(pool_step_text(pool_, r, player_.step()).c_str(), kMaxGreen);

  // Robust to small shifts: the same input moved by one pixel.
  ImGui::Spacing();
  ImGui::Separator();
  ctx.heading(tr("lesson.pool.shift_title"));
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

std::string PoolingPanel::description() const {
  const PoolResult r = run_pool(pool_);
  const int n = static_cast<int>(r.output.v.size());
  if (!r.error.empty() || n == 0) return {};
  const int step = std::clamp(player_.step(), 0, n - 1);
  return step_description(step, n, pool_step_text(pool_, r, step));
}

}  // namespace app
