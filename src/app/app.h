// App: the whole demo screen. Owns the one Model, the drawing pad, the sample digits and
// the UI state; frame() lays the screen out top to bottom like it appears:
//   top bar (title, Demo | Lesson)
//   [1. draw]  [2. what the network sees + prediction]  [3. softmax bars]  [detail panel]
//   pipeline strip: input → conv → relu → pool → affine → relu → affine → softmax
// The forward pass runs once per change of the drawing, before the views read it.
#pragma once
#include <array>
#include <memory>
#include <cstdint>
#include <string>
#include <vector>

#include "app/app_state.h"
#include "app/demo/drawing_pad.h"
#include "app/demo/explain_ui.h"
#include "app/demo/feature_map_renderer.h"
#include "app/lesson/lesson_view.h"
#include "app/demo/samples.h"
#include "app/demo/model.h"
#include "app/demo/model_shelf.h"
#include "app/demo/pipeline_view.h"
#include "app/embed/layout.h"
#include "app/train/train_panel.h"
#include "app/ui/fonts.h"

namespace app {

class App {
 public:
  // Loads the first of `models` (compiled in; the others may be fetched on demand: ModelShelf)
  // and the sample digits. false: model_error() says why.
  bool load(std::vector<ShippedModel> models, const uint8_t* samples, std::size_t samples_size);
  std::string model_error() const { return model_.error(); }
  // GL resources; call with a current WebGL2 context. false: renderer_error().
  bool init_graphics();
  void set_fonts(const UiFonts& fonts) { fonts_ = fonts; }
  const char* renderer_error() const { return renderer_.error(); }

  // Builds this frame's UI (between ImGui::NewFrame() and ImGui::Render()).
  void frame();
  // Something moves on screen without input (a lesson panel's Play, training between frames):
  // main.cpp keeps drawing frames (training in the worker only asks for one per report). Otherwise, a while after the last input it stops drawing (the canvas keeps
  // the last frame), so an idle page costs next to no CPU or GPU.
  bool animating() {
    return lesson_.playing() || train_.needs_frames() || explain_.busy() || lesson_waits_for_model();
  }

  // --- used by the page's JavaScript API (src/web/) ---
  // The pad's prediction (label -1 when the pad is empty, kNoAnswer with all probabilities 0
  // when the network's output was not finite); current after update().
  void update();
  int current_label() const { return pad_empty_ ? -1 : pad_label_; }
  const std::array<float, kClasses>& current_probs() const { return pad_probs_; }
  // "Prediction: 7 (98.2%)", "Draw a digit", or why there is no answer.
  std::string prediction_text() const;
  void clear();
  // Classifies a checked 28×28 image without touching the pad (the pad's feature maps are
  // recomputed before the next frame draws them). kNoAnswer (probs all 0) for a non-finite output.
  int predict(const float* pixels, float* probs);
  bool load_sample(int index);  // shows real test digit `index` in the pad
  int sample_count() const { return static_cast<int>(samples_.size()); }
  int sample_label(int index) const { return samples_.at(index).label; }
  const DrawingPad& pad() const { return pad_; }
  // The pressed pointer's positions since the last frame (DrawingPad::set_trail), before frame().
  void set_pointer_trail(std::vector<ImVec2> trail) { pad_.set_trail(std::move(trail)); }
  // Embedding (app_embed.cpp): URL options and the host page's messages.
  void show_only_tab(int tab);        // a Tab value: only that tab is offered; -1: all tabs
  void show_lesson_panel(int panel);  // 0..6: opens the Lesson tab on that panel
  void set_reduced_motion(bool on) { ui_.reduced_motion = on; }
  // The Lesson tab (its practice items and visited panels, for LMS reporting: src/web/practice_exports.cpp).
  LessonView& lesson() { return lesson_; }
  const LessonView& lesson() const { return lesson_; }
  Tab tab() const { return ui_.tab; }
  // What the canvas shows, as text for screen readers (the prediction; in the Lesson tab the
  // panel and the current step's arithmetic).
  std::string screen_description() const;
  // The Train tab's controller (train/controller.h), which the page's API drives too;
  // open_train() selects the tab, as the page's API does.
  TrainController& train() { return train_; }
  Model& model() { return model_; }
  const PipelineView& pipeline() const { return pipeline_; }
  // The model switch (Demo tab, URL option model=, host message set-model, CNNDemo.setModel):
  // the shipped models, and which one the demo shows (the Train tab's "shipped" model too).
  const std::vector<ShippedModel>& models() const { return shelf_.models(); }
  int model_index() const { return model_index_; }
  // The shipped models' downloads. The bytes of shipped model i (its .cnnw file) are
  // models()[i].bytes once shelf().here(i): at once for the first, after fetch_model(i) has
  // brought them for the others.
  const ModelShelf& shelf() const { return shelf_; }
  // Shows models()[index], keeping the drawing: only between frames (the page's API), never
  // while the views draw (they read the current network's layer outputs). Training pauses and
  // the demo shows the chosen shipped model. A model not fetched yet is fetched first and shown
  // when it arrives (wanted_model() until then; the switch says it is loading, or why it
  // failed with a retry). false (nothing changes) for a bad index or a model that does not load.
  bool set_model(int index);
  // The model asked for that is still downloading (or whose download failed), or -1.
  int wanted_model() const { return wanted_model_; }
  // Fetches models()[index] if it is not here (again after a failure), without showing it.
  void fetch_model(int index);
  // How the page fetches a model file (src/web/model_exports.cpp): fetcher(index, name); the
  // answer comes back through model_arrived / model_progress / model_failed.
  void set_model_fetcher(void (*fetcher)(int index, const char* name)) { fetcher_ = fetcher; }
  void model_progress(int index, double received, double total) { shelf_.progress(index, received, total); }
  // Between frames: the bytes are checked and kept; the model is shown if it is the one wanted.
  void model_arrived(int index, const uint8_t* bytes, std::size_t size);
  void model_failed(int index, cnn::Message why) { shelf_.failed(index, std::move(why)); }
  // From inside a frame (the switch's buttons): set_model() at the start of the next frame.
  void request_model(int index) { pending_model_ = index; }
  // Where the switch's buttons were drawn in the last frame (the browser tests click them).
  const std::vector<ScreenRect>& model_button_rects() const { return model_button_rects_; }
  void open_train() { select_train_tab_ = true; }
  // The weights moved: predict the pad again, rank the channels' crops again (`training`: at most
  // once a second, the weights then move every frame).
  void model_changed(bool training = false) {
    outputs_are_pad_ = false;
    explain_.crops.crops().weights_changed(training);
  }
  // Trace mode, "why this digit", the filter switch (demo/explain_ui.h; src/web/explain_exports.cpp).
  ExplainUi& explain() { return explain_; }
  // Where the last frame drew the Demo tab's parts (CNNDemo.layout(), the layout tests), in
  // canvas pixels; mode "rows", "compact" (rows with the small row), "stack" (narrow), or ""
  // when another tab is shown. Stages: pipeline().stage_boxes().
  struct DemoRects {
    const char* mode = "";
    ScreenRect pad, seen, prediction;
    float cell = 0;  // the strip's map cells
  };
  const DemoRects& demo_rects() const { return demo_rects_; }
  // The height (canvas pixels) the whole page would like at its present width, for host pages
  // that size the frame (web/embed.js posts it): in the Demo tab from the width alone
  // (rows_preferred_height, or the narrow layout's natural height), elsewhere the tab's content.
  float preferred_height() const { return preferred_height_; }
  // The shipped real MNIST digits, the pad's 28×28 drawing (null when the pad is empty) and the
  // sample loaded into the pad (-1: it holds a drawing): what the channels' crops rank.
  const std::vector<SampleDigit>& samples() const { return samples_; }
  const float* pad_drawing() const { return pad_empty_ ? nullptr : pad_input_.data(); }
  int pad_sample() const { return ui_.sample_index; }

 private:
  void show_top_bar();
  void show_demo();
  void show_demo_narrow();  // iframes and phones (embed/layout.h); both in demo/demo_tab.cpp
  void show_lesson();
  void show_train();  // train_tab.cpp
  void heading(const char* text);
  // The drawing pad of `size` pixels with Clear and "Real MNIST digit" under it (side by side
  // when they fit), and Backspace/Delete to clear; `with_hint` adds the hint or the sample's
  // label. Used by the Demo tab (wide and narrow layouts) and the Train tab.
  void show_pad(float size, bool with_hint);
  // short: the models' short names (the long one as a tooltip), for the compact row.
  void show_model_switch(bool short_names = false);  // demo/demo_tab.cpp
  // The Demo tab's layout for a content region of width × height (demo_tab.cpp).
  RowsRequest demo_rows_request(float width, float height) const;
  void show_pipeline_title(float width, bool compact);
  float pipeline_title_height(float width, bool compact) const;
  LessonModels lesson_models();  // what Lesson 7 shows beside model_
  // Lesson 7 is shown and says "loading" (its progress line moves, the crops come when it arrives).
  bool lesson_waits_for_model() const {
    return ui_.tab == Tab::Lesson && lesson_.panel() == kPanelCount - 1 && !lesson_two_stage_ && shelf_.busy() >= 0;
  }


  Model model_;
  ModelShelf shelf_;
  int model_index_ = 0;
  int wanted_model_ = -1;
  void (*fetcher_)(int, const char*) = nullptr;
  int pending_model_ = -1;
  std::vector<ScreenRect> model_button_rects_;
  DemoRects demo_rects_;
  // The rows plan for the last content size (recomputed when the size, model, language or the
  // measured heights of the parts that can grow change).
  struct PlanKey {
    float w = -1, h = -1, seen_extra = -1, detail_h = -1;
    int model = -1, lang = -1, selected = -1;
    bool operator==(const PlanKey& o) const {
      return w == o.w && h == o.h && seen_extra == o.seen_extra && detail_h == o.detail_h && model == o.model &&
             lang == o.lang && selected == o.selected;
    }
  };
  PlanKey plan_key_, preferred_key_;
  RowsPlan plan_;
  float preferred_height_ = 0;
  float seen_extra_h_ = 0;  // last frame: the controls under "What the network sees" ("why this digit")
  // The detail panel's height beside the row, measured the first frame it is shown there for
  // detail_key_'s width, model, language and selected layer, and kept while the panel goes under
  // the pipeline instead (measuring it anew there, as 0, made the plan flip every frame).
  float detail_h_ = 0;
  PlanKey detail_key_;
  int shown_selection_ = -1;  // the map whose detail panel the last frame showed
  DrawingPad pad_;
  FeatureMapRenderer renderer_;
  PipelineView pipeline_;
  ExplainUi explain_;
  LessonView lesson_;
  std::unique_ptr<Model> lesson_two_stage_;  // Lesson 7's copy of the shipped two-stage CNN
  bool lesson_two_stage_failed_ = false;
  bool select_demo_tab_ = false;  // the lesson asked to jump to a pipeline stage
  TrainController train_;
  TrainPanel train_panel_{train_};
  bool select_train_tab_ = false;
  UiState ui_;
  UiFonts fonts_;
  std::vector<SampleDigit> samples_;
  uint32_t sample_rng_ = 12345;

  // The pad's last forward pass and what it was computed from.
  uint64_t pad_version_seen_ = ~uint64_t(0);
  bool outputs_are_pad_ = false;  // false after an API predict() reused the network
  bool pad_empty_ = true;
  int pad_label_ = -1;
  std::array<float, kClasses> pad_probs_{};
  std::array<float, kInputSize> pad_input_{};
};

}  // namespace app
