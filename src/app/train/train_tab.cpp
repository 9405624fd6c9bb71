// The Train tab's screen: the Train panel (controls, progress, filters) and, beside it or under
// the progress in a narrow frame (TrainPanel::show places it), the drawing pad with the
// prediction of the model being trained — so the student sees the answer for their drawing
// change while the network learns. (App member; the panel itself is train_panel.cpp.)
#include <algorithm>
#include <cmath>

#include "app/app.h"
#include "app/ui/i18n.h"
#include "app/demo/softmax_view.h"
#include "imgui.h"

namespace app {

void App::show_train() {
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float height = avail.y - 4;
  train_panel_.show(renderer_, model_, avail.x, height, [&](float width) {
    const float pad_size = std::floor(std::clamp(std::min(width - 8, height * 0.42f), 140.0f, 320.0f));
    heading(tr("train.try_it"));
    show_pad(pad_size, /*with_hint=*/false);
    ImGui::BeginGroup();
    show_prediction_headline(current_label(), pad_probs_, fonts_.big);
    ImGui::Dummy(ImVec2(90, 0));
    ImGui::EndGroup();
    ImGui::SameLine(0, 8);
    show_softmax_bars(current_label(), pad_probs_, std::max(120.0f, std::min(220.0f, pad_size - 100)),
                      std::clamp(pad_size / 12.0f, 16.0f, 24.0f));
  });
}

}  // namespace app
