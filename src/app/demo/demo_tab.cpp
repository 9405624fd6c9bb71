// The Demo tab: the drawing pad, what the network sees, the answer, the selected feature map and
// the pipeline, in the wide layout (show_demo) or, in narrow boxes (LMS frames, phones), the
// narrow one (show_demo_narrow, sizes from embed/layout.h). The views are demo/*_view.*.
#include <algorithm>
#include <cmath>

#include "app/app.h"
#include "app/demo/softmax_view.h"
#include "app/embed/layout.h"
#include "app/ui/i18n.h"
#include "app/ui/style.h"
#include "app/demo/prediction.h"
#include <cstdio>
#include "imgui.h"

namespace app {

namespace {
// The right edge of the window's content, in screen pixels.
float right_edge() { return ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x; }
}  // namespace

void App::show_pad(float size, bool with_hint) {
  pad_.show(renderer_, size);
  if (pad_.stroke_started()) ui_.sample_index = -1;  // drawing over a real digit makes it a drawing
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
    else if (!pad_empty_)
      ImGui::TextDisabled("%s", tr("pad.hint"));
    else  // an empty pad shows the hint inside itself (DrawingPad); its line keeps its height
      ImGui::Dummy(ImVec2(size, ImGui::CalcTextSize(tr("pad.hint"), nullptr, false, size).y));
    ImGui::PopTextWrapPos();
  }
  if (!ImGui::GetIO().WantTextInput &&
      (ImGui::IsKeyPressed(ImGuiKey_Backspace, false) || ImGui::IsKeyPressed(ImGuiKey_Delete, false)))
    clear();
}

// The model switch: one radio button per compiled-in model (models_), "SimpleConvNet" / "Two
// stages"; the choice takes effect at the start of the next frame (request_model), so this
// frame's views still read the network they started with. Short names: "SimpleConvNet" / "Two
// stages" with the long name as the tooltip.
void App::show_model_switch(bool short_names) {
  const std::vector<ShippedModel>& models = this->models();
  if (models.size() < 2) return;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr("model.switch"));
  model_button_rects_.assign(models.size(), ScreenRect{});
  const ImGuiStyle& style = ImGui::GetStyle();
  for (std::size_t i = 0; i < models.size(); ++i) {
    const std::string key = std::string("model.") + models[i].name + (short_names ? ".short" : "");
    const std::string label = std::string(tr(key.c_str())) + "###model_" + models[i].name;
    // On this line when it fits, else on the next (nothing is cut off at the right edge).
    const float w = ImGui::GetFrameHeight() + style.ItemInnerSpacing.x + ImGui::CalcTextSize(tr(key.c_str())).x;
    if (ImGui::GetItemRectMax().x + style.ItemSpacing.x + w <= right_edge()) ImGui::SameLine();
    const bool shown = static_cast<int>(i) == model_index_ && !train_.showing_trained();
    if (ImGui::RadioButton(label.c_str(), shown) && !shown) request_model(static_cast<int>(i));
    if (short_names && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr((std::string("model.") + models[i].name).c_str()));
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

namespace {

constexpr float kCompactPad = 200;  // pads below this size get the compact row
constexpr float kSmallType = 0.8f;  // the compact row's bars and the digit's scale
constexpr float kCompactDigit = 0.5f;
constexpr float kDetailMin = 260;   // the detail panel beside the row is at least this wide

float line_of(const ImFont* font) { return (font ? font->FontSize : ImGui::GetFontSize() / ImGui::GetIO().FontGlobalScale) * ImGui::GetIO().FontGlobalScale; }

// The row of pad | what the network sees | prediction (| detail) for one pad size: every size
// the drawing uses, and the row's extent, so that the plan (embed/layout.h) and the drawing agree.
struct DemoRow {
  bool compact = false;
  const char* input_title = "input.title";  // the heading of "what the network sees" (a key)
  float pad = 0, seen = 0, gap = 0;
  float side_w = 0;                 // compact: the buttons' column beside the pad
  float col_a = 0, col_b = 0, col_c = 0;
  float digit_w = 0, bars_w = 0, bar_row_h = 0;
  int bar_columns = 1;
  float bars_grow = 0;              // compact: what spare width added to bars_w (see show_demo)
  bool detail_beside = false;
  float detail_w = 0;
  float width = 0, height = 0;
};

float wrapped(const char* text, float width) { return ImGui::CalcTextSize(text, nullptr, false, width).y; }

// A heading's width (App::heading's font): a column is at least as wide as its heading.
float heading_w(const char* key, const UiFonts& fonts) {
  if (fonts.heading) ImGui::PushFont(fonts.heading);
  const float w = ImGui::CalcTextSize(tr(key)).x;
  if (fonts.heading) ImGui::PopFont();
  return w;
}

DemoRow demo_row(float pad, float avail_w, const UiFonts& fonts, float seen_extra, float detail_h) {
  const ImGuiStyle& st = ImGui::GetStyle();
  const float heading_h = line_of(fonts.heading) + st.ItemSpacing.y;
  const float frame = ImGui::GetFrameHeight() + st.ItemSpacing.y;
  const float clear_w = std::max(96.0f, ImGui::CalcTextSize(tr("pad.clear")).x + 2 * st.FramePadding.x);
  const float sample_w = ImGui::CalcTextSize(tr("pad.sample")).x + 2 * st.FramePadding.x;
  char sample_label[96];
  std::snprintf(sample_label, sizeof sample_label, tr("pad.sample_label"), 8);
  DemoRow r;
  r.pad = pad;
  r.compact = pad < kCompactPad;
  if (!r.compact) {
    r.gap = std::clamp(avail_w * 0.025f, 16.0f, 36.0f);
    r.col_a = std::max(pad, heading_w("pad.title", fonts));
    const bool one_row = clear_w + sample_w + st.ItemSpacing.x <= pad;
    const float hint = std::max(wrapped(tr("pad.hint"), pad), wrapped(sample_label, pad)) + st.ItemSpacing.y;
    const float a_h = heading_h + pad + st.ItemSpacing.y + (one_row ? 1 : 2) * frame + hint;
    r.seen = std::max(140.0f, std::floor(pad * 0.6f / kInputSide) * kInputSide);
    r.col_b = std::max({r.seen, 190.0f, heading_w(r.input_title, fonts)});
    const float b_h = heading_h + r.seen + st.ItemSpacing.y + PipelineView::field_text_height(r.seen) +
                      wrapped(tr("input.caption"), r.col_b) + st.ItemSpacing.y + seen_extra;
    r.digit_w = 100;
    r.bars_w = std::clamp(std::min(avail_w * 0.17f, avail_w - pad - r.col_b - r.digit_w - 3 * r.gap - 24), 140.0f, 280.0f);
    r.bar_row_h = std::max(std::clamp(pad / 10.0f - 2, 20.0f, 34.0f), ImGui::GetTextLineHeight() + 2.0f);
    r.col_c = std::max(r.digit_w + 8 + r.bars_w, heading_w("result.title", fonts));
    const float c_h = heading_h + 10 * r.bar_row_h + st.ItemSpacing.y + wrapped(tr("softmax.caption"), r.bars_w) +
                      st.ItemSpacing.y;
    r.width = r.col_a + r.gap + r.col_b + r.gap + r.col_c;
    r.detail_w = avail_w - r.width - r.gap - 16;
    r.detail_beside = r.detail_w >= kDetailMin;
    r.height = std::max({a_h, b_h, c_h, r.detail_beside ? heading_h + detail_h : 0.0f});
    return r;
  }
  // Compact: the buttons beside the pad, the checkbox under the image (its receptive-field line
  // goes to the pipeline's title lines), the digit and the bars in smaller type.
  r.gap = 12;
  r.side_w = std::max(clear_w, sample_w);
  r.col_a = std::max(pad + st.ItemSpacing.x + r.side_w, heading_w("pad.title", fonts));
  const float a_h = heading_h + std::max(pad, 2 * frame + wrapped(sample_label, r.side_w));
  r.seen = std::clamp(std::floor((pad - frame) / kInputSide) * kInputSide, 56.0f, 140.0f);
  const float why_w = ImGui::GetFrameHeight() + st.ItemInnerSpacing.x + ImGui::CalcTextSize(tr("why.show")).x;
  r.input_title = "input.title.short";  // the long one set the column's width, 68 px past its content
  r.col_b = std::max({r.seen, why_w, heading_w(r.input_title, fonts)});
  const float b_h = heading_h + r.seen + st.ItemSpacing.y + seen_extra;
  if (fonts.big) {
    ImGui::PushFont(fonts.big);
    r.digit_w = ImGui::CalcTextSize("8").x * kCompactDigit + 4;
    ImGui::PopFont();
  } else {
    r.digit_w = 40;
  }
  // The bars in small type, in two columns (0-4 | 5-9) where the width allows, else in one.
  r.bar_row_h = std::ceil(ImGui::GetTextLineHeight() * kSmallType) + 2;
  const float bar_col = std::ceil((ImGui::CalcTextSize("0").x + 12 + ImGui::CalcTextSize("100.0%").x + 8) * kSmallType) + 44;
  for (int cols : {2, 1}) {
    r.bar_columns = cols;
    r.bars_w = cols * bar_col + (cols - 1) * kBarColumnGap;
    r.col_c = std::max(r.digit_w + st.ItemSpacing.x + r.bars_w, heading_w("result.title", fonts));
    r.width = r.col_a + r.gap + r.col_b + r.gap + r.col_c;
    if (r.width <= avail_w) break;
  }
  // Width the row leaves over (a 1024 px window whose height chose a small pad) lengthens the
  // bars, up to 100 px a column, instead of staying empty at the right.
  r.bars_grow = std::clamp(avail_w - r.width, 0.0f, 100.0f * r.bar_columns);
  r.bars_w += r.bars_grow;
  r.col_c = std::max(r.digit_w + st.ItemSpacing.x + r.bars_w, heading_w("result.title", fonts));
  r.width = r.col_a + r.gap + r.col_b + r.gap + r.col_c;
  const float c_h = heading_h + (10 / r.bar_columns) * r.bar_row_h;
  r.height = std::max({a_h, b_h, c_h});
  return r;
}

// Items laid left to right onto lines `width` wide, `spacing` apart: the line of each.
std::vector<int> flow(const std::vector<float>& widths, float width, float spacing) {
  std::vector<int> line(widths.size(), 0);
  float x = 0;
  int n = 0;
  for (std::size_t i = 0; i < widths.size(); ++i) {
    if (i > 0 && x + spacing + widths[i] > width) ++n, x = 0;
    else if (i > 0) x += spacing;
    x += widths[i];
    line[i] = n;
  }
  return line;
}

}  // namespace

// The pipeline's title lines: "4. Inside the network", the model switch, the colour key and the
// grid switch, flowed onto as few lines as the width allows; then, where the last line has room,
// the hint (compact: the receptive-field line, which the compact row has no room for).
namespace {
struct TitleItems {
  std::vector<float> widths;  // title, switch, legend, grid
  std::vector<int> line;
  int lines = 1;
};
}  // namespace

namespace {
TitleItems title_items(float width, bool compact, const UiFonts& fonts, const std::vector<ShippedModel>& models) {
  const ImGuiStyle& st = ImGui::GetStyle();
  TitleItems t;
  if (fonts.heading) ImGui::PushFont(fonts.heading);
  t.widths.push_back(ImGui::CalcTextSize(tr("pipeline.title")).x);
  if (fonts.heading) ImGui::PopFont();
  float sw = 0;
  if (models.size() >= 2) {
    sw = ImGui::CalcTextSize(tr("model.switch")).x;
    for (const ShippedModel& m : models) {
      const std::string key = std::string("model.") + m.name + (compact ? ".short" : "");
      sw += st.ItemSpacing.x + ImGui::GetFrameHeight() + st.ItemInnerSpacing.x + ImGui::CalcTextSize(tr(key.c_str())).x;
    }
  }
  t.widths.push_back(sw);
  t.widths.push_back(PipelineView::legend_width());
  t.widths.push_back(ImGui::GetFrameHeight() + st.ItemInnerSpacing.x + ImGui::CalcTextSize(tr("view.grid")).x);
  t.line = flow(t.widths, width, 24);
  t.lines = t.line.back() + 1;
  return t;
}
}  // namespace

float App::pipeline_title_height(float width, bool compact) const {
  const ImGuiStyle& st = ImGui::GetStyle();
  const TitleItems t = title_items(width, compact, fonts_, models());
  return 1 + st.ItemSpacing.y + t.lines * (ImGui::GetFrameHeight() + st.ItemSpacing.y);  // the separator, the lines
}

void App::show_pipeline_title(float width, bool compact) {
  const TitleItems t = title_items(width, compact, fonts_, models());
  ImGui::Separator();
  const float x0 = ImGui::GetCursorPosX();
  for (int i = 0; i < 4; ++i) {
    if (i > 0 && t.line[i] == t.line[i - 1]) ImGui::SameLine(0, 24);
    ImGui::BeginGroup();
    switch (i) {
      case 0:
        ImGui::AlignTextToFramePadding();
        heading(tr("pipeline.title"));
        break;
      case 1: show_model_switch(compact); break;
      case 2:
        ImGui::AlignTextToFramePadding();
        pipeline_.show_legend(renderer_);
        break;
      case 3: ImGui::Checkbox(tr("view.grid"), &ui_.grid_lines); break;
    }
    ImGui::EndGroup();
  }
  // The hint where the last line has room.
  bool field = false;
  std::string hint = compact ? pipeline_.field_text(model_, &field) : std::string(tr("pipeline.hint"));
  // An empty pad: the maps and numbers below are the network's answer to a blank image.
  if (!field && pad_empty_ && ui_.sample_index < 0) hint = tr("pipeline.hint_blank");
  const float used = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x - x0 + ImGui::GetScrollX();
  if (used + 24 + ImGui::CalcTextSize(hint.c_str()).x <= width) {
    ImGui::SameLine(0, 24);
    ImGui::AlignTextToFramePadding();
    if (field)
      ImGui::TextColored(colour(kTheme.accent), "%s", hint.c_str());
    else
      ImGui::TextDisabled("%s", hint.c_str());
  } else if (compact && field) {
    ImGui::SetItemTooltip("%s", hint.c_str());
  }
}

RowsRequest App::demo_rows_request(float width, float height) const {
  RowsRequest r;
  r.avail_w = width;
  r.avail_h = height;
  r.pad_min = 112;
  r.pad_max = 420;
  r.pad_step = 4;
  const float seen_extra = seen_extra_h_, detail_h = detail_h_;
  const UiFonts fonts = fonts_;
  // The full row keeps room for the detail panel beside it (else it goes to the compact row,
  // whose detail panel is under the pipeline).
  r.row_width = [=](float pad) {
    const DemoRow row = demo_row(pad, width, fonts, seen_extra, detail_h);
    return row.compact ? row.width : row.width + row.gap + kDetailMin + 16;
  };
  r.height_above = [=](float pad) {
    const DemoRow row = demo_row(pad, width, fonts, seen_extra, detail_h);
    return row.height + ImGui::GetStyle().ItemSpacing.y + pipeline_title_height(width, row.compact);
  };
  const cnn::Network* net = &model_.net();
  const PipelineView* view = &pipeline_;
  r.strip = [=](float w, float h) { return view->layout(*net, std::floor(w - 2), h); };
  return r;
}

void App::show_demo() {
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float top = ImGui::GetCursorPosY();
  const int selected = ui_.selected_layer >= 0 ? ui_.selected_layer : -1;
  const auto selection_now = [&] { return ui_.selected_layer < 0 ? -1 : ui_.selected_layer * 4096 + ui_.selected_channel; };
  const int selection_before = selection_now();  // what the detail panel beside the row shows (a click below changes it)
  const PlanKey detail_key{avail.x, 0, 0, 0, model_index_, static_cast<int>(language()), selected};
  const bool detail_measured = detail_key == detail_key_;
  if (!detail_measured) detail_h_ = 0;  // not yet measured: the plan first tries it beside the row
  const RowsRequest req = demo_rows_request(avail.x, avail.y);
  // The preferred height depends on the width only (and what is shown), never on the height.
  const PlanKey pref_key{avail.x, 0, seen_extra_h_, detail_h_, model_index_, static_cast<int>(language()), selected};
  if (!rows_fit(req)) {
    demo_rects_.mode = "stack";
    show_demo_narrow();
    if (!(pref_key == preferred_key_)) preferred_key_ = pref_key, preferred_height_ = 0;  // measured by frame()
    return;
  }
  if (!(pref_key == preferred_key_)) {
    preferred_key_ = pref_key;
    RowsRequest pr = req;
    const float chrome = top + ImGui::GetStyle().WindowPadding.y;  // the top bar and the window's padding
    preferred_height_ = std::ceil(rows_preferred_height(pr, 300, 2400) + chrome);
  }
  const PlanKey key{avail.x, avail.y, seen_extra_h_, detail_h_, model_index_, static_cast<int>(language()), selected};
  if (!(key == plan_key_)) plan_key_ = key, plan_ = plan_rows(req);
  const DemoRow row = demo_row(plan_.pad, avail.x, fonts_, seen_extra_h_, detail_h_);
  demo_rects_.mode = row.compact ? "compact" : "rows";
  const ImGuiStyle& style = ImGui::GetStyle();

  // 1. Drawing pad, Clear, a real digit (compact: the buttons beside the pad).
  ImGui::BeginGroup();
  heading(tr("pad.title"));
  if (!row.compact) {
    show_pad(row.pad, /*with_hint=*/true);
  } else {
    pad_.show(renderer_, row.pad);
    if (pad_.stroke_started()) ui_.sample_index = -1;
    update();
    ImGui::SameLine();
    ImGui::BeginGroup();
    if (ImGui::Button(tr("pad.clear"), ImVec2(row.side_w, 0))) clear();
    ImGui::BeginDisabled(samples_.empty());
    if (ImGui::Button(tr("pad.sample"), ImVec2(row.side_w, 0))) {
      sample_rng_ = sample_rng_ * 1664525u + 1013904223u;
      load_sample(static_cast<int>((sample_rng_ >> 8) % samples_.size()));
    }
    ImGui::EndDisabled();
    if (ui_.sample_index >= 0) {
      ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + row.side_w);
      ImGui::TextDisabled(tr("pad.sample_label"), ui_.sample_label);
      ImGui::PopTextWrapPos();
    }
    ImGui::EndGroup();
    if (!ImGui::GetIO().WantTextInput &&
        (ImGui::IsKeyPressed(ImGuiKey_Backspace, false) || ImGui::IsKeyPressed(ImGuiKey_Delete, false)))
      clear();
    ImGui::Dummy(ImVec2(0, 0));  // the group's last line is text-less: the next headings stay level with its own
  }
  ImGui::EndGroup();
  const ImVec2 pad0 = pad_.rect_min(), pad1 = pad_.rect_max();
  demo_rects_.pad = {pad0.x, pad0.y, pad1.x - pad0.x, pad1.y - pad0.y};

  // 2. What the network sees.
  ImGui::SameLine(0, row.gap);
  ImGui::BeginGroup();
  heading(tr(row.input_title));
  pipeline_.show_input(renderer_, model_, ui_, row.seen, /*with_text=*/!row.compact);
  explain_.saliency.overlay(model_, ImGui::IsMouseDown(ImGuiMouseButton_Left), pad_empty_);  // "why this digit"
  if (!row.compact) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + row.col_b);
    ImGui::TextDisabled("%s", tr("input.caption"));
    ImGui::PopTextWrapPos();
  }
  const float controls0 = ImGui::GetCursorPosY();
  explain_.saliency.controls(model_, row.compact ? row.col_b : 190.0f);
  seen_extra_h_ = std::round((ImGui::GetCursorPosY() - controls0) / 4) * 4;  // the plan's key: whole steps
  ImGui::Dummy(ImVec2(row.col_b, 0));
  ImGui::EndGroup();
  demo_rects_.seen = pipeline_.input_rect();

  // 3. The answer: the digit in large type next to the ten softmax bars.
  ImGui::SameLine(0, row.gap);
  ImGui::BeginGroup();
  heading(tr("result.title"));
  ImGui::BeginGroup();
  if (row.compact) {
    if (fonts_.big) ImGui::PushFont(fonts_.big);
    ImGui::SetWindowFontScale(kCompactDigit);
    const int label = current_label();
    if (label >= 0)
      ImGui::TextColored(colour(kTheme.accent), "%d", label);
    else
      ImGui::Dummy(ImVec2(row.digit_w, ImGui::GetTextLineHeight()));
    ImGui::SetWindowFontScale(1.0f);
    if (fonts_.big) ImGui::PopFont();
  } else {
    show_prediction_headline(current_label(), pad_probs_, fonts_.big);
  }
  ImGui::Dummy(ImVec2(row.digit_w, 0));
  ImGui::EndGroup();
  ImGui::SameLine(0, row.compact ? style.ItemSpacing.x : 8);
  ImGui::BeginGroup();
  // (The column before can come out wider than planned, with "Why this digit?"'s choices: the
  // bars then give back what the spare width gave them.)
  const float bars_w = row.compact ? std::max(row.bars_w - row.bars_grow, std::min(row.bars_w, ImGui::GetContentRegionAvail().x))
                                   : row.bars_w;
  if (row.compact) ImGui::SetWindowFontScale(kSmallType);
  show_softmax_bars(current_label(), pad_probs_, bars_w, row.bar_row_h, row.bar_columns);
  if (row.compact) ImGui::SetWindowFontScale(1.0f);
  if (!row.compact) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + bars_w);
    ImGui::TextDisabled("%s", tr("softmax.caption"));
    ImGui::PopTextWrapPos();
  }
  ImGui::EndGroup();
  ImGui::EndGroup();
  {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    demo_rects_.prediction = {a.x, a.y, b.x - a.x, b.y - a.y};
  }

  // The selected feature map with its filter: beside the row where there is room, else under
  // the pipeline (only once a map is selected).
  if (row.detail_beside) {
    ImGui::SameLine(0, row.gap);
    ImGui::BeginGroup();
    heading(tr("detail.heading"));
    const float d0 = ImGui::GetCursorPosY();
    pipeline_.show_detail(renderer_, model_, ui_, std::min(std::floor(row.detail_w * 0.55f), 170.0f), row.detail_w);
    if (explain_.intervene.show(model_, ui_, row.detail_w)) model_changed();  // the filter switch
    explain_.crops.show(model_, ui_, samples_, pad_drawing(), row.detail_w);  // what the channel looks for
    // Measured every frame it is beside the row (its content and width change: an edited
    // filter's note, a pad of another size); kept while it is under the pipeline.
    detail_h_ = std::round((ImGui::GetCursorPosY() - d0) / 4) * 4, detail_key_ = detail_key;
    // Shown once the plan had its height (the first frame only measures it: if it then goes
    // under the pipeline, that frame brings it into view).
    if (detail_measured) shown_selection_ = selection_before;
    ImGui::EndGroup();
  }

  // 4. The pipeline.
  show_pipeline_title(avail.x, row.compact);
  pipeline_.show(renderer_, model_, ui_, pad_empty_, plan_.strip_h);
  demo_rects_.cell = plan_.cell;
  const int selection = selection_now();
  if (!row.detail_beside && ui_.selected_layer >= 0) {
    const float y0 = ImGui::GetCursorPosY();
    heading(tr("detail.heading"));
    const float w = std::min(avail.x, 640.0f);
    pipeline_.show_detail(renderer_, model_, ui_, std::floor(std::min(w * 0.4f, 170.0f)), w);
    if (explain_.intervene.show(model_, ui_, w)) model_changed();  // the filter switch
    explain_.crops.show(model_, ui_, samples_, pad_drawing(), w);  // what the channel looks for
    // A new map chosen: bring its panel into view, its heading first, once the layout is the one
    // it stays in (not in the frame of a click on another layer, whose panel the next frame
    // measures beside the row: its scroll was cut back to that frame's shorter page).
    const bool settled = detail_measured && ui_.selected_layer == selected;
    if (settled && selection != shown_selection_) {
      if (ImGui::GetCursorPosY() - y0 > ImGui::GetWindowHeight())
        ImGui::SetScrollFromPosY(y0 - ImGui::GetScrollY(), 0.0f);
      else
        ImGui::SetScrollHereY(1.0f);
    }
    if (settled) shown_selection_ = selection;
  } else if (!row.detail_beside) {
    shown_selection_ = selection;  // none
  }
}

// Narrow boxes (the row does not fit): [pad | prediction], then what the network sees with the
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
  const ImVec2 pad0 = pad_.rect_min(), pad1 = pad_.rect_max();
  demo_rects_.pad = {pad0.x, pad0.y, pad1.x - pad0.x, pad1.y - pad0.y};

  // 3. The answer beside the pad: the digit above the ten bars.
  ImGui::SameLine(0, l.gap);
  ImGui::BeginGroup();
  heading(tr("result.title"));
  show_prediction_headline(current_label(), pad_probs_, fonts_.big);
  show_softmax_bars(current_label(), pad_probs_, l.bars_w, l.bar_row_h, l.bar_columns);
  ImGui::EndGroup();
  {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    demo_rects_.prediction = {a.x, a.y, b.x - a.x, b.y - a.y};
  }

  // 2. What the network sees, and the selected feature map.
  ImGui::Dummy(ImVec2(0, 4));
  heading(tr("input.title"));
  ImGui::BeginGroup();
  pipeline_.show_input(renderer_, model_, ui_, l.seen_size);
  explain_.saliency.overlay(model_, ImGui::IsMouseDown(ImGuiMouseButton_Left), pad_empty_);  // "why this digit"
  explain_.saliency.controls(model_, l.seen_size);
  ImGui::EndGroup();
  demo_rects_.seen = pipeline_.input_rect();
  // (The group as drawn: its caption and "Why this digit?" make it wider than the image, and the
  // detail's text, wrapped as if it were not, ran past the right edge at 480 px.)
  const float detail_w = avail.x - ImGui::GetItemRectSize().x - l.gap;
  if (detail_w >= 150) {
    ImGui::SameLine(0, l.gap);
    ImGui::BeginGroup();
    pipeline_.show_detail(renderer_, model_, ui_, std::floor(std::min(detail_w * 0.5f, l.seen_size)), detail_w);
    if (explain_.intervene.show(model_, ui_, detail_w)) model_changed();  // the filter switch
    explain_.crops.show(model_, ui_, samples_, pad_drawing(), detail_w);  // what the channel looks for
    ImGui::EndGroup();
  }

  // 4. The pipeline: wrapped onto rows as the width needs (its height does not follow the box's,
  // so the page's preferred height depends on the width only).
  ImGui::Dummy(ImVec2(0, 2));
  ImGui::Separator();
  heading(tr("pipeline.title"));
  show_model_switch();
  ImGui::Checkbox(tr("view.grid"), &ui_.grid_lines);
  const PipelineLayout strip = pipeline_.layout(model_.net(), std::floor(avail.x - 2), 170);
  demo_rects_.cell = strip.cell;
  pipeline_.show(renderer_, model_, ui_, pad_empty_, 170);
}

}  // namespace app
