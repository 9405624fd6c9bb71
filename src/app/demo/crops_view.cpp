#include "app/demo/crops_view.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "app/ui/i18n.h"
#include "app/ui/style.h"
#include "imgui.h"

namespace app {

void draw_crops(const CropSet& set, const std::vector<SampleDigit>& samples, const float* drawing, float box, float width) {
  if (set.crops.empty() || set.field_h <= 0) return;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float px = box / static_cast<float>(std::max(set.field_h, set.field_w));
  const float gap = 8, label_h = ImGui::GetTextLineHeight();
  float x = 0;
  for (std::size_t i = 0; i < set.crops.size(); ++i) {
    const cnn::TopActivation& t = set.crops[i];
    const bool is_drawing = t.image >= set.samples;
    const float* image = is_drawing ? drawing : samples[t.image].pixels.data();
    if (!image) continue;
    if (i > 0 && x + gap + box <= width) {
      ImGui::SameLine(0, gap);
      x += gap;
    } else if (i > 0) {
      x = 0;
    }
    x += box;
    ImGui::BeginGroup();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    // The field's rows start_h + y·jump_h .. + size_h; what lies outside the image is padding.
    const int fy0 = set.field.start_h + t.y * set.field.jump_h, fx0 = set.field.start_w + t.x * set.field.jump_w;
    dl->AddRectFilled(p, ImVec2(p.x + set.field_w * px, p.y + set.field_h * px), colour_u32(kTheme.frame));
    for (int r = t.rect.y0; r < t.rect.y1; ++r)
      for (int c = t.rect.x0; c < t.rect.x1; ++c) {
        const float v = std::clamp(image[r * kInputSide + c], 0.0f, 1.0f);
        const int g = static_cast<int>(v * 255.0f + 0.5f);
        const ImVec2 a(p.x + (c - fx0) * px, p.y + (r - fy0) * px);
        dl->AddRectFilled(a, ImVec2(a.x + px, a.y + px), IM_COL32(g, g, g, 255));
      }
    const bool in_pad = static_cast<int>(t.image) == set.pad_image;
    dl->AddRect(ImVec2(p.x - 1, p.y - 1), ImVec2(p.x + set.field_w * px + 1, p.y + set.field_h * px + 1),
                colour_u32(in_pad ? kTheme.accent : kTheme.border), 0, 0, in_pad ? 2.5f : 1.0f);
    ImGui::PushID(static_cast<int>(i));
    ImGui::InvisibleButton("##crop", ImVec2(box, box));
    if (ImGui::IsItemHovered()) {
      if (is_drawing)
        ImGui::SetTooltip(tr("crops.tip_drawing"), t.y, t.x, t.value, t.rect.y1 - t.rect.y0, t.rect.x1 - t.rect.x0);
      else
        ImGui::SetTooltip(tr("crops.tip_sample"), t.image, samples[t.image].label, t.y, t.x, t.value,
                          t.rect.y1 - t.rect.y0, t.rect.x1 - t.rect.x0);
    }
    ImGui::PopID();
    char label[64];  // whose image (the digit's label, or "yours"), then the value when there is room
    const char* fmt = ImGui::CalcTextSize("\"0\" 0.00").x <= box + gap - 2 ? "\"%d\" %.2f" : "\"%d\"";
    if (is_drawing)
      std::snprintf(label, sizeof label, "%s", tr("crops.yours"));
    else
      std::snprintf(label, sizeof label, fmt, samples[t.image].label, t.value);
    ImGui::PushStyleColor(ImGuiCol_Text, in_pad ? colour(kTheme.accent) : colour(kTheme.muted));
    // the label within the box's width (a longer one is cut, not spilled onto the next crop)
    ImGui::PushClipRect(ImGui::GetCursorScreenPos(),
                        ImVec2(ImGui::GetCursorScreenPos().x + box + gap - 2, ImGui::GetCursorScreenPos().y + label_h + 2), true);
    ImGui::TextUnformatted(label);
    ImGui::PopClipRect();
    ImGui::PopStyleColor();
    ImGui::EndGroup();
  }
}

void CropsView::show(Model& model, const UiState& ui, const std::vector<SampleDigit>& samples, const float* drawing,
                     float width) {
  if (!model.loaded() || samples.empty() || ui.selected_layer < 0) return;
  cnn::Network& net = model.net();
  if (!ChannelCrops::check(net, ui.selected_layer, ui.selected_channel).empty()) return;
  const CropSet& set = crops_.get(net, ui.selected_layer, ui.selected_channel, samples, drawing, ui.sample_index);
  // within the window's visible part (its content region may be wider: it can scroll sideways)
  const float visible = ImGui::GetWindowPos().x + ImGui::GetWindowWidth() - ImGui::GetStyle().WindowPadding.x -
                        ImGui::GetStyle().ScrollbarSize - ImGui::GetCursorScreenPos().x;
  width = std::min({width, ImGui::GetContentRegionAvail().x, visible});
  ImGui::Dummy(ImVec2(0, 2));
  const int conv = std::string(net.layer(set.stage).kind()) == "Convolution" ? set.stage : set.stage - 1;
  ImGui::Text(tr("crops.title"), ui.selected_channel, net.layer(conv).name().c_str());
  // six in a row when they fit, at most 40 px each (the pipeline below keeps its room); else wrapped
  const float box = std::floor(std::clamp((width - 5 * 8) / ChannelCrops::kCount, 30.0f, 40.0f));
  draw_crops(set, samples, drawing, box, width);
  // one short line; the whole caption on hover
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::TextDisabled(tr("crops.short"), set.samples, set.field_h, set.field_w);
  ImGui::PopTextWrapPos();
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 24);
    ImGui::Text(tr("crops.caption"), set.samples, set.field_h, set.field_w);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

}  // namespace app
