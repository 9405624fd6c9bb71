// The Lesson tab's frame: the panel list (or, narrow, a drop-down), Previous / Next, the title
// and the panel shown. The panels are panel1_fully_connected.cpp … panel7_network.cpp.
#include "app/lesson/lesson_view.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>

#include "app/lesson/widgets.h"
#include "app/ui/i18n.h"
#include "app/ui/widgets.h"
#include "imgui.h"

namespace app {

namespace {
// A title or heading in its font, wrapped at the panel's edge (a phone is narrower than a title).
void wrapped_in(ImFont* font, const char* text) {
  if (font) ImGui::PushFont(font);
  push_wrap_at_visible_edge();
  ImGui::TextUnformatted(text);
  ImGui::PopTextWrapPos();
  if (font) ImGui::PopFont();
}
}  // namespace

void PanelContext::heading(const char* text) const { wrapped_in(fonts.heading, text); }

// The practice items' first numbers differ from page load to page load (std::random_device:
// the browser's crypto.getRandomValues); the embed page's ?seed= sets them (web/embed.js).
LessonView::LessonView() : practice_(std::random_device{}()) {
  for (int i = 0; i < kPanelCount; ++i) list_[i] = kPanelFactories[i](conv_example_);
}

bool LessonView::playing() const {
  return std::any_of(list_.begin(), list_.end(), [](const std::unique_ptr<LessonPanel>& p) { return p->playing(); });
}

std::string LessonView::description() const {
  const LessonPanel& p = *list_[panel_];
  char buf[512];
  std::snprintf(buf, sizeof buf, "%s %d / %d: %s.", tr("lesson.contents"), panel_ + 1, kPanelCount, tr(p.title_key()));
  std::string text = buf;
  const std::string more = p.description();
  if (!more.empty()) text += " " + more;
  // The last practice check on this panel, so that a screen reader hears its feedback.
  const std::string practice = practice_view_.announcement(practice_, panel_);
  if (!practice.empty()) text += " " + practice;
  return text;
}

LessonAction LessonView::show(Model& model, const float* pixels, bool pixels_empty, UiState& ui,
                              const UiFonts& fonts, const LessonModels& models) {
  LessonAction act;
  PanelContext ctx{model, pixels, pixels_empty, ui, fonts, act, models};
  auto label = [this](int i) {
    char buf[200];
    const lesson::PracticeScore s = practice_.score(i);
    if (s.total)  // the panel's practice score beside its title: "2. The convolution operation  1/2"
      std::snprintf(buf, sizeof buf, "%d. %s  %d/%d###panel%d", i + 1, tr(list_[i]->title_key()), s.correct, s.total, i);
    else
      std::snprintf(buf, sizeof buf, "%d. %s###panel%d", i + 1, tr(list_[i]->title_key()), i);
    return std::string(buf);
  };
  const lesson::PracticeScore total = practice_.total();
  char total_text[160];
  std::snprintf(total_text, sizeof total_text, tr("practice.total"), total.correct, total.asked, total.total);
  // The list is as wide as its longest entry ("6. im2col: unrolling the data  0/2"), 250 to 330 px.
  float longest = 0;
  for (int i = 0; i < kPanelCount; ++i) longest = std::max(longest, ImGui::CalcTextSize(label(i).c_str(), nullptr, true).x);
  const float list_w = std::clamp(std::ceil(longest + 2 * ImGui::GetStyle().WindowPadding.x + 8), 250.0f, 330.0f);
  if (ImGui::GetContentRegionAvail().x < list_w + 580) {
    // Narrow (a phone, an LMS frame: below list_w + 580 px, about 850 to 910): the list of panels becomes one row above
    // the panel, which then has the whole width (beside a list it would keep only ~500 px, and
    // the list's longer titles were cut).
    const float arrow = ImGui::GetFrameHeight(), gap = ImGui::GetStyle().ItemSpacing.x;
    ImGui::BeginDisabled(panel_ == 0);
    if (ImGui::ArrowButton("##prev", ImGuiDir_Left)) panel_ = std::max(0, panel_ - 1);
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::SetNextItemWidth(std::max(120.0f, ImGui::GetContentRegionAvail().x - arrow - gap));
    const std::string preview = label(panel_);
    if (ImGui::BeginCombo("##panel", preview.substr(0, preview.find("###")).c_str())) {
      for (int i = 0; i < kPanelCount; ++i)
        if (ImGui::Selectable(label(i).c_str(), panel_ == i)) panel_ = i;
      ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::BeginDisabled(panel_ == kPanelCount - 1);
    if (ImGui::ArrowButton("##next", ImGuiDir_Right)) panel_ = std::min(kPanelCount - 1, panel_ + 1);
    ImGui::EndDisabled();
    ImGui::Checkbox(tr("lesson.reduced_motion"), &ui.reduced_motion);
    lesson::same_line_if_fits(ImGui::CalcTextSize(total_text).x, 16);
    lesson::coloured(total_text, lesson::kMaxGreen);
    ImGui::Separator();
  } else {
    // Left: the panels, Previous / Next, reduced motion.
    ImGui::BeginChild("##lesson_list", ImVec2(list_w, 0), ImGuiChildFlags_Border);
    ctx.heading(tr("lesson.contents"));
    ImGui::Spacing();
    for (int i = 0; i < kPanelCount; ++i)
      if (ImGui::Selectable(label(i).c_str(), panel_ == i, 0, ImVec2(0, 28))) panel_ = i;
    ImGui::Spacing();
    ImGui::BeginDisabled(panel_ == 0);
    if (ImGui::Button(tr("lesson.prev"), ImVec2(105, 0))) panel_ = std::max(0, panel_ - 1);
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(panel_ == kPanelCount - 1);
    if (ImGui::Button(tr("lesson.next"), ImVec2(105, 0))) panel_ = std::min(kPanelCount - 1, panel_ + 1);
    ImGui::EndDisabled();
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Checkbox(tr("lesson.reduced_motion"), &ui.reduced_motion);
    ImGui::Spacing();
    lesson::coloured(total_text, lesson::kMaxGreen);
    ImGui::EndChild();
    ImGui::SameLine(0, 16);
  }
  ImGui::BeginChild("##lesson_panel", ImVec2(0, 0), 0, ImGuiWindowFlags_HorizontalScrollbar);
  char title[200];
  std::snprintf(title, sizeof title, "%d. %s", panel_ + 1, tr(list_[panel_]->title_key()));
  wrapped_in(fonts.title, title);
  ImGui::Spacing();
  if (const char* intro = list_[panel_]->intro_key()) {
    lesson::explain(tr(intro));
    ImGui::Spacing();
  }
  visited_ |= 1u << panel_;
  list_[panel_]->show(ctx);
  practice_view_.show(ctx, practice_, panel_);
  overflow_x_ = ImGui::GetScrollMaxX();
  ImGui::EndChild();
  return act;
}

}  // namespace app
