// The Demo tab: the drawing pad, what the network sees, the answer, the selected feature map and
// the pipeline, in the wide layout (show_demo) or, in narrow boxes (LMS frames, phones), the
// narrow one (show_demo_narrow, sizes from embed/layout.h). The views are demo/*_view.*.
#include <algorithm>
#include <cmath>

#include "app/app.h"
#include "app/demo/softmax_view.h"
#include "app/embed/layout.h"
#include "app/ui/i18n.h"
#include "imgui.h"

namespace app {

namespace {
// The right edge of the window's content, in screen pixels.
float right_edge() { return ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x; }
}  // namespace

void App::show_pad(float size, bool with_hint) {
  pad_.show(renderer_, size);
  if (ImGui::IsItemActivated()) ui_.sample_index = -1;  // drawing over a real digit makes it a drawing
  update();  // the views below show this frame's drawing
  const ImGuiStyle& style = ImGui::GetStyle();
  const float clear_w = std::max(96.0f, ImGui::CalcTextSize(tr("pad.clear")).x + 2 * style.FramePadding.x);
  const float sample_w = ImGui::CalcTextSize(tr("pad.sample")).x + 2 * style.FramePadding.x;
  if (ImGui::Button(tr("pad.clear"), ImVec2(clear_w, 0))) clear();
  if (clear_w + sample_w + style.ItemSpacing.x <= size) ImGui::SameLine();  // else one under the other
  ImGui::BeginDisabled(samples_.empty());
  if (ImGui::Button(tr("pad.sample"))) {
    sample_rng_ = sample_rng_ * 1664525u + 1013904223u;
    load_sample(static_cast<int>((sample_rng_ >> 8) % samples_.size()));
  }
  ImGui::EndDisabled();
  if (with_hint) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + size);  // the column is as wide as the pad
    if (ui_.sample_index >= 0)
      ImGui::TextDisabled(tr("pad.sample_label"), ui_.sample_label);
    else
      ImGui::TextDisabled("%s", tr("pad.hint"));
    ImGui::PopTextWrapPos();
  }
  if (!ImGui::GetIO().WantTextInput &&
      (ImGui::IsKeyPressed(ImGuiKey_Backspace, false) || ImGui::IsKeyPressed(ImGuiKey_Delete, false)))
    clear();
}

// The model switch: one radio button per compiled-in model (models_), "SimpleConvNet" / "Two
// stages"; the choice takes effect at the start of the next frame (request_model), so this
// frame's views still read the network they started with.
void App::show_model_switch() {
  const std::vector<ShippedModel>& models = this->models();
  if (models.size() < 2) return;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr("model.switch"));
  model_button_rects_.assign(models.size(), ScreenRect{});
  const ImGuiStyle& style = ImGui::GetStyle();
  for (std::size_t i = 0; i < models.size(); ++i) {
    const std::string key = std::string("model.") + models[i].name;
    const std::string label = std::string(tr(key.c_str())) + "###model_" + models[i].name;
    // On this line when it fits, else on the next (nothing is cut off at the right edge).
    const float w = ImGui::GetFrameHeight() + style.ItemInnerSpacing.x + ImGui::CalcTextSize(tr(key.c_str())).x;
    if (ImGui::GetItemRectMax().x + style.ItemSpacing.x + w <= right_edge()) ImGui::SameLine();
    const bool shown = static_cast<int>(i) == model_index_ && !train_.showing_trained();
    if (ImGui::RadioButton(label.c_str(), shown) && !shown) request_model(static_cast<int>(i));
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    model_button_rects_[i] = {a.x, a.y, b.x - a.x, b.y - a.y};
  }
  // A model fetched on demand: its progress while it downloads, or why it failed and a retry.
  const int busy = shelf_.busy();
  if (busy < 0) return;
  const std::string words = shelf_.message(busy);
  const bool failed = shelf_.state(busy) == ModelShelf::State::Failed;
  if (ImGui::GetItemRectMax().x + 24 + ImGui::CalcTextSize(words.c_str()).x <= right_edge() && !failed) ImGui::SameLine(0, 24);
  if (failed) {
    ImGui::PushTextWrapPos(right_edge());
    ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.40f, 1.0f), "%s", words.c_str());
    ImGui::PopTextWrapPos();
    if (ImGui::Button(tr("model.retry"))) request_model(busy);
  } else {
    ImGui::TextDisabled("%s", words.c_str());
  }
}

void App::show_demo() {
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  if (use_narrow_layout(avail.x)) return show_demo_narrow();  // iframes, phones
  const float gap = std::clamp(avail.x * 0.025f, 16.0f, 36.0f);  // between the columns of the top row
  // Sizes: the pad gets the most room; the top row leaves at least ~220 px for the pipeline.
  const float pad_size = std::floor(std::clamp(std::min(avail.y * (avail.y < 700 ? 0.38f : 0.44f), avail.x * 0.28f), 180.0f, 420.0f));
  const float seen_size = std::max(140.0f, std::floor(pad_size * 0.6f / kInputSide) * kInputSide);  // whole pixels per input pixel
  const float col2_w = std::max(seen_size, 190.0f);
  const float digit_w = 100.0f;
  // The bars take what the other columns leave (their labels and percentages included).
  const float bars_w = std::clamp(std::min(avail.x * 0.17f, avail.x - pad_size - col2_w - digit_w - 3 * gap - 24),
                                  140.0f, 280.0f);
  const float detail_w = avail.x - pad_size - col2_w - digit_w - bars_w - 3 * gap - 16;
  const bool detail_beside = detail_w >= 260;  // otherwise it goes under the 28×28 image

  // 1. Drawing pad, Clear, a real digit.
  ImGui::BeginGroup();
  heading(tr("pad.title"));
  show_pad(pad_size, /*with_hint=*/true);
  ImGui::EndGroup();

  // 2. What the network sees.
  ImGui::SameLine(0, gap);
  ImGui::BeginGroup();
  heading(tr("input.title"));
  pipeline_.show_input(renderer_, model_, ui_, seen_size);
  explain_.saliency.overlay(model_, ImGui::IsMouseDown(ImGuiMouseButton_Left), pad_empty_);  // "why this digit"
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + col2_w);
  ImGui::TextDisabled("%s", tr("input.caption"));
  ImGui::PopTextWrapPos();
  explain_.saliency.controls(model_, col2_w);
  if (!detail_beside) {
    ImGui::Dummy(ImVec2(col2_w, 6));
    pipeline_.show_detail(renderer_, model_, ui_, std::floor(col2_w * 0.55f), col2_w);
    if (explain_.intervene.show(model_, ui_, col2_w)) model_changed();  // the filter switch
    explain_.crops.show(model_, ui_, samples_, pad_drawing(), col2_w);  // what the channel looks for
  }
  ImGui::Dummy(ImVec2(col2_w, 0));
  ImGui::EndGroup();

  // 3. The answer: the digit in large type next to the ten softmax bars.
  ImGui::SameLine(0, gap);
  ImGui::BeginGroup();
  heading(tr("result.title"));
  ImGui::BeginGroup();
  show_prediction_headline(current_label(), pad_probs_, fonts_.big);
  ImGui::Dummy(ImVec2(digit_w, 0));
  ImGui::EndGroup();
  ImGui::SameLine(0, 8);
  ImGui::BeginGroup();
  show_softmax_bars(current_label(), pad_probs_, bars_w, std::clamp(pad_size / 10.0f - 2, 20.0f, 34.0f));
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + bars_w);
  ImGui::TextDisabled("%s", tr("softmax.caption"));
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
  ImGui::EndGroup();

  // The selected feature map with its filter.
  if (detail_beside) {
    ImGui::SameLine(0, gap);
    ImGui::BeginGroup();
    heading(tr("detail.heading"));
    pipeline_.show_detail(renderer_, model_, ui_, std::min(std::floor(detail_w * 0.55f), pad_size * 0.6f), detail_w);
    if (explain_.intervene.show(model_, ui_, detail_w)) model_changed();  // the filter switch
    explain_.crops.show(model_, ui_, samples_, pad_drawing(), detail_w);  // what the channel looks for
    ImGui::EndGroup();
  }

  ImGui::Dummy(ImVec2(0, 4));
  ImGui::Separator();
  ImGui::Dummy(ImVec2(0, 2));
  heading(tr("pipeline.title"));
  ImGui::SameLine(0, 24);
  show_model_switch();
  if (ImGui::GetItemRectMax().x + 24 + ImGui::CalcTextSize(tr("pipeline.hint")).x <= right_edge()) {
    ImGui::SameLine(0, 24);
    ImGui::TextDisabled("%s", tr("pipeline.hint"));
  }
  // The colour key and the grid switch: on the same line when they fit.
  ImGui::SameLine(0, 24);
  if (ImGui::GetContentRegionAvail().x < 430) ImGui::NewLine();
  pipeline_.show_legend(renderer_);
  ImGui::SameLine(0, 24);
  ImGui::Checkbox(tr("view.grid"), &ui_.grid_lines);
  pipeline_.show(renderer_, model_, ui_, pad_empty_, std::max(170.0f, ImGui::GetContentRegionAvail().y - 4));
}

// Narrow boxes (< kNarrowWidth): [pad | prediction], then what the network sees with the
// detail panel, then the pipeline; the same widgets as show_demo().
void App::show_demo_narrow() {
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const NarrowDemoLayout l = narrow_demo_layout(avail.x, avail.y);

  // 1. Drawing pad, Clear, a real digit.
  ImGui::BeginGroup();
  heading(tr("pad.title"));
  show_pad(l.pad_size, /*with_hint=*/true);
  ImGui::Dummy(ImVec2(l.pad_size, 0));
  ImGui::EndGroup();

  // 3. The answer beside the pad: the digit above the ten bars.
  ImGui::SameLine(0, l.gap);
  ImGui::BeginGroup();
  heading(tr("result.title"));
  show_prediction_headline(current_label(), pad_probs_, fonts_.big);
  show_softmax_bars(current_label(), pad_probs_, l.bars_w, l.bar_row_h);
  ImGui::EndGroup();

  // 2. What the network sees, and the selected feature map.
  ImGui::Dummy(ImVec2(0, 4));
  heading(tr("input.title"));
  ImGui::BeginGroup();
  pipeline_.show_input(renderer_, model_, ui_, l.seen_size);
  explain_.saliency.overlay(model_, ImGui::IsMouseDown(ImGuiMouseButton_Left), pad_empty_);  // "why this digit"
  explain_.saliency.controls(model_, l.seen_size);
  ImGui::EndGroup();
  const float detail_w = avail.x - l.seen_size - l.gap;
  if (detail_w >= 150) {
    ImGui::SameLine(0, l.gap);
    ImGui::BeginGroup();
    pipeline_.show_detail(renderer_, model_, ui_, std::floor(std::min(detail_w * 0.5f, l.seen_size)), detail_w);
    if (explain_.intervene.show(model_, ui_, detail_w)) model_changed();  // the filter switch
    explain_.crops.show(model_, ui_, samples_, pad_drawing(), detail_w);  // what the channel looks for
    ImGui::EndGroup();
  }

  // 4. The pipeline: a horizontal strip, scrolled inside its own child.
  ImGui::Dummy(ImVec2(0, 2));
  ImGui::Separator();
  heading(tr("pipeline.title"));
  show_model_switch();
  ImGui::Checkbox(tr("view.grid"), &ui_.grid_lines);
  pipeline_.show(renderer_, model_, ui_, pad_empty_, std::max(170.0f, ImGui::GetContentRegionAvail().y - 4));
}

}  // namespace app
