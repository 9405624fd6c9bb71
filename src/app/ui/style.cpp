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
  ImVec4* c = s.Colors;
  c[ImGuiCol_WindowBg] = colour(t.window);
  c[ImGuiCol_Text] = colour(t.text);
  c[ImGuiCol_TextDisabled] = colour(t.text_disabled);
  c[ImGuiCol_Border] = colour(t.border);
  c[ImGuiCol_FrameBg] = colour(t.frame);
  c[ImGuiCol_Button] = colour(t.button);
  c[ImGuiCol_ButtonHovered] = colour(t.button_hovered);
  c[ImGuiCol_ButtonActive] = colour(t.accent);
  c[ImGuiCol_Tab] = colour(t.tab);
  c[ImGuiCol_TabActive] = colour(t.button);
  c[ImGuiCol_TabHovered] = colour(t.button_hovered);
  c[ImGuiCol_Separator] = colour(t.separator);
}

}  // namespace app
