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
  // A panel's entry: its number and title, and its practice score beside them ("2. The convolution
  // operation  1/2"); its ImGui id is the panel's number, so a new score keeps the entry.
  auto title = [this](int i) { return std::to_string(i + 1) + ". " + tr(list_[i]->title_key()); };
  auto score = [this](int i) {
    const lesson::PracticeScore s = practice_.score(i);
    return s.total ? "  " + std::to_string(s.correct) + "/" + std::to_string(s.total) : std::string();
  };
  auto label = [&](int i) { return title(i) + score(i) + "###panel" + std::to_string(i); };
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
    const float combo_w = std::max(120.0f, ImGui::GetContentRegionAvail().x - arrow - gap);
    ImGui::SetNextItemWidth(combo_w);
    // A title too long for the combo is cut, not its score ("2. The convolution opera…  0/2" on a phone).
    const float room = combo_w - arrow - 2 * ImGui::GetStyle().FramePadding.x;
    std::string preview = title(panel_) + score(panel_);
    if (ImGui::CalcTextSize(preview.c_str()).x > room) {
      std::string head = title(panel_);
      const std::string tail = "\u2026" + score(panel_);
      while (!head.empty() && ImGui::CalcTextSize((head + tail).c_str()).x > room) {
        size_t n = head.size() - 1;  // drop the last UTF-8 character, and spaces before it
        while (n > 0 && (static_cast<unsigned char>(head[n]) & 0xC0) == 0x80) --n;
        head.resize(n);
        while (!head.empty() && head.back() == ' ') head.pop_back();
      }
      preview = head + tail;
    }
    if (ImGui::BeginCombo("##panel", preview.c_str())) {
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
  wrapped_in(fonts.title, title(panel_).c_str());
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
