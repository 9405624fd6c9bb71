#include "app/demo/intervene_view.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "app/ui/i18n.h"
#include "imgui.h"

namespace app {

bool InterveneView::show(Model& model, const UiState& ui, float width) {
  if (!model.loaded() || ui.selected_layer < 0) return false;
  cnn::Network& net = model.net();
  // The first layer's filter behind the selected map: the map is that layer's output, or a
  // later stage that keeps its channels (ReLU, pooling) before another layer mixes them.
  if (std::string(net.layer(0).kind()) != "Convolution" || ui.selected_layer >= static_cast<int>(net.size())) return false;
  for (int j = ui.selected_layer; j > 0; --j)
    if (std::string(net.layer(j).kind()) == "Convolution" || net.layer_output_shape(j).size() != 3) return false;
  const int filter = ui.selected_channel;
  if (!FilterEdits::check(net, 0, filter).empty()) return false;
  bool changed = false;
  ImGui::PushID("##intervene");
  ImGui::TextDisabled("%s", tr("intervene.title"));
  float x = 0;
  width = std::min(width, ImGui::GetContentRegionAvail().x);
  const ImGuiStyle& style = ImGui::GetStyle();
  auto button = [&](const char* label) {  // buttons in rows that fit `width`
    const float w = ImGui::CalcTextSize(label).x + 2 * style.FramePadding.x;
    if (x > 0 && x + style.ItemSpacing.x + w <= width)
      ImGui::SameLine();
    else
      x = 0;
    x += (x > 0 ? style.ItemSpacing.x : 0) + w;
    return ImGui::Button(label);
  };
  for (int p = 0; p < kFilterPresetCount; ++p)
    if (button(tr(preset_key(static_cast<FilterPreset>(p)))))
      changed |= edits_.set_preset(net, 0, filter, static_cast<FilterPreset>(p)).empty();
  ImGui::BeginDisabled(!edits_.edited(0, filter));
  if (button(tr("intervene.restore"))) {
    edits_.restore(net, 0, filter);
    changed = true;
  }
  ImGui::EndDisabled();
  if (edits_.count() > (edits_.edited(0, filter) ? 1 : 0)) {
    char label[64];
    std::snprintf(label, sizeof label, tr("intervene.restore_all"), edits_.count());
    if (button(label)) {
      edits_.restore_all(net);
      changed = true;
    }
  }
  if (edits_.edited(0, filter)) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::TextDisabled(tr("intervene.edited"), filter);
    ImGui::PopTextWrapPos();
  }
  ImGui::PopID();
  return changed;
}

}  // namespace app
