// Panel 5, "Pooling": 2×2 max pooling step by step on an editable input, its properties, and
// its robustness to a one-pixel shift.
#include "app/lesson/panel.h"

#include <algorithm>
#include <memory>
#include <cstdio>
#include <vector>

#include "app/lesson/shapes.h"
#include "app/lesson/pool.h"
#include "app/lesson/widgets.h"
#include "app/ui/i18n.h"
#include "imgui.h"

namespace app {

using namespace lesson;

class PoolingPanel final : public SteppedPanel {
  lesson::PoolSetup pool_ = lesson::pool_example();
  int shift_dir_ = 0;  // 0: right, 1: down

 public:
  PoolingPanel() : SteppedPanel("lesson.p5", "lesson.pool.intro") {}
  void show(PanelContext& ctx) override;
  std::string description() const override;
};

void PoolingPanel::show(PanelContext& ctx) {
  const PoolResult r = run_pool(pool_);
  const int n = static_cast<int>(r.output.v.size());
  player_.set_count(n, ctx.ui.reduced_motion);
  play_controls("pool", player_, ctx.ui.reduced_motion);
  same_line_if_fits(button_width(tr("lesson.conv.reset")), 24);
  if (ImGui::Button(tr("lesson.conv.reset"))) {
    pool_ = pool_example();
    player_.restart();
  }
  // Cells of 52 px, smaller (down to 30) where input → output would be wider than the panel.
  const int cells = pool_.input.cols + std::max(r.output.cols, 0);
  const float cs = std::clamp((ImGui::GetContentRegionAvail().x - op_symbol_width("\u2192")) / std::max(cells, 1),
                              30.0f, 52.0f);
  char buf[200];
  if (!r.error.empty()) {
    ImGui::TextColored(kOutputOrange, "%s", r.error.c_str());
    return;
  }
  const auto [wy, wx] = pool_window(pool_, r, player_.step());
  const std::string cap_in = std::string(tr("lesson.input_data")) + " " + dims(pool_.input.rows, pool_.input.cols);
  const std::string cap_out = std::string(tr("lesson.output_data")) + " " + dims(r.output.rows, r.output.cols);
  ImGui::BeginGroup();
  GridOpts oi = GridOpts::sized(cs, cap_in.c_str()).window(wy, wx, pool_.size, pool_.size);
  oi.editable = true;
  oi.marks.push_back({r.argmax[player_.step()].first, r.argmax[player_.step()].second, ImGui::GetColorU32(kMaxGreen)});
  cell_grid("pin", pool_.input, oi);
  cell_value_field("pin", pool_.input);
  ImGui::EndGroup();
  op_symbol_or_wrap("\u2192", pool_.input.rows * cs,
                    grid_width(r.output.cols, cs, cap_out.c_str()), r.output.rows * cs);
  GridOpts oo = GridOpts::sized(cs, cap_out.c_str());
  oo.marks.push_back({player_.step() / r.output.cols, player_.step() % r.output.cols, ImGui::GetColorU32(kOutputOrange)});
  if (n) oo.filled = player_.step() + 1;  // cells the window has not reached yet stay empty
  grid_group("pout", r.output, oo);
  // The properties beside the grids where a readable column fits, under them where not.
  same_line_if_fits(220, 30);
  ImGui::BeginGroup();
  ctx.heading(tr("lesson.pool.props_title"));
  // Bullets wrapped at the panel's right edge (beside the grids, a narrow frame has little room).
  auto bullet = [](const char* text) {
    ImGui::Bullet();
    ImGui::PushTextWrapPos(ImGui::GetWindowContentRegionMax().x);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
  };
  std::snprintf(buf, sizeof buf, tr("lesson.pool.prop_params"), static_cast<unsigned long>(pooling_param_count()));
  bullet(buf);
  const cnn::Shape ps = pooling_output_shape({30, 24, 24});
  std::snprintf(buf, sizeof buf, tr("lesson.pool.prop_channels"), shape_text(ps).c_str());
  bullet(buf);
  bullet(tr("lesson.pool.prop_shift"));
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
  const float pair_x = ImGui::GetCursorScreenPos().x;
  grid_group("orig", pool_.input, GridOpts::sized(sc, tr("lesson.pool.original")).with_marks(maxima(cmp.original)));
  op_symbol("\u2192", pool_.input.rows * sc);
  grid_group("orig_out", cmp.original.output, GridOpts::sized(sc, tr("lesson.pool.max")));
  // The shifted pair beside the original where both fit, under it where not (a phone).
  same_line_if_fits(ImGui::GetItemRectMax().x - pair_x, 50);
  grid_group("moved", moved, GridOpts::sized(sc, tr("lesson.pool.shifted")).with_marks(maxima(cmp.shifted)));
  op_symbol("\u2192", pool_.input.rows * sc);
  ImGui::BeginGroup();
  cell_grid_view("moved_out", cmp.shifted.output, GridOpts::sized(sc, tr("lesson.pool.max")).with_marks(result_marks()));
  ImGui::EndGroup();
  std::snprintf(buf, sizeof buf, tr("lesson.pool.same"), cmp.same, cmp.total);
  coloured(buf, cmp.same == cmp.total ? kMaxGreen : kOutputOrange);
  explain(tr("lesson.pool.shift_explain"));
}

std::string PoolingPanel::description() const {
  const PoolResult r = run_pool(pool_);
  const int n = static_cast<int>(r.output.v.size());
  if (!r.error.empty() || n == 0) return {};
  const int step = std::clamp(player_.step(), 0, n - 1);
  return step_description(step, n, pool_step_text(pool_, r, step));
}

std::unique_ptr<LessonPanel> make_pooling_panel(lesson::ConvSetup& /*example*/) { return std::make_unique<PoolingPanel>(); }

}  // namespace app
