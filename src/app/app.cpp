#include "app/app.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "app/ui/i18n.h"
#include "app/embed/layout.h"
#include "app/demo/softmax_view.h"
#include "cnn/preprocess.h"
#include "imgui.h"
#include "imgui_internal.h"  // touch scrolling: the window a finger holds (ActiveIdWindow)

namespace app {

bool App::load(const uint8_t* model, std::size_t model_size, const uint8_t* samples, std::size_t samples_size) {
  const std::string err = parse_samples(samples, samples_size, samples_);
  if (!err.empty()) std::fprintf(stderr, "sample digits unavailable: %s\n", err.c_str());
  train_.set_shipped(model, model_size);
  return model_.load(model, model_size);
}

bool App::init_graphics() { return renderer_.init(); }

void App::update() {
  const InkCanvas& canvas = pad_.canvas();
  if (pad_version_seen_ == canvas.version() && outputs_are_pad_) return;
  if (pad_version_seen_ != canvas.version()) {
    pad_version_seen_ = canvas.version();
    const cnn::PreprocessResult r = cnn::preprocess_digit(canvas.pixels(), canvas.width(), canvas.height());
    pad_empty_ = r.empty;
    pad_input_ = r.pixels;  // all zeros when empty: the maps then show a blank input
  }
  model_.run(pad_input_.data());
  pad_probs_ = model_.probs();
  pad_label_ = model_.label();
  outputs_are_pad_ = true;
  pipeline_.refresh(renderer_, model_);
}

std::string App::prediction_text() const {
  if (current_label() < 0) return tr("result.empty");
  char buf[96];
  std::snprintf(buf, sizeof buf, tr("result.prediction"), pad_label_, pad_probs_[pad_label_] * 100.0f);
  return buf;
}

void App::clear() {
  pad_.clear();
  ui_.sample_index = -1;
}

int App::predict(const float* pixels, float* probs) {
  model_.run(pixels);
  std::copy(model_.probs().begin(), model_.probs().end(), probs);
  outputs_are_pad_ = false;
  return model_.label();
}

bool App::load_sample(int index) {
  if (index < 0 || index >= sample_count()) return false;
  pad_.canvas().load_image(samples_[index].pixels.data(), kInputSide, kInputSide);
  ui_.sample_index = index;
  ui_.sample_label = samples_[index].label;
  return true;
}

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

namespace {
// Touch screens have no wheel: a finger dragged on a window's background (not on the pad or a
// control, which take the touch themselves) scrolls the nearest window that can scroll.
void touch_scroll() {
  const ImGuiContext& g = *ImGui::GetCurrentContext();
  if (g.IO.MouseSource != ImGuiMouseSource_TouchScreen || !ImGui::IsMouseDragging(ImGuiMouseButton_Left, 4.0f)) return;
  ImGuiWindow* w = g.ActiveIdWindow;
  if (!w || g.ActiveId != w->MoveId) return;  // ImGui holds a window's background by its move id
  for (; w; w = w->ParentWindow)
    if (w->ScrollMax.y > 0 || w->ScrollMax.x > 0) {
      ImGui::SetScrollY(w, w->Scroll.y - g.IO.MouseDelta.y);
      ImGui::SetScrollX(w, w->Scroll.x - g.IO.MouseDelta.x);
      return;
    }
}
}  // namespace

void App::frame() {
  renderer_.new_frame();
  if (train_.tick(model_)) model_changed();  // a slice of training, whichever tab is shown
  update();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  // No window background: main.cpp's glClear paints it (ImGuiCol_WindowBg). Drawing it again as a
  // full-screen blended rectangle cost a software renderer (SwiftShader, which headless and
  // GPU-less browsers use) a third of each frame: 26 → 17 ms median at 1280×800.
  ImGui::Begin("##demo", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_HorizontalScrollbar |
                   ImGuiWindowFlags_NoBackground);
  show_top_bar();
  if (ui_.tab == Tab::Demo)
    show_demo();
  else if (ui_.tab == Tab::Train)
    show_train();
  else
    show_lesson();
  touch_scroll();
  ImGui::End();
}

void App::show_lesson() {
  const LessonAction a = lesson_.show(model_, pad_input_.data(), pad_empty_, ui_, fonts_);
  if (a.load_sample && !samples_.empty()) {
    sample_rng_ = sample_rng_ * 1664525u + 1013904223u;
    load_sample(static_cast<int>((sample_rng_ >> 8) % samples_.size()));
  }
  const bool demo_offered = ui_.only_tab < 0 || ui_.only_tab == static_cast<int>(Tab::Demo);
  if (a.jump_to_layer >= -1 && demo_offered) {  // show that stage in the live pipeline view
    ui_.tab = Tab::Demo;
    select_demo_tab_ = true;
    ui_.selected_layer = a.jump_to_layer;
    ui_.selected_channel = 0;
  }
}

void App::heading(const char* text) {
  if (fonts_.heading) ImGui::PushFont(fonts_.heading);
  ImGui::TextUnformatted(text);
  if (fonts_.heading) ImGui::PopFont();
}

void App::show_top_bar() {
  if (fonts_.title) ImGui::PushFont(fonts_.title);
  ImGui::TextUnformatted(tr("app.title"));
  if (fonts_.title) ImGui::PopFont();
  if (!use_narrow_layout(ImGui::GetContentRegionAvail().x)) {  // narrow boxes: the tabs under the title
    ImGui::SameLine(0, 28);
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + 2);
  }
  if (ImGui::BeginTabBar("##tabs")) {
    // Embedding (URL option `view`, host messages): the tabs offered and one to select.
    const int want = ui_.select_tab;
    ui_.select_tab = -1;
    auto offered = [&](Tab t) { return ui_.only_tab < 0 || ui_.only_tab == static_cast<int>(t); };
    auto flags = [&](Tab t, bool select) {
      return select || want == static_cast<int>(t) ? ImGuiTabItemFlags_SetSelected : 0;
    };
    // "###id": the tab keeps its identity when the language changes its label.
    const std::string demo = std::string(tr("tab.demo")) + "###tab_demo";
    const std::string lesson = std::string(tr("tab.lesson")) + "###tab_lesson";
    if (offered(Tab::Demo) && ImGui::BeginTabItem(demo.c_str(), nullptr, flags(Tab::Demo, select_demo_tab_))) {
      ui_.tab = Tab::Demo;
      ImGui::EndTabItem();
    }
    select_demo_tab_ = false;
    if (offered(Tab::Lesson) && ImGui::BeginTabItem(lesson.c_str(), nullptr, flags(Tab::Lesson, false))) {
      ui_.tab = Tab::Lesson;
      ImGui::EndTabItem();
    }
    const std::string train = std::string(tr("tab.train")) + "###tab_train";
    if (offered(Tab::Train) && ImGui::BeginTabItem(train.c_str(), nullptr, flags(Tab::Train, select_train_tab_))) {
      ui_.tab = Tab::Train;
      ImGui::EndTabItem();
    }
    select_train_tab_ = false;
    // Language switch: names the other language; set_language() is the one switch.
    const bool ko = language() == Language::Korean;
    if (ImGui::TabItemButton(ko ? "English###lang" : "한국어###lang",
                             ImGuiTabItemFlags_Trailing))
      set_language(ko ? Language::English : Language::Korean);
    ImGui::EndTabBar();
  }
  ImGui::Spacing();
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
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + col2_w);
  ImGui::TextDisabled("%s", tr("input.caption"));
  ImGui::PopTextWrapPos();
  if (!detail_beside) {
    ImGui::Dummy(ImVec2(col2_w, 6));
    pipeline_.show_detail(renderer_, model_, ui_, std::floor(col2_w * 0.55f), col2_w);
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
    ImGui::EndGroup();
  }

  ImGui::Dummy(ImVec2(0, 4));
  ImGui::Separator();
  ImGui::Dummy(ImVec2(0, 2));
  heading(tr("pipeline.title"));
  ImGui::SameLine();
  ImGui::TextDisabled("%s", tr("pipeline.hint"));
  // The colour key and the grid switch: on the same line when they fit.
  ImGui::SameLine(0, 24);
  if (ImGui::GetContentRegionAvail().x < 430) ImGui::NewLine();
  pipeline_.show_legend(renderer_);
  ImGui::SameLine(0, 24);
  ImGui::Checkbox(tr("view.grid"), &ui_.grid_lines);
  pipeline_.show(renderer_, model_, ui_, pad_empty_, std::max(170.0f, ImGui::GetContentRegionAvail().y - 4));
}

}  // namespace app
