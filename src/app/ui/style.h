// The theme (ui/theme.h) in ImGui's terms: apply_theme() sets ImGui's style from it once at
// start-up (src/web/main.cpp); the views take their colours through colour() / colour_u32().
#pragma once
#include "app/ui/theme.h"
#include "imgui.h"

namespace app {

void apply_theme(const Theme& theme = kTheme);
inline ImVec4 colour(Rgb c, float alpha = 1.0f) { return ImVec4(c.r, c.g, c.b, alpha); }
inline ImU32 colour_u32(Rgb c, float alpha = 1.0f) { return ImGui::GetColorU32(colour(c, alpha)); }

}  // namespace app
