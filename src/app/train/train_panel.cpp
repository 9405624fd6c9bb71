#include "app/train/train_panel.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <utility>

#include "app/embed/layout.h"
#include "app/ui/i18n.h"
#include "app/ui/widgets.h"
#include "cnn/layers.h"
#include "cnn/optimizer.h"
#include "imgui.h"

namespace app {

namespace {

int optimizer_index(const std::string& name) {
  for (int i = 0; i < cnn::kOptimizerCount; ++i)
    if (name == cnn::kOptimizerNames[i]) return i;
  return cnn::kOptimizerCount - 1;
}

std::string percent(float v) {
  if (v < 0) return "–";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f%%", v * 100.0f);
  return buf;
}

// One labelled read-out: "label   value".
void figure(const char* label, const std::string& value) {
  ImGui::TextDisabled("%s", label);
  ImGui::SameLine(150);
  ImGui::TextUnformatted(value.c_str());
}

}  // namespace

// ------------------------------------------------------------------------------------------
// The panel, top to bottom: data, start buttons, settings, pause/reset, which model the demo
// uses, weights files | the read-outs, plots and filters.

void TrainPanel::show(FeatureMapRenderer& renderer, Model& model, float width, float height,
                      const std::function<void(float width)>& try_it) {
  // Opening the panel is what fetches the data file; opening it again (it was not drawn in the
  // previous frame) after a failure fetches it again.
  const int frame = ImGui::GetFrameCount();
  if (last_shown_frame_ >= 0 && frame != last_shown_frame_ + 1) controller_.retry_data();
  last_shown_frame_ = frame;
  controller_.request_data();
  const TrainTabLayout l = train_tab_layout(width);
  // The width inside a child that may show a vertical scrollbar.
  const auto inner = [] { return ImGui::GetContentRegionAvail().x; };
  const auto progress_then_try_it = [&] {
    show_progress(renderer, model, inner());
    ImGui::Spacing();
    try_it(inner());
  };
  if (l.columns == 1) {  // a phone: one scrolling column
    ImGui::BeginChild("##train_all", ImVec2(0, height), false);
    show_controls(model);
    ImGui::Spacing();
    progress_then_try_it();
    ImGui::EndChild();
  } else {
    ImGui::BeginChild("##train_controls", ImVec2(l.controls_w, height), false);
    show_controls(model);
    ImGui::EndChild();
    ImGui::SameLine(0, kTrainGap);
    if (l.columns == 2) {  // an LMS frame: the try-it pad under the progress
      ImGui::BeginChild("##train_progress", ImVec2(l.progress_w, height), false);
      progress_then_try_it();
      ImGui::EndChild();
    } else {
      ImGui::BeginChild("##train_progress", ImVec2(l.progress_w, height), false);
      show_progress(renderer, model, inner());
      ImGui::EndChild();
      ImGui::SameLine(0, kTrainGap);
      ImGui::BeginGroup();
      try_it(l.try_w);
      ImGui::EndGroup();
    }
  }
  ask_architecture();
}

void TrainPanel::show_controls(Model& model) {
  // Data.
  const ImVec4 red(1.0f, 0.45f, 0.40f, 1.0f);
  push_wrap_at_visible_edge();
  const std::string data_message = controller_.data_message();
  if (controller_.data_state() == TrainController::DataState::Failed)
    ImGui::TextColored(red, "%s", data_message.c_str());
  else
    ImGui::TextDisabled("%s", data_message.c_str());
  ImGui::PopTextWrapPos();
  if (const float f = controller_.data_fraction(); f >= 0) ImGui::ProgressBar(f, ImVec2(-1, 0));
  if (controller_.data_state() == TrainController::DataState::Failed && wide_button(tr("train.retry")))
    controller_.retry_data();
  ImGui::Spacing();

  // Start.
  const TrainSession& session = controller_.session();
  const TrainSettings& settings = controller_.settings();
  const bool ready = session.has_data();
  ImGui::BeginDisabled(!ready);
  if (wide_button(tr("train.scratch"))) controller_.start(false, settings);
  if (wide_button(tr("train.continue"))) controller_.start(true, settings);
  ImGui::EndDisabled();

  // Pause / Resume / Reset.
  const bool has_net = session.has_network();
  ImGui::BeginDisabled(!has_net || !ready);
  if (controller_.running()) {
    if (ImGui::Button(tr("train.pause"), ImVec2(110, 0))) controller_.set_running(false);
  } else if (ImGui::Button(tr("train.resume"), ImVec2(110, 0))) {
    controller_.set_running(true);
  }
  ImGui::SameLine();
  if (ImGui::Button(tr("train.reset"), ImVec2(110, 0))) controller_.reset();  // a fresh network, paused
  ImGui::EndDisabled();
  ImGui::Separator();

  // Settings: optimizer, learning rate and batch size apply at once.
  ImGui::SeparatorText(tr("train.settings"));
  TrainSettings s = settings;
  ImGui::PushItemWidth(170);
  int opt = optimizer_index(s.optimizer);
  if (ImGui::Combo(tr("train.optimizer"), &opt, cnn::kOptimizerTitles, cnn::kOptimizerCount))
    s.optimizer = cnn::kOptimizerNames[opt];
  ImGui::SliderFloat(tr("train.lr"), &s.lr, 0.0001f, 0.1f, "%.4f", ImGuiSliderFlags_Logarithmic);
  constexpr int kBatchCount = static_cast<int>(std::size(kBatchChoices));
  int batch_i = 1;
  char batch_names[kBatchCount][8];
  const char* batch_items[kBatchCount];
  for (int i = 0; i < kBatchCount; ++i) {
    if (kBatchChoices[i] == s.batch) batch_i = i;
    std::snprintf(batch_names[i], sizeof batch_names[i], "%d", kBatchChoices[i]);
    batch_items[i] = batch_names[i];
  }
  if (ImGui::Combo(tr("train.batch"), &batch_i, batch_items, kBatchCount)) s.batch = kBatchChoices[batch_i];
  ImGui::PopItemWidth();
  controller_.apply(s);  // nothing when nothing changed
  if (has_net) ImGui::TextDisabled(tr("train.lr_now"), session.learning_rate(), session.settings().lr_decay);

  // Architecture: a new network, so it asks first when there is training to lose.
  // One row of radio buttons per choice; picking another value asks for the new architecture.
  auto ask = [&](const TrainSettings& next) {
    pending_ = next;
    open_confirm_ = true;
  };
  ImGui::TextUnformatted(tr("train.network"));
  for (const TrainArchitecture& a : train_architectures()) {
    const std::string label = std::string(tr((std::string("model.") + a.name).c_str())) + "##arch_" + a.name;
    if (ImGui::RadioButton(label.c_str(), settings.architecture == a.name) && settings.architecture != a.name)
      ask(with_architecture(settings, a.name));
  }
  auto size_row = [&](const char* title, const std::vector<int>& choices, int TrainSettings::*field, char tag) {
    ImGui::TextUnformatted(title);
    for (int v : choices) {
      ImGui::SameLine();
      char label[16];
      std::snprintf(label, sizeof label, "%d##%c%d", v, tag, v);
      if (ImGui::RadioButton(label, settings.*field == v) && settings.*field != v) {
        TrainSettings next = settings;
        next.*field = v;
        ask(next);
      }
    }
  };
  if (const TrainArchitecture* arch = find_train_architecture(settings.architecture)) {
    size_row(tr("train.filters"), arch->filter_choices[0], &TrainSettings::filters, 'f');
    if (arch->filter_choices.size() > 1) size_row(tr("train.filters2"), arch->filter_choices[1], &TrainSettings::filters2, 'g');
  }
  size_row(tr("train.hidden"), std::vector<int>(std::begin(kHiddenChoices), std::end(kHiddenChoices)), &TrainSettings::hidden, 'h');
  if (open_confirm_ && !controller_.architecture_change_loses_training()) {  // nothing to lose: no question
    open_confirm_ = false;
    controller_.set_architecture(pending_);
  }
  if (open_confirm_) pending_words_ = describe(cnn::phrase("train.arch_question", {describe_architecture(pending_)}));

  // Which model the demo uses.
  ImGui::SeparatorText(tr("train.model_used"));
  push_wrap_at_visible_edge();
  if (controller_.showing_trained() && has_net)
    ImGui::TextUnformatted(
        describe(cnn::phrase("train.using_trained", {describe_architecture(*session.network())})).c_str());
  else
    ImGui::TextUnformatted(tr("train.using_shipped"));
  ImGui::PopTextWrapPos();
  if (controller_.showing_trained()) {
    if (wide_button(tr("train.use_shipped"))) controller_.use_shipped(model);
  } else {
    ImGui::BeginDisabled(!has_net);
    if (wide_button(tr("train.use_trained"))) controller_.use_trained();
    ImGui::EndDisabled();
  }

  // Weights files.
  ImGui::SeparatorText(tr("train.weights"));
  ImGui::BeginDisabled(!has_net);
  if (ImGui::Button(tr("train.download"))) controller_.download_weights();
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button(tr("train.upload"))) controller_.pick_weights_file();
  const std::string weights_message = controller_.weights_message();
  if (!weights_message.empty()) {
    push_wrap_at_visible_edge();
    if (controller_.weights_message_is_error())
      ImGui::TextColored(red, "%s", weights_message.c_str());
    else
      ImGui::TextDisabled("%s", weights_message.c_str());
    ImGui::PopTextWrapPos();
  }
}

void TrainPanel::ask_architecture() {
  if (open_confirm_) {
    ImGui::OpenPopup("##arch_confirm");
    open_confirm_ = false;
  }
  ImGui::SetNextWindowSize(ImVec2(420, 0));
  if (ImGui::BeginPopupModal("##arch_confirm", nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize)) {
    push_wrap_at_visible_edge();
    ImGui::TextUnformatted(pending_words_.c_str());
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    if (ImGui::Button(tr("train.arch_yes"))) {
      controller_.restart_with_architecture(pending_);
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button(tr("train.arch_no"))) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
}

void TrainPanel::show_progress(FeatureMapRenderer& renderer, Model& model, float width) {
  const TrainSession& session = controller_.session();
  const TrainStatus st = controller_.status();
  ImGui::SeparatorText(tr("train.progress"));
  if (const std::string where = controller_.engine_message(); !where.empty()) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width - 8);
    ImGui::TextDisabled("%s", where.c_str());
    ImGui::PopTextWrapPos();
  }
  char buf[96];
  figure(tr("train.state"), !session.has_network() ? tr("train.state_none")
                            : st.running             ? tr("train.state_running")
                                                     : tr("train.state_paused"));
  std::snprintf(buf, sizeof buf, "%lld  (%.2f %s)", st.step, st.epoch, tr("train.passes"));
  figure(tr("train.steps"), buf);
  std::snprintf(buf, sizeof buf, "%.4f", st.loss);
  figure(tr("train.loss"), session.has_network() && st.step > 0 ? buf : "–");
  figure(tr("train.train_acc"), percent(st.train_accuracy));
  figure(tr("train.test_acc"), percent(st.test_accuracy));
  std::snprintf(buf, sizeof buf, "%.0f", st.images_per_second);
  figure(tr("train.speed"), buf);
  std::snprintf(buf, sizeof buf, "%d:%04.1f", static_cast<int>(st.elapsed_seconds) / 60,
                std::fmod(st.elapsed_seconds, 60.0));
  figure(tr("train.elapsed"), buf);

  // Plots (ImGui's own PlotLines).
  const float plot_w = width - 8;
  const std::vector<float>& loss = session.loss_history();
  std::snprintf(buf, sizeof buf, session.loss_group() > 1 ? tr("train.loss_plot_n") : tr("train.loss_plot"),
                session.loss_group());
  ImGui::TextUnformatted(buf);
  float loss_max = 0.5f;
  for (float v : loss) loss_max = std::max(loss_max, v);
  ImGui::PlotLines("##loss", loss.data(), static_cast<int>(loss.size()), 0, nullptr, 0.0f, std::min(loss_max, 3.0f),
                   ImVec2(plot_w, 90));

  // The two titles on one line, then the two plots on the next: each pair starts at one height
  // (a title beside a plot sat lower by the frame's padding, and a title that wraps pushed only
  // its own plot down).
  const float half_w = (plot_w - 10) * 0.5f;
  const auto title = [&](const char* text) {
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + half_w);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
  };
  const auto plot = [&](const char* id, const std::vector<float>& values) {
    plot_scratch_.assign(values.begin(), values.end());
    for (float& v : plot_scratch_) v *= 100.0f;
    const std::string overlay = values.empty() ? "" : percent(values.back());
    ImGui::PlotLines(id, plot_scratch_.data(), static_cast<int>(plot_scratch_.size()), 0, overlay.c_str(),
                     plot_scratch_.size() > 1 ? 80.0f : 0.0f, 100.0f, ImVec2(half_w, 80));
  };
  const float x0 = ImGui::GetCursorPosX();
  title(tr("train.test_plot"));
  ImGui::SameLine(x0 + half_w + 10);
  title(tr("train.train_plot"));
  plot("##test_acc", session.test_accuracy_history());
  ImGui::SameLine(0, 10);
  plot("##train_acc", session.train_accuracy_history());
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + plot_w);
  ImGui::TextDisabled("%s", tr("train.plot_hint"));
  ImGui::PopTextWrapPos();

  show_filters(renderer, model, width);
}

void TrainPanel::show_filters(FeatureMapRenderer& renderer, Model& model, float width) {
  // conv1's filters, of the network being trained (or the model the demo shows).
  const TrainSession& session = controller_.session();
  const cnn::Network* net = session.has_network() ? session.network() : (model.loaded() ? &model.net() : nullptr);
  const cnn::Convolution* conv =
      net && net->size() > 0 ? dynamic_cast<const cnn::Convolution*>(&net->layer(0)) : nullptr;
  if (!conv) return;
  ImGui::SeparatorText(tr("train.filters_title"));
  const int fn = conv->filters(), fh = conv->filter_h(), fw = conv->filter_w();
  const uint64_t version = session.has_network() ? session.weights_version() : ~uint64_t(1);
  if (version != filter_version_ || filter_texture_.height != fn * fh) {
    renderer.upload(filter_texture_, conv->W.data(), fw, fn * conv->channels() * fh);
    filter_version_ = version;
  }
  float scale = 0;
  for (std::size_t i = 0; i < conv->W.size(); ++i) scale = std::max(scale, std::fabs(conv->W[i]));
  const int columns = fn <= 8 ? 8 : 10;
  const float gap = 4.0f;
  const float cell = std::min(44.0f, std::floor((width - 8 - (columns - 1) * gap) / columns));
  const int rows = (fn + columns - 1) / columns;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  renderer.draw_grid(ImGui::GetWindowDrawList(), filter_texture_, MapStyle{Colormap::Diverging, scale > 0 ? scale : 1.0f, false},
                     origin, fn, fh, columns, ImVec2(cell, cell), gap);
  ImGui::Dummy(ImVec2(columns * (cell + gap), rows * (cell + gap)));
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width - 8);
  ImGui::TextDisabled("%s", tr("train.filters_hint"));
  ImGui::PopTextWrapPos();
}

}  // namespace app
