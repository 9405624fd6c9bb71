#include "app/app.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>

#include "app/demo/prediction.h"
#include "app/ui/i18n.h"
#include "app/ui/theme.h"
#include "app/embed/layout.h"
#include "app/demo/softmax_view.h"
#include "cnn/preprocess.h"
#include "imgui.h"
#include "imgui_internal.h"  // touch scrolling: the window a finger holds (ActiveIdWindow); ScrollbarEx

namespace app {

bool App::load(std::vector<ShippedModel> models, const uint8_t* samples, std::size_t samples_size) {
  const std::string err = parse_samples(samples, samples_size, samples_);
  if (!err.empty()) std::fprintf(stderr, "sample digits unavailable: %s\n", err.c_str());
  shelf_.set(std::move(models));
  model_index_ = 0;
  if (shelf_.count() == 0 || !shelf_.here(0)) return model_.replace(nullptr);  // "no network"
  train_.set_shipped(shelf_.models()[0].bytes, shelf_.models()[0].size);
  train_.set_shipped_models(shelf_.models());
  return model_.load(shelf_.models()[0].bytes, shelf_.models()[0].size);
}

void App::fetch_model(int index) {
  if (shelf_.request(index) && fetcher_) fetcher_(index, models()[index].name);
}

void App::model_arrived(int index, const uint8_t* bytes, std::size_t size) {
  if (shelf_.state(index) != ModelShelf::State::Loading) return;
  shelf_.arrived(index, bytes, size);  // on failure the shelf keeps the loader's words
  train_.set_shipped_models(shelf_.models());  // the Train tab can continue from it now
  if (index == wanted_model_ && shelf_.here(index)) set_model(index);
}

bool App::set_model(int index) {
  if (index < 0 || index >= shelf_.count()) return false;
  if (!shelf_.here(index)) {  // fetched first, shown when it arrives
    wanted_model_ = index;
    fetch_model(index);
    return true;
  }
  wanted_model_ = -1;
  const ShippedModel& m = models()[index];
  Model check;  // a shipped model loads (the shelf checked a fetched one); if one did not, the current one stays
  if (!check.load(m.bytes, m.size)) return false;
  train_.set_shipped(m.bytes, m.size);
  train_.use_shipped(model_);  // training pauses; the demo shows the shipped model of that name
  model_index_ = index;
  ui_.selected_layer = -1;  // layer indices mean other layers now
  ui_.selected_y = ui_.selected_x = -1;
  model_changed();          // the pad (kept) is predicted again before the next frame draws
  return true;
}

bool App::init_graphics() { return renderer_.init(); }

void App::update() {
  const InkCanvas& canvas = pad_.canvas();
  if (pad_version_seen_ == canvas.version() && outputs_are_pad_) return;
  if (pad_version_seen_ != canvas.version()) {
    pad_version_seen_ = canvas.version();
    // Drawn strokes: drawn again at MNIST's stroke width, whatever the drawing's size; a real
    // MNIST digit loaded into the pad: its pixels.
    const cnn::PreprocessResult r = canvas.has_image()
                                        ? cnn::preprocess_digit(canvas.pixels(), canvas.width(), canvas.height())
                                        : cnn::preprocess_strokes(canvas.paths());
    pad_empty_ = r.empty;
    pad_input_ = r.pixels;  // all zeros when empty: the maps then show a blank input
  }
  model_.run(pad_input_.data());
  pad_probs_ = model_.probs();
  pad_label_ = model_.label();
  if (!all_finite(pad_probs_.data(), kClasses)) {  // never shown nor published: words instead
    pad_probs_.fill(0.0f);
    pad_label_ = kNoAnswer;
  }
  outputs_are_pad_ = true;
  pipeline_.refresh(renderer_, model_);
}

std::string App::prediction_text() const {
  if (current_label() == kNoAnswer) return tr("result.not_finite");
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
  outputs_are_pad_ = false;
  if (!all_finite(model_.probs().data(), kClasses)) {
    std::fill(probs, probs + kClasses, 0.0f);
    return kNoAnswer;
  }
  std::copy(model_.probs().begin(), model_.probs().end(), probs);
  return model_.label();
}

bool App::load_sample(int index) {
  if (index < 0 || index >= sample_count()) return false;
  pad_.canvas().load_image(samples_[index].pixels.data(), kInputSide, kInputSide);
  ui_.sample_index = index;
  ui_.sample_label = samples_[index].label;
  return true;
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

// A page taller than its frame (the stacked Demo in a small LMS frame, a phone) shows a scroll
// bar in the window's right padding: it says that there is more below, and a mouse can drag it.
// Not the window's own scroll bar, which would take its width from the content: the layouts
// plan with the width, and a plan that then fits without the bar would flip it every frame.
constexpr float kScrollBarFrom = 24;  // px hidden below the frame
void padding_scrollbar() {
  ImGuiWindow* w = ImGui::GetCurrentWindow();
  const float max = w->ScrollMax.y;
  const float bar = std::floor(std::min(ImGui::GetStyle().ScrollbarSize, w->WindowPadding.x - 2));
  // (Not for a few pixels: the layouts that fit can overrun by a rounding's worth, and a bar the
  // window's height long over 1-7 px of nothing said there was more to see.)
  if (max < kScrollBarFrom || bar < 4) return;
  const ImRect bb(w->Pos.x + w->Size.x - bar, w->InnerRect.Min.y + 2, w->Pos.x + w->Size.x - 1, w->InnerRect.Max.y - 2);
  const float track = bb.GetHeight(), grab = std::max(24.0f, track * track / (track + max));
  const float grab_y = bb.Min.y + (track - grab) * (w->Scroll.y / max);
  ImGui::PushClipRect(bb.Min, bb.Max, false);
  const ImGuiID id = w->GetID("##padding_scrollbar");
  ImGui::KeepAliveID(id);
  bool hovered = false, held = false;
  ImGui::ButtonBehavior(bb, id, &hovered, &held, ImGuiButtonFlags_NoNavFocus);
  static float grab_offset = 0;  // where in the grab the mouse took it (the middle: a click on the track)
  const float my = ImGui::GetIO().MousePos.y;
  if (held && ImGui::IsMouseClicked(ImGuiMouseButton_Left))
    grab_offset = my >= grab_y && my < grab_y + grab ? my - grab_y : grab / 2;
  if (held && track > grab) ImGui::SetScrollY(std::clamp((my - grab_offset - bb.Min.y) / (track - grab), 0.0f, 1.0f) * max);
  ImDrawList* dl = w->DrawList;
  dl->AddRectFilled(bb.Min, bb.Max, ImGui::GetColorU32(ImGuiCol_ScrollbarBg), bar / 2);
  const ImGuiCol c = held ? ImGuiCol_ScrollbarGrabActive : hovered ? ImGuiCol_ScrollbarGrabHovered : ImGuiCol_ScrollbarGrab;
  dl->AddRectFilled(ImVec2(bb.Min.x + 1, grab_y), ImVec2(bb.Max.x - 1, grab_y + grab), ImGui::GetColorU32(c), bar / 2);
  ImGui::PopClipRect();
}
}  // namespace

void App::frame() {
  if (pending_model_ >= 0) set_model(std::exchange(pending_model_, -1));  // at the frame boundary
  renderer_.new_frame();
  if (train_.tick(model_)) model_changed(/*training=*/true);  // a slice of training, whichever tab is shown
  update();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  // LMS frames and phones: half the window's padding (more room for the pipeline).
  const bool small = vp->WorkSize.x < 900 || vp->WorkSize.y < 700;
  if (small) ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(kTheme.window_padding_x / 2, kTheme.window_padding_y / 2));
  // No window background: main.cpp's glClear paints it (ImGuiCol_WindowBg). Drawing it again as a
  // full-screen blended rectangle cost a software renderer (SwiftShader, which headless and
  // GPU-less browsers use) a third of each frame: 26 → 17 ms median at 1280×800.
  ImGui::Begin("##demo", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_HorizontalScrollbar |
                   ImGuiWindowFlags_NoBackground);
  if (small) ImGui::PopStyleVar();
  show_top_bar();
  demo_rects_.mode = "";
  if (ui_.tab == Tab::Demo)
    show_demo();
  else if (ui_.tab == Tab::Train)
    show_train();
  else
    show_lesson();
  // The height the page would like: the Demo tab's rows say it from the width (show_demo);
  // otherwise what was drawn, down to the last item.
  if (ui_.tab != Tab::Demo || std::string(demo_rects_.mode) == "stack" || preferred_height_ == 0) {
    const float content = ImGui::GetCursorPosY() - ImGui::GetStyle().ItemSpacing.y + ImGui::GetStyle().WindowPadding.y;
    preferred_height_ = std::ceil(content);
    preferred_key_ = PlanKey{};  // measured afresh when the Demo tab's rows come back
  }
  if (!pad_.drawing()) touch_scroll();
  padding_scrollbar();
  ImGui::End();
  explain_.trace.show(model_, ui_);  // trace mode's window, over the demo (demo/trace_view.h)
}

void App::show_lesson() {
  const LessonAction a = lesson_.show(model_, pad_input_.data(), pad_empty_, ui_, fonts_, lesson_models());
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

// Lesson 7 shows the shipped two-stage CNN whatever the Demo shows: its own copy, loaded from the
// shipped bytes when the panel first needs it (the Demo's network may carry edited filters or
// training). Bytes that are fetched on demand (ModelShelf) are asked for then, and the panel says
// "loading" until they arrive.
LessonModels App::lesson_models() {
  LessonModels m;
  m.samples = &samples_;
  if (lesson_.panel() != kPanelCount - 1) return m;  // only the last panel shows it
  const int i = find_model(models().data(), shelf_.count(), "two-stage");
  if (i < 0) return m;
  if (!lesson_two_stage_ && !lesson_two_stage_failed_) {
    if (!shelf_.here(i)) {
      if (shelf_.state(i) == ModelShelf::State::NotRequested) fetch_model(i);
      m.two_stage_loading = shelf_.state(i) == ModelShelf::State::Loading;
      m.two_stage_message = shelf_.message(i);
      return m;
    }
    auto model = std::make_unique<Model>();
    if (model->load(models()[i].bytes, models()[i].size))
      lesson_two_stage_ = std::move(model);
    else
      lesson_two_stage_failed_ = true;
  }
  if (lesson_two_stage_) m.two_stage = &lesson_two_stage_->net();
  return m;
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
  // The tabs beside the title where they fit, else under it.
  const ImGuiStyle& st = ImGui::GetStyle();
  float tabs_w = ImGui::CalcTextSize("English").x;
  for (const char* key : {"tab.demo", "tab.lesson", "tab.train"}) tabs_w += ImGui::CalcTextSize(tr(key)).x;
  tabs_w += 4 * (2 * st.FramePadding.x + st.ItemInnerSpacing.x);
  if (ImGui::GetItemRectSize().x + 28 + tabs_w <= ImGui::GetContentRegionAvail().x) {
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

}  // namespace app
