// The App parts that embedding needs (an LMS iframe, a phone): the Demo tab's narrow layout,
// the URL options / host messages (one tab only, open a lesson panel), and a plain-text
// description of the screen for screen readers (src/web/embed_exports.cpp sends it to the
// page's #screen-description; in the Lesson tab LessonView::description() words it).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "app/app.h"
#include "app/ui/i18n.h"
#include "app/lesson/lesson_view.h"
#include "app/embed/layout.h"
#include "app/demo/softmax_view.h"
#include "imgui.h"

namespace app {

void App::show_only_tab(int tab) {
  if (tab < 0) {
    ui_.only_tab = -1;
    return;
  }
  ui_.only_tab = tab;
  ui_.select_tab = tab;
}

void App::show_lesson_panel(int panel) {
  lesson_.set_panel(panel);
  if (ui_.only_tab < 0 || ui_.only_tab == static_cast<int>(Tab::Lesson)) ui_.select_tab = static_cast<int>(Tab::Lesson);
}

std::string App::screen_description() const {
  if (ui_.tab == Tab::Lesson) return lesson_.description();
  std::string text = prediction_text();
  if (ui_.sample_index >= 0) {
    char buf[96];
    std::snprintf(buf, sizeof buf, tr("pad.sample_label"), ui_.sample_label);
    text += ". ";
    text += buf;
  }
  return text;
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
  ImGui::EndGroup();
  const float detail_w = avail.x - l.seen_size - l.gap;
  if (detail_w >= 150) {
    ImGui::SameLine(0, l.gap);
    ImGui::BeginGroup();
    pipeline_.show_detail(renderer_, model_, ui_, std::floor(std::min(detail_w * 0.5f, l.seen_size)), detail_w);
    ImGui::EndGroup();
  }

  // 4. The pipeline: a horizontal strip, scrolled inside its own child.
  ImGui::Dummy(ImVec2(0, 2));
  ImGui::Separator();
  heading(tr("pipeline.title"));
  ImGui::Checkbox(tr("view.grid"), &ui_.grid_lines);
  pipeline_.show(renderer_, model_, ui_, pad_empty_, std::max(170.0f, ImGui::GetContentRegionAvail().y - 4));
}

}  // namespace app
