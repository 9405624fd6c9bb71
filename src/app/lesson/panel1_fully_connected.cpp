// Panel 1, "Why not fully connected?": the 28×28 image the network sees and the same 784 values
// in one row, as the first Affine layer receives them; a 5×5 window around the pixel the
// student picks falls apart into five runs of that row.
#include "app/lesson/panel.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <cstdio>
#include <vector>

#include "app/demo/prediction.h"
#include "app/lesson/shapes.h"
#include "app/lesson/widgets.h"
#include "app/ui/i18n.h"
#include "imgui.h"

namespace app {

using namespace lesson;

class FullyConnectedPanel final : public LessonPanel {
  int pixel_row_ = 10, pixel_col_ = 12;  // the pixel picked in the image

 public:
  FullyConnectedPanel() : LessonPanel("lesson.p1") {}
  void show(PanelContext& ctx) override;
};

void FullyConnectedPanel::show(PanelContext& ctx) {
  explain(tr("lesson.fc.intro"));
  if (ImGui::Button(tr("lesson.fc.sample"))) ctx.action.load_sample = true;
  if (ctx.pixels_empty) {
    const char* empty = tr(ctx.demo_tab() ? "lesson.fc.empty" : "lesson.fc.empty_no_demo");
    same_line_if_fits(std::min(ImGui::CalcTextSize(empty).x, 240.0f));
    coloured(empty, kMuted);
  }
  ImGui::Spacing();
  const int K = 5;  // SimpleConvNet's 5×5 filter window
  const FlattenWindow fw = flatten_window(kInputSide, kInputSide, pixel_row_, pixel_col_, K);
  const std::vector<float> row = flatten_image(ctx.pixels, kInputSide, kInputSide);
  const int sel = pixel_row_ * kInputSide + pixel_col_;

  // The 28×28 image, one cell per pixel; the window around the chosen pixel.
  ImGui::BeginGroup();
  ctx.heading(tr("lesson.fc.image"));
  const float cs = std::clamp(std::floor(ImGui::GetContentRegionAvail().x / kInputSide), 6.0f, 11.0f);  // a phone: smaller
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  for (int r = 0; r < kInputSide; ++r)
    for (int c = 0; c < kInputSide; ++c) {
      const int g = static_cast<int>(std::clamp(row[r * kInputSide + c], 0.0f, 1.0f) * 235 + 20);
      dl->AddRectFilled(ImVec2(p0.x + c * cs, p0.y + r * cs), ImVec2(p0.x + (c + 1) * cs, p0.y + (r + 1) * cs),
                        IM_COL32(g, g, g, 255));
    }
  ImGui::InvisibleButton("##img", ImVec2(kInputSide * cs, kInputSide * cs));
  if (ImGui::IsItemActive() || ImGui::IsItemHovered()) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    if (ImGui::IsItemActive() || ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
      pixel_col_ = std::clamp(static_cast<int>((m.x - p0.x) / cs), 0, 27);
      pixel_row_ = std::clamp(static_cast<int>((m.y - p0.y) / cs), 0, 27);
    }
  }
  const int r0 = fw.indices.front() / kInputSide, c0 = fw.indices.front() % kInputSide;
  dl->AddRect(ImVec2(p0.x + c0 * cs, p0.y + r0 * cs), ImVec2(p0.x + (c0 + K) * cs, p0.y + (r0 + K) * cs),
              ImGui::GetColorU32(kWindowBlue), 2, 0, 2.5f);
  auto mark = [&](int idx, ImVec4 col) {
    if (idx < 0) return;
    const int r = idx / kInputSide, c = idx % kInputSide;
    dl->AddRect(ImVec2(p0.x + c * cs, p0.y + r * cs), ImVec2(p0.x + (c + 1) * cs, p0.y + (r + 1) * cs),
                ImGui::GetColorU32(col), 0, 0, 2.0f);
  };
  mark(sel, kOutputOrange);
  mark(fw.right, kMaxGreen);
  mark(fw.below, kMaxGreen);
  ImGui::TextColored(kMuted, "%s", tr("lesson.fc.click"));
  ImGui::EndGroup();

  // The facts beside the image where a readable column fits, under it where not (a phone).
  same_line_if_fits(260, 30);
  ImGui::BeginGroup();
  ctx.heading(tr("lesson.fc.facts_title"));
  char buf[256];
  // A 430 px column, or to the panel's visible edge when the frame is narrower.
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + std::min(430.0f, ImGui::GetContentRegionAvail().x));
  std::snprintf(buf, sizeof buf, tr("lesson.fc.pixel"), pixel_row_, pixel_col_, sel);
  ImGui::TextColored(kOutputOrange, "%s", buf);
  if (fw.right >= 0) {
    std::snprintf(buf, sizeof buf, tr("lesson.fc.right"), fw.right, fw.right - sel);
    ImGui::TextColored(kMaxGreen, "%s", buf);
  }
  if (fw.below >= 0) {
    std::snprintf(buf, sizeof buf, tr("lesson.fc.below"), fw.below, fw.below - sel);
    ImGui::TextColored(kMaxGreen, "%s", buf);
  }
  std::snprintf(buf, sizeof buf, tr("lesson.fc.window"), K, K, static_cast<int>(fw.indices.size()), fw.span,
                static_cast<int>(row.size()));
  ImGui::TextColored(kWindowBlue, "%s", buf);
  ImGui::Spacing();
  ImGui::TextWrapped("%s", tr("lesson.fc.shape"));  // within the column above
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();

  // The same 784 values in one row, as the first Affine layer receives them.
  ImGui::Spacing();
  std::snprintf(buf, sizeof buf, tr("lesson.fc.row_title"), static_cast<int>(row.size()));
  ctx.heading(buf);
  const float avail = ImGui::GetContentRegionAvail().x - 4;
  const float bw = std::max(0.25f, avail / static_cast<float>(row.size()));  // under a pixel each in a narrow frame
  const ImVec2 q = ImGui::GetCursorScreenPos();
  const float h = 34;
  for (std::size_t i = 0; i < row.size(); ++i) {
    const int g = static_cast<int>(std::clamp(row[i], 0.0f, 1.0f) * 235 + 20);
    dl->AddRectFilled(ImVec2(q.x + i * bw, q.y), ImVec2(q.x + (i + 1) * bw, q.y + h), IM_COL32(g, g, g, 255));
  }
  for (int idx : fw.indices)
    dl->AddRectFilled(ImVec2(q.x + idx * bw, q.y + h + 2), ImVec2(q.x + (idx + 1) * bw, q.y + h + 10),
                      ImGui::GetColorU32(kWindowBlue));
  for (int idx : {fw.right, fw.below})
    if (idx >= 0)
      dl->AddRectFilled(ImVec2(q.x + idx * bw, q.y - 8), ImVec2(q.x + (idx + 1) * bw + 1, q.y - 1),
                        ImGui::GetColorU32(kMaxGreen));
  dl->AddRectFilled(ImVec2(q.x + sel * bw, q.y - 8), ImVec2(q.x + (sel + 1) * bw + 1, q.y + h),
                    ImGui::GetColorU32(kOutputOrange));
  ImGui::Dummy(ImVec2(row.size() * bw, h + 12));
  ImGui::TextColored(kMuted, "0");
  char last_index[16];
  std::snprintf(last_index, sizeof last_index, "%d", static_cast<int>(row.size()) - 1);
  // Right-aligned under the row's end (window-local x, as SameLine takes it).
  ImGui::SameLine(q.x - ImGui::GetWindowPos().x + ImGui::GetScrollX() + row.size() * bw -
                  ImGui::CalcTextSize(last_index).x);
  ImGui::TextColored(kMuted, "%s", last_index);

  // Zoom: the part of the row the window's pixels fall into.
  ImGui::Spacing();
  std::snprintf(buf, sizeof buf, tr("lesson.fc.zoom"), fw.indices.front(), fw.indices.back());
  ctx.heading(buf);
  const int first = fw.indices.front(), last = fw.indices.back();
  const float zw = std::max(1.5f, std::min(9.0f, avail / (last - first + 1)));
  const ImVec2 z = ImGui::GetCursorScreenPos();
  for (int i = first; i <= last; ++i) {
    const int g = static_cast<int>(std::clamp(row[i], 0.0f, 1.0f) * 235 + 20);
    const float x = z.x + (i - first) * zw;
    dl->AddRectFilled(ImVec2(x, z.y), ImVec2(x + zw - 1, z.y + 28), IM_COL32(g, g, g, 255));
    if (std::find(fw.indices.begin(), fw.indices.end(), i) != fw.indices.end())
      dl->AddRectFilled(ImVec2(x, z.y + 30), ImVec2(x + zw - 1, z.y + 37), ImGui::GetColorU32(kWindowBlue));
    if (i == sel) dl->AddRect(ImVec2(x - 1, z.y - 1), ImVec2(x + zw, z.y + 29), ImGui::GetColorU32(kOutputOrange), 0, 0, 2);
    if (i == fw.right || i == fw.below)
      dl->AddRect(ImVec2(x - 1, z.y - 1), ImVec2(x + zw, z.y + 29), ImGui::GetColorU32(kMaxGreen), 0, 0, 2);
  }
  ImGui::Dummy(ImVec2((last - first + 1) * zw, 40));
  explain(tr("lesson.fc.conv_keeps"));
}

std::unique_ptr<LessonPanel> make_fully_connected_panel(lesson::ConvSetup& /*example*/) { return std::make_unique<FullyConnectedPanel>(); }

}  // namespace app
