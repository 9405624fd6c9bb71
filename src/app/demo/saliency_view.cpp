#include "app/demo/saliency_view.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>

#include "app/ui/i18n.h"
#include "app/ui/style.h"

namespace app {

namespace {
// The share of one frame the occlusion map may take (a 60 Hz frame is 16.7 ms).
constexpr double kBudgetMs = 5.0;
constexpr int kSliceImages = 16;

double now_ms() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
}  // namespace

void SaliencyView::overlay(Model& model, bool drawing, bool empty) {
  if (!on || !model.loaded()) return;
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  waiting_ = drawing;
  if (!drawing && !empty) {
    engine_.request(model.net(), request);  // nothing happens when the map is already the current one
    const double t0 = now_ms();
    while (!engine_.done() && now_ms() - t0 < kBudgetMs) engine_.step(kSliceImages);
  }
  const std::vector<float>& map = engine_.map();
  if (empty || map.empty()) return;
  const cnn::Shape in = model.net().input_shape();
  const int H = in[1], W = in[2];
  if (static_cast<int>(map.size()) != H * W) return;
  float peak = 0;
  for (float v : map) peak = std::max(peak, std::fabs(v));
  if (peak <= 0) return;
  const float dim = engine_.stale() || waiting_ ? 0.45f : 1.0f;  // an earlier drawing's map, faded
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float cw = (b.x - a.x) / W, ch = (b.y - a.y) / H;
  for (int r = 0; r < H; ++r)
    for (int c = 0; c < W; ++c) {
      const float v = map[r * W + c] / peak;
      const float alpha = std::min(1.0f, std::fabs(v)) * 0.8f * dim;
      if (alpha < 0.03f) continue;
      const ImU32 col = v > 0 ? ImGui::GetColorU32(ImVec4(0.95f, 0.25f, 0.2f, alpha))
                              : ImGui::GetColorU32(ImVec4(0.25f, 0.5f, 1.0f, alpha));
      dl->AddRectFilled(ImVec2(a.x + c * cw, a.y + r * ch), ImVec2(a.x + (c + 1) * cw, a.y + (r + 1) * ch), col);
    }
}

void SaliencyView::controls(const Model& model, float width) {
  ImGui::PushID("##why");
  const std::string show = std::string(tr("why.show")) + "###why_on";
  ImGui::Checkbox(show.c_str(), &on);
  // Radio buttons side by side while they fit in `width` (the column the layout planned),
  // one under the other where not: a wider row would push the prediction past the frame's edge.
  const float right = ImGui::GetCursorScreenPos().x + width;
  auto beside_if_fits = [&](const char* label) {
    const ImGuiStyle& st = ImGui::GetStyle();
    const float w = ImGui::GetFrameHeight() + st.ItemInnerSpacing.x + ImGui::CalcTextSize(label, nullptr, true).x;
    if (ImGui::GetItemRectMax().x + st.ItemSpacing.x + w <= right) ImGui::SameLine();
  };
  if (on && model.loaded()) {
    int method = request.method == SaliencyMethod::Occlusion ? 0 : 1;
    ImGui::RadioButton(tr("why.occlusion"), &method, 0);
    beside_if_fits(tr("why.gradient"));
    ImGui::RadioButton(tr("why.gradient"), &method, 1);
    request.method = method == 0 ? SaliencyMethod::Occlusion : SaliencyMethod::Gradient;
    if (request.method == SaliencyMethod::Occlusion) {
      for (int p : kSaliencyPatches) {
        char label[32];
        std::snprintf(label, sizeof label, tr("why.patch"), p);
        if (p != kSaliencyPatches[0]) beside_if_fits(label);
        ImGui::RadioButton(label, &request.patch, p);
      }
    }
    const int classes = static_cast<int>(model.net().output_shape().back());
    char predicted[48];
    std::snprintf(predicted, sizeof predicted, tr("why.predicted"), model.label());
    const std::string current = request.label < 0 ? predicted : std::to_string(request.label);
    ImGui::SetNextItemWidth(std::max(130.0f, std::min(width * 0.7f, 170.0f)));
    if (ImGui::BeginCombo(tr("why.class"), current.c_str())) {
      if (ImGui::Selectable(predicted, request.label < 0)) request.label = -1;
      for (int k = 0; k < classes; ++k)
        if (ImGui::Selectable(std::to_string(k).c_str(), request.label == k)) request.label = k;
      ImGui::EndCombo();
    }
    const int label = engine_.map_label() >= 0 ? engine_.map_label() : model.label();
    char caption[256];
    if (request.method == SaliencyMethod::Occlusion)
      std::snprintf(caption, sizeof caption, tr("why.caption_occlusion"), request.patch, request.patch, label);
    else
      std::snprintf(caption, sizeof caption, tr("why.caption_gradient"), label);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::TextDisabled("%s", caption);
    ImGui::TextDisabled("%s", tr("why.caveat"));
    if (busy()) ImGui::TextDisabled("%s", tr("why.computing"));
    ImGui::PopTextWrapPos();
  }
  ImGui::PopID();
}

}  // namespace app
