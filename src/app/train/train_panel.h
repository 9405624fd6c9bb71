// TrainPanel: the Train tab's controls and read-outs, drawn with ImGui — start from scratch /
// continue from the shipped model, optimizer, learning rate, batch size, architecture, pause /
// resume / reset, which model the demo uses, export / import of .cnnw weights; progress, plots
// (ImGui::PlotLines) and conv1's filters as images. It only draws and calls the TrainController
// (controller.h), which does the work and also answers the page's JavaScript API.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "app/demo/feature_map_renderer.h"
#include "app/demo/model.h"
#include "app/train/controller.h"

namespace app {

class TrainPanel {
 public:
  explicit TrainPanel(TrainController& controller) : controller_(controller) {}
  // The Train tab, `width` × `height` pixels: the controls; progress, plots and filters; and
  // try_it(width), the App's pad with its prediction: in the columns train_tab_layout(width)
  // gives (embed/layout.h), one under the other where they do not fit side by side.
  // Opening it is what fetches the data file; reopening it after a failed download tries again.
  void show(FeatureMapRenderer& renderer, Model& model, float width, float height,
            const std::function<void(float width)>& try_it);

 private:
  void show_controls(Model& model);
  void show_progress(FeatureMapRenderer& renderer, Model& model, float width);
  void show_filters(FeatureMapRenderer& renderer, Model& model, float width);
  void ask_architecture();

  TrainController& controller_;
  TrainSettings pending_;       // architecture change awaiting confirmation
  std::string pending_words_;   // its question, worded when it was asked
  bool open_confirm_ = false;
  int last_shown_frame_ = -1;  // ImGui's frame count when the panel was last drawn

  MapTexture filter_texture_;
  uint64_t filter_version_ = ~uint64_t(0);
  std::vector<float> plot_scratch_;
};

}  // namespace app
