#include "app/lesson/practice_view.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "app/lesson/practice_text.h"
#include "app/lesson/widgets.h"
#include "app/ui/i18n.h"
#include "imgui.h"

namespace app {

using namespace lesson;

void PracticeView::sync(const PracticeBook& book, int panel) {
  if (panel == panel_ && book.seed(panel) == seed_) return;
  panel_ = panel;
  seed_ = book.seed(panel);
  for (auto& in : input_) in.fill(0);
  last_.fill(CheckOutcome{});
  checked_.fill(false);
  last_item_ = -1;
}

CheckOutcome PracticeView::check(PracticeBook& book, int panel, int item, const std::string& text, bool impossible,
                                 double now) {
  sync(book, panel);
  const CheckOutcome o = book.answer(panel, item, text, impossible, now);
  if (item >= 0 && item < kMaxItems && item < static_cast<int>(book.items(panel).size())) {
    last_[item] = o;
    checked_[item] = true;
    last_item_ = item;
    if (input_[item][0] == 0 && !impossible) std::snprintf(input_[item].data(), input_[item].size(), "%s", text.c_str());
  }
  return o;
}

void PracticeView::new_attempt(PracticeBook& book, int panel) {
  book.new_attempt(panel);
  sync(book, panel);
}

std::string PracticeView::message(const PracticeBook& book, int panel, int item) const {
  if (item < 0 || item >= static_cast<int>(book.items(panel).size())) return {};
  const ItemRecord& rec = book.record(panel, item);
  if (rec.answered) return practice_feedback(book.items(panel)[item], rec);
  if (panel == panel_ && item < kMaxItems && checked_[item]) return outcome_text(book.items(panel)[item], rec, last_[item]);
  return {};
}

std::string PracticeView::announcement(const PracticeBook& book, int panel) const {
  if (panel != panel_ || last_item_ < 0) return {};
  char head[64];
  std::snprintf(head, sizeof head, tr("practice.item"), last_item_ + 1);
  return std::string(head) + ": " + message(book, panel, last_item_) + " " + score_text(book.score(panel));
}

void PracticeView::show(PanelContext& ctx, PracticeBook& book, int panel) {
  const std::vector<PracticeItem>& items = book.items(panel);
  if (items.empty()) return;
  sync(book, panel);
  book.shown(panel, ImGui::GetTime());
  ImGui::PushID("practice");
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::Spacing();
  ctx.heading(tr("practice.title"));
  const PracticeScore s = book.score(panel);
  const std::string total = score_text(s);
  same_line_if_fits(ImGui::CalcTextSize(total.c_str()).x, 20);
  coloured(total.c_str(), s.asked && s.correct == s.asked ? kMaxGreen : kOutputOrange);
  explain(tr("practice.intro"));
  for (int i = 0; i < static_cast<int>(items.size()) && i < kMaxItems; ++i) {
    const PracticeItem& it = items[i];
    const ItemRecord& rec = book.record(panel, i);
    ImGui::PushID(i);
    ImGui::Spacing();
    char head[64];
    std::snprintf(head, sizeof head, tr("practice.item"), i + 1);
    ImGui::TextColored(kWindowBlue, "%s", head);
    explain(practice_question(it, false).c_str());
    if (it.kind == PracticeKind::ConvCell || it.kind == PracticeKind::ConvCellBias || it.kind == PracticeKind::PoolValue) {
      const float cs = 30;
      grid_group("in", it.input, GridOpts::sized(cs, tr("lesson.input_data")));
      if (it.kind != PracticeKind::PoolValue) {
        op_symbol_or_wrap("\u229b", it.input.rows * cs, grid_width(it.filter.cols, cs, tr("lesson.filter")), it.filter.rows * cs);
        grid_group("f", it.filter, GridOpts::sized(cs, tr("lesson.filter")));
        if (it.kind == PracticeKind::ConvCellBias) {
          op_symbol_or_wrap("+", it.input.rows * cs, grid_width(1, cs, tr("lesson.bias")), cs);
          GridOpts ob = GridOpts::sized(cs, tr("lesson.bias"));
          ob.value_scale = std::max(1.0f, it.bias);
          grid_group("b", Grid(1, 1, it.bias), ob);
        }
      }
    }
    ImGui::BeginDisabled(rec.answered);
    char label[96];
    std::snprintf(label, sizeof label, tr("practice.answer_label"), i + 1);
    ImGui::SetNextItemWidth(std::min(220.0f, ImGui::GetContentRegionAvail().x * 0.5f));
    const std::string field = std::string("##answer") + label;
    bool submit = ImGui::InputTextWithHint(field.c_str(), label, input_[i].data(), input_[i].size(),
                                           ImGuiInputTextFlags_EnterReturnsTrue);
    same_line_if_fits(button_width(tr("practice.check")));
    submit |= ImGui::Button(tr("practice.check"));
    bool impossible = false;
    if (it.kind == PracticeKind::OutputSize) {
      same_line_if_fits(button_width(tr("practice.impossible")));
      impossible = ImGui::Button(tr("practice.impossible"));
    }
    ImGui::EndDisabled();
    if ((submit || impossible) && !rec.answered) check(book, panel, i, input_[i].data(), impossible, ImGui::GetTime());
    const std::string msg = message(book, panel, i);
    if (!msg.empty()) {
      const bool good = rec.answered && rec.correct;
      formula(msg.c_str(), good ? kMaxGreen : kOutputOrange);
    }
    ImGui::PopID();
  }
  ImGui::Spacing();
  if (ImGui::Button(tr("practice.new"))) new_attempt(book, panel);
  char seed[96];
  std::snprintf(seed, sizeof seed, tr("practice.seed"), book.attempt(panel) + 1, book.seed(panel));
  same_line_if_fits(ImGui::CalcTextSize(seed).x, 16);
  coloured(seed, kMuted);
  ImGui::PopID();
}

}  // namespace app
