#include "app/ui/widgets.h"

#include <cstring>

#include "app/ui/text_wrap.h"

namespace app {

void text_wrapped_at_spaces(const char* text, bool disabled) {
  const float avail = ImGui::GetContentRegionAvail().x;
  if (disabled) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  // The lines of one text as close as ImGui's own wrapped lines; the usual spacing after the last.
  const char* a0 = nullptr;
  const char* b0 = nullptr;
  const ImVec2 tight(ImGui::GetStyle().ItemSpacing.x, 0);
  break_at_spaces(
      text, avail > 120.0f ? avail : 120.0f, [](const char* a, const char* b) { return ImGui::CalcTextSize(a, b).x; },
      [&](const char* a, const char* b) {
        if (a0) {
          ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, tight);
          ImGui::TextUnformatted(a0, b0);
          ImGui::PopStyleVar();
        }
        a0 = a, b0 = b;
      });
  ImGui::TextUnformatted(a0 ? a0 : text, a0 ? b0 : text);
  if (disabled) ImGui::PopStyleColor();
}

bool wide_button(const char* label) {
  const ImGuiStyle& st = ImGui::GetStyle();
  const float w = ImGui::GetContentRegionAvail().x;
  const float inner = w - 2 * st.FramePadding.x;
  if (ImGui::CalcTextSize(label, nullptr, true).x <= inner) return ImGui::Button(label, ImVec2(-1, 0));
  // The button keeps its label (its ID); the label is drawn wrapped over it instead.
  const char* end = std::strstr(label, "##");  // ImGui shows a label up to its "##"
  const ImVec2 ts = ImGui::CalcTextSize(label, end, false, inner);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(0, 0, 0, 0));
  const bool pressed = ImGui::Button(label, ImVec2(w, ts.y + 2 * st.FramePadding.y));
  ImGui::PopStyleColor();
  ImGui::GetWindowDrawList()->AddText(nullptr, 0, ImVec2(p.x + (w - ts.x) / 2, p.y + st.FramePadding.y),
                                      ImGui::GetColorU32(ImGuiCol_Text), label, end, inner);
  return pressed;
}

}  // namespace app
