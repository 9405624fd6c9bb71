// The UI's fonts: DejaVu Sans regular and bold (subsets embedded by build_wasm.sh), with the
// Hangul of Noto Sans CJK KR merged into body, heading and title (Korean UI), rasterised
// at the device pixel ratio so text stays sharp on high-DPI screens.
#pragma once

struct ImFont;

namespace app {

struct UiFonts {
  ImFont* body = nullptr;     // 16 px
  ImFont* heading = nullptr;  // bold 17 px: section titles
  ImFont* title = nullptr;    // bold 24 px: the page title
  ImFont* big = nullptr;      // bold 96 px, digits only: the predicted class
};

// Adds the fonts to ImGui's atlas (call once, after ImGui::CreateContext()).
UiFonts load_ui_fonts(float pixel_ratio);

}  // namespace app
