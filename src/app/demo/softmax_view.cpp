#include "app/demo/softmax_view.h"

#include <algorithm>
#include <cstdio>

#include "app/demo/prediction.h"
#include "app/ui/i18n.h"
#include "app/ui/style.h"
#include "imgui.h"

namespace app {

namespace {
const ImVec4 kAccent = colour(kTheme.accent);  // the predicted class everywhere
}

void show_prediction_headline(int label, const std::array<float, 10>& probs, ImFont* big_font) {
  if (big_font) ImGui::PushFont(big_font);
  const float big_h = ImGui::GetTextLineHeight();
  if (label >= 0) ImGui::TextColored(kAccent, "%d", label);
  if (big_font) ImGui::PopFont();
  if (label == kNoAnswer) {  // the network's output was not finite: words, no number (the whole
    // sentence, result.not_finite, is in #prediction and the screen description; the big font
    // has only digits)
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + 100.0f);
    ImGui::TextColored(kAccent, "%s", tr("result.not_finite_short"));
    ImGui::PopTextWrapPos();
    return;
  }
  if (label < 0) {
    // Same height as the digit, so the layout does not jump when the answer appears.
    ImGui::Dummy(ImVec2(0, big_h * 0.35f));
    ImGui::TextDisabled("%s", tr("result.empty"));
    ImGui::Dummy(ImVec2(0, big_h * 0.65f - ImGui::GetTextLineHeight() - ImGui::GetStyle().ItemSpacing.y));
    return;
  }
  ImGui::Text(tr("result.confidence"), probs[label] * 100.0f);
}

void show_softmax_bars(int label, const std::array<float, 10>& probs, float width, float row_height, int columns) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float row_h = std::max(row_height, ImGui::GetTextLineHeight() + 2.0f);
  const int cols = std::clamp(columns, 1, 10), per = (10 + cols - 1) / cols;
  const float gap = cols > 1 ? kBarColumnGap : 0.0f, col_w = (width - (cols - 1) * gap) / cols;
  const float label_w = ImGui::CalcTextSize("0").x + 12.0f, pct_w = ImGui::CalcTextSize("100.0%").x + 8.0f;
  const float bar_w = col_w - label_w - pct_w;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  for (int d = 0; d < 10; ++d) {
    const ImVec2 p(origin.x + (d / per) * (col_w + gap), origin.y + (d % per) * row_h);
    const bool top = d == label;
    const float v = label < 0 ? 0.0f : probs[d];
    const ImU32 text = ImGui::GetColorU32(top ? kAccent : ImGui::GetStyleColorVec4(ImGuiCol_Text));
    char buf[16];
    std::snprintf(buf, sizeof buf, "%d", d);
    const float ty = p.y + (row_h - ImGui::GetTextLineHeight()) / 2;
    dl->AddText(ImVec2(p.x + 2, ty), text, buf);
    const ImVec2 b0(p.x + label_w, p.y + 3), b1(p.x + label_w + bar_w, p.y + row_h - 3);
    dl->AddRectFilled(b0, b1, ImGui::GetColorU32(ImGuiCol_FrameBg), 3.0f);
    if (v > 0)
      dl->AddRectFilled(b0, ImVec2(b0.x + bar_w * v, b1.y),
                        top ? ImGui::GetColorU32(kAccent) : colour_u32(kTheme.bar),
                        3.0f);
    std::snprintf(buf, sizeof buf, "%.1f%%", v * 100.0f);
    dl->AddText(ImVec2(b1.x + 6, ty), text, buf);
  }
  ImGui::Dummy(ImVec2(width, per * row_h));
}

}  // namespace app
