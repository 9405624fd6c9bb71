// Panel 7, "The whole network": SimpleConvNet's layers with shapes and parameter counts
// (433 890) beside the lecture's 5-layer fully connected network, a click on a layer opens it in
// the Demo tab; the 30 learned filters, one's response to the drawing and to edges.
#pragma once
#include "app/lesson/panel.h"
#include "app/lesson/shapes.h"

namespace app {

class NetworkPanel : public LessonPanel {
 public:
  const char* title_key() const override { return "lesson.p7"; }
  void show(PanelContext& ctx) override;

 private:
  bool summary_ready_ = false;  // the summaries are made on first show
  lesson::NetworkSummary cnn_summary_, fc_summary_;
  int filter_ = 0;  // the first layer's filter picked
};

}  // namespace app
