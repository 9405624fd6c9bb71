// LessonPanel: one panel of the Lesson tab, with its own state; each is a class in its own file
// (panel1_fully_connected.cpp … panel7_network.cpp) that only this header's factory names.
// Each frame LessonView gives the panel shown a PanelContext: what it may read (the model,
// the 28×28 image) and what it may ask the App to do (LessonAction).
#pragma once
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "app/app_state.h"
#include "app/demo/model.h"
#include "app/demo/samples.h"
#include "app/lesson/conv.h"
#include "app/lesson/step_player.h"
#include "app/ui/fonts.h"

namespace app {

// What the lesson asks the App to do after drawing.
struct LessonAction {
  int jump_to_layer = -2;    // >= -1: switch to the Demo tab and select this stage (-1: the input)
  bool load_sample = false;  // put a real MNIST digit into the drawing pad
};

// The shipped networks and digits Lesson 7 shows beside the model of the Demo tab.
struct LessonModels {
  const std::vector<SampleDigit>* samples = nullptr;  // the real MNIST digits (null: none)
  cnn::Network* two_stage = nullptr;  // the shipped two-stage CNN with its weights; null while not available
  bool two_stage_loading = false;     // ... because its weights are still being fetched
  std::string two_stage_message;      // the download's words ("Loading … 42 %", why it failed), or ""
};

struct PanelContext {
  Model& model;          // the loaded network (its outputs are those of `pixels`), may be unloaded
  const float* pixels;   // the 28×28 image the network sees (the drawing or an MNIST sample)
  bool pixels_empty;
  UiState& ui;
  const UiFonts& fonts;
  LessonAction& action;  // what the panel asks of the App this frame
  const LessonModels& models;

  void heading(const char* text) const;  // a section title in the heading font
  // The page shows the Demo tab (an embed with view=lesson does not: no "… in the Demo tab").
  bool demo_tab() const { return ui.only_tab < 0 || ui.only_tab == static_cast<int>(Tab::Demo); }
};

class LessonPanel {
 public:
  // The i18n keys of the panel's title ("lesson.p2": "The convolution operation") and of the
  // paragraph LessonView writes above it (nullptr: the panel writes its own).
  explicit LessonPanel(const char* title_key, const char* intro_key = nullptr) : title_key_(title_key), intro_key_(intro_key) {}
  virtual ~LessonPanel() = default;
  const char* title_key() const { return title_key_; }
  const char* intro_key() const { return intro_key_; }
  // Draws the panel below its title and introduction.
  virtual void show(PanelContext& ctx) = 0;
  // For screen readers, after "Lesson 2 / 7: <title>.": the current step and its arithmetic
  // as the panel writes it ("window 1 of 4: 1*2 + … = 15"); "" when there is nothing to add.
  virtual std::string description() const { return {}; }
  // Play is on: the next frames must be drawn even without input.
  virtual bool playing() const { return false; }

 private:
  const char* title_key_;
  const char* intro_key_;
};

// A panel that steps a window over a grid with Back / Play / Step (panels 2, 3 and 5).
class SteppedPanel : public LessonPanel {
 public:
  using LessonPanel::LessonPanel;
  bool playing() const override { return player_.playing(); }

 protected:
  lesson::StepPlayer player_;  // the window's position
};

// "window 2 of 4: 2*2 + 3*0 + … = 16": step `step` of `s` for screen readers (panels 2 and 3);
// "" when `s` has no output.
std::string conv_step_description(const lesson::ConvSetup& s, int step);

// The panels, in the lecture's order. `example` is the convolution example panels 2 and 6 share
// (panel 2 edits it, panel 6 shows it unrolled); the others ignore it.
using PanelFactory = std::unique_ptr<LessonPanel> (*)(lesson::ConvSetup& example);
std::unique_ptr<LessonPanel> make_fully_connected_panel(lesson::ConvSetup& example);  // 1
std::unique_ptr<LessonPanel> make_convolution_panel(lesson::ConvSetup& example);      // 2
std::unique_ptr<LessonPanel> make_padding_stride_panel(lesson::ConvSetup& example);   // 3
std::unique_ptr<LessonPanel> make_data_3d_4d_panel(lesson::ConvSetup& example);       // 4
std::unique_ptr<LessonPanel> make_pooling_panel(lesson::ConvSetup& example);          // 5
std::unique_ptr<LessonPanel> make_im2col_panel(lesson::ConvSetup& example);           // 6
std::unique_ptr<LessonPanel> make_network_panel(lesson::ConvSetup& example);          // 7
inline constexpr PanelFactory kPanelFactories[] = {
    make_fully_connected_panel, make_convolution_panel, make_padding_stride_panel, make_data_3d_4d_panel,
    make_pooling_panel,         make_im2col_panel,      make_network_panel};
inline constexpr int kPanelCount = static_cast<int>(std::size(kPanelFactories));

}  // namespace app
