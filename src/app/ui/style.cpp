#include "app/ui/style.h"

namespace app {

void apply_theme(const Theme& t) {
  ImGui::StyleColorsDark();
  ImGuiStyle& s = ImGui::GetStyle();
  s.WindowPadding = ImVec2(t.window_padding_x, t.window_padding_y);
  s.FramePadding = ImVec2(t.frame_padding_x, t.frame_padding_y);
  s.ItemSpacing = ImVec2(t.item_spacing_x, t.item_spacing_y);
  s.FrameRounding = s.GrabRounding = s.TabRounding = t.rounding;
  s.WindowBorderSize = 0;
  // Which of ImGui's colours each theme colour paints.
  const struct { ImGuiCol slot; Rgb rgb; } slots[] = {
      {ImGuiCol_WindowBg, t.window},      {ImGuiCol_Text, t.text},     {ImGuiCol_TextDisabled, t.text_disabled},
      {ImGuiCol_Border, t.border},        {ImGuiCol_FrameBg, t.frame}, {ImGuiCol_Button, t.button},
      {ImGuiCol_ButtonHovered, t.button_hovered}, {ImGuiCol_ButtonActive, t.accent}, {ImGuiCol_Tab, t.tab},
      {ImGuiCol_TabActive, t.button},     {ImGuiCol_TabHovered, t.button_hovered}, {ImGuiCol_Separator, t.separator}};
  for (const auto& sl : slots) s.Colors[sl.slot] = colour(sl.rgb);
}

}  // namespace app
