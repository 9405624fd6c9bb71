// LessonView: the Lesson tab. A list of the seven panels on the left (with Previous / Next),
// the chosen panel on the right; each panel lets the student play with one idea of the
// lecture. Panels only draw: every number comes from the pure logic beside them (conv, pool, im2col, shapes), which call
// the CNN core.
//   1 Why not fully connected?    2 The convolution operation   3 Padding and stride
//   4 3-D and 4-D data             5 Pooling                     6 im2col
//   7 The whole network
#pragma once
#include <memory>
#include <string>

#include "app/app_state.h"
#include "app/lesson/conv.h"
#include "app/lesson/pool.h"
#include "app/lesson/shapes.h"
#include "app/demo/model.h"
#include "app/ui/fonts.h"

namespace app {

// What the lesson asks the App to do after drawing.
struct LessonAction {
  int jump_to_layer = -2;    // >= -1: switch to the Demo tab and select this stage (-1: the input)
  bool load_sample = false;  // put a real MNIST digit into the drawing pad
};

class LessonView {
 public:
  // `pixels`: the 28×28 image the network sees (the drawing or an MNIST sample);
  // `model`: the loaded network (its outputs are those of `pixels`), may be unloaded.
  LessonAction show(Model& model, const float* pixels, bool pixels_empty, UiState& ui, const UiFonts& fonts);
  // Embedding (app_embed.cpp): the panel shown (0..6), and what it shows as plain text for
  // screen readers ("Lesson 2 of 7: … Window 3 of 4: 1*2 + … = 15").
  static constexpr int kPanelCount = 7;
  int panel() const { return panel_; }
  void set_panel(int panel) { if (panel >= 0 && panel < kPanelCount) panel_ = panel; }
  std::string description() const;
  // A panel's Play is on: the next frames must be drawn even without input.
  bool playing() const { return conv_playing_ || ps_playing_ || pool_playing_; }

 private:
  void heading(const char* text);
  void panel_fully_connected(const float* pixels, bool empty, LessonAction& act);
  void panel_convolution(UiState& ui);
  void panel_padding_stride(UiState& ui);
  void panel_3d_4d();
  void panel_pooling(UiState& ui);
  void panel_im2col();
  void panel_network(Model& model, const float* pixels, bool empty, LessonAction& act);
  // Play: advances `step` every 0.9 s while `playing` (never with reduced motion).
  void play_controls(const char* id, int& step, int count, bool& playing, const UiState& ui);

  const UiFonts* fonts_ = nullptr;
  int panel_ = 0;
  float play_clock_ = 0;

  // 1
  int fc_row_ = 10, fc_col_ = 12;
  // 2 and 6 share the convolution example (edits show up in both)
  lesson::ConvSetup conv_ = lesson::lecture_conv_example();
  int conv_step_ = 0;
  bool conv_playing_ = false;
  // 3
  int ps_input_ = 5, ps_filter_ = 3, ps_pad_ = 1, ps_stride_ = 2, ps_step_ = 0;
  bool ps_playing_ = false;
  // 4
  lesson::MultiConvSetup conv3d_ = lesson::example_3d(2);
  int c3_filter_ = 0, c3_cell_ = 0;
  int batch_n_ = 10, batch_c_ = 3, batch_fn_ = 30;
  // 5
  lesson::PoolSetup pool_ = lesson::pool_example();
  int pool_step_ = 0, shift_dir_ = 0;  // 0: right, 1: down
  bool pool_playing_ = false;
  // 6
  int im2col_row_ = 0;
  // 7
  bool summary_ready_ = false;
  lesson::NetworkSummary cnn_summary_, fc_summary_;
  int filter_ = 0;
};

}  // namespace app
