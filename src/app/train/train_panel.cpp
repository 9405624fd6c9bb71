#include "app/train/train_panel.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

#include "app/ui/i18n.h"
#include "app/train/train_host.h"
#include "cnn/layers.h"
#include "imgui.h"

namespace app {

namespace {

constexpr double kSyncSeconds = 0.2;  // while training, the demo's copy of the weights refreshes 5×/s
constexpr double kTaskSeconds = 0.015;  // one task between frames: at most a step or this much evaluation
const char* const kOptimizers[] = {"sgd", "momentum", "adam"};
const char* const kOptimizerNames[] = {"SGD", "Momentum", "Adam"};
const int kBatches[] = {16, 32, 50, 100};
const int kFilters[] = {8, 16, 30};
const int kHidden[] = {50, 100};

int optimizer_index(const std::string& name) {
  for (int i = 0; i < 3; ++i)
    if (name == kOptimizers[i]) return i;
  return 2;
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

void TrainPanel::request_data() {
  if (data_state_ != DataState::NotRequested) return;
  data_state_ = DataState::Loading;
  data_message_ = tr("train.data_loading");
  train_host::fetch_data();
}

void TrainPanel::data_arrived(const uint8_t* bytes, std::size_t size) {
  const std::string error = session_.set_data(bytes, size);
  if (!error.empty()) {
    data_failed(error);
    return;
  }
  data_state_ = DataState::Ready;
  char buf[160];
  std::snprintf(buf, sizeof buf, tr("train.data_ready"), session_.train_count(), session_.test_count(),
                static_cast<double>(size) / 1e6);
  data_message_ = buf;
}

void TrainPanel::data_failed(const std::string& why) {
  data_state_ = DataState::Failed;
  data_message_ = std::string(tr("train.data_failed")) + " " + why;
  start_when_ready_ = false;
}

std::string TrainPanel::start(bool from_shipped, const TrainSettings& settings, Model& model) {
  settings_ = settings;
  if (!session_.has_data()) {
    if (data_state_ == DataState::Failed) return data_message_;
    request_data();
    start_when_ready_ = true;  // tick() starts it when the data is there
    start_from_shipped_ = from_shipped;
    return "";
  }
  start_when_ready_ = false;
  std::string error;
  if (from_shipped) {
    Model shipped;
    if (!shipped.load(shipped_, shipped_size_)) return shipped.error();
    error = session_.start_from(shipped.net(), settings_);
  } else {
    error = session_.start_from_scratch(settings_);
  }
  if (!error.empty()) return error;
  settings_ = session_.settings();  // "continue" takes the shipped architecture
  set_running(true, model);
  return "";
}

void TrainPanel::set_running(bool running, Model& model) {
  (void)model;
  session_.set_running(running);
  if (running && session_.has_network()) {
    showing_trained_ = true;  // resuming shows the network being trained again
    model_dirty_ = true;
  }
}

void TrainPanel::use_shipped(Model& model) {
  session_.set_running(false);
  showing_trained_ = false;
  model.load(shipped_, shipped_size_);
  model_dirty_ = false;
  model_changed_ = true;
}

std::vector<uint8_t> TrainPanel::export_weights() { return session_.export_weights(); }

std::string TrainPanel::import_weights(const uint8_t* bytes, std::size_t size, Model& model) {
  if (!session_.has_network()) {  // nothing trained yet: a fresh network of the chosen architecture
    const std::string error = session_.start_from_scratch(settings_);
    if (!error.empty()) return error;
  }
  const std::string error = session_.import_weights(bytes, size);
  weights_message_error_ = !error.empty();
  if (!error.empty()) {
    weights_message_ = std::string(tr("train.import_refused")) + " " + error;
    return error;
  }
  char buf[160];
  std::snprintf(buf, sizeof buf, tr("train.import_done"), describe_architecture(*session_.network()).c_str());
  weights_message_ = buf;
  showing_trained_ = true;
  model_dirty_ = true;
  sync_model(model);
  return "";
}

bool TrainPanel::sync_model(Model& model) {
  cnn::Network* net = session_.network();
  if (!showing_trained_ || !net) return false;
  if (!model.loaded() || !copy_weights(*net, model.net())) {  // another architecture: a new copy
    std::string error;
    std::unique_ptr<cnn::Network> copy = clone_network(*net, error);
    if (!copy || !model.replace(std::move(copy))) return false;
  }
  synced_version_ = session_.weights_version();
  last_sync_ = train_host::now_seconds();
  model_dirty_ = false;
  model_changed_ = true;
  return true;
}

bool TrainPanel::tick(Model& model) {
  if (start_when_ready_ && session_.has_data()) {
    const std::string error = start(start_from_shipped_, settings_, model);
    if (!error.empty()) data_message_ = error;
  }
  pacer_.frame_began(train_host::now_seconds());
  trained_this_frame_ = false;
  if (session_.running() || session_.evaluating()) train_host::train_after_frame();
  if (showing_trained_ && session_.has_network()) {
    const bool moved = session_.weights_version() != synced_version_;
    if (model_dirty_ || (moved && (!session_.running() || train_host::now_seconds() - last_sync_ >= kSyncSeconds)))
      sync_model(model);
  }
  return std::exchange(model_changed_, false);
}

bool TrainPanel::train_between_frames() {
  if (!session_.running() && !session_.evaluating()) return false;
  const double left = pacer_.deadline() - train_host::now_seconds();
  if (trained_this_frame_ && session_.next_unit_seconds() > left) return false;  // the next frame is near
  session_.slice(std::clamp(left, 0.0, kTaskSeconds), 1);
  trained_this_frame_ = true;
  return pacer_.deadline() > train_host::now_seconds();
}

// ------------------------------------------------------------------------------------------
// The panel, top to bottom: data, start buttons, settings, pause/reset, which model the demo
// uses, weights files | the read-outs, plots and filters.

void TrainPanel::show(FeatureMapRenderer& renderer, Model& model, float height) {
  request_data();  // opening the panel is what fetches the data file
  const float controls_w = 360.0f;
  ImGui::BeginChild("##train_controls", ImVec2(controls_w, height), false);
  show_controls(model);
  ImGui::EndChild();
  ImGui::SameLine(0, 24);
  const float progress_w = std::max(300.0f, std::min(560.0f, ImGui::GetContentRegionAvail().x * 0.55f));
  ImGui::BeginChild("##train_progress", ImVec2(progress_w, height), false);
  show_progress(renderer, model, progress_w);
  ImGui::EndChild();
  ask_architecture(model);
}

void TrainPanel::show_controls(Model& model) {
  // Data.
  const ImVec4 red(1.0f, 0.45f, 0.40f, 1.0f);
  ImGui::PushTextWrapPos(0);
  if (data_state_ == DataState::Failed)
    ImGui::TextColored(red, "%s", data_message_.c_str());
  else
    ImGui::TextDisabled("%s", data_message_.c_str());
  ImGui::PopTextWrapPos();
  ImGui::Spacing();

  // Start.
  const bool ready = session_.has_data();
  ImGui::BeginDisabled(!ready);
  if (ImGui::Button(tr("train.scratch"), ImVec2(-1, 0))) start(false, settings_, model);
  if (ImGui::Button(tr("train.continue"), ImVec2(-1, 0))) start(true, settings_, model);
  ImGui::EndDisabled();

  // Pause / Resume / Reset.
  const bool has_net = session_.has_network();
  ImGui::BeginDisabled(!has_net || !ready);
  if (session_.running()) {
    if (ImGui::Button(tr("train.pause"), ImVec2(110, 0))) set_running(false, model);
  } else if (ImGui::Button(tr("train.resume"), ImVec2(110, 0))) {
    set_running(true, model);
  }
  ImGui::SameLine();
  if (ImGui::Button(tr("train.reset"), ImVec2(110, 0))) {  // a fresh network, paused
    session_.start_from_scratch(settings_);
    showing_trained_ = true;
    model_dirty_ = true;
  }
  ImGui::EndDisabled();
  ImGui::Separator();

  // Settings: optimizer, learning rate and batch size apply at once.
  ImGui::SeparatorText(tr("train.settings"));
  TrainSettings s = settings_;
  ImGui::PushItemWidth(170);
  int opt = optimizer_index(s.optimizer);
  if (ImGui::Combo(tr("train.optimizer"), &opt, kOptimizerNames, 3)) s.optimizer = kOptimizers[opt];
  ImGui::SliderFloat(tr("train.lr"), &s.lr, 0.0001f, 0.1f, "%.4f", ImGuiSliderFlags_Logarithmic);
  int batch_i = 1;
  for (int i = 0; i < 4; ++i)
    if (kBatches[i] == s.batch) batch_i = i;
  const char* batch_names[] = {"16", "32", "50", "100"};
  if (ImGui::Combo(tr("train.batch"), &batch_i, batch_names, 4)) s.batch = kBatches[batch_i];
  ImGui::PopItemWidth();
  if (s.optimizer != settings_.optimizer || s.lr != settings_.lr || s.batch != settings_.batch) {
    settings_ = s;
    session_.apply(settings_);
  }
  if (has_net) ImGui::TextDisabled(tr("train.lr_now"), session_.learning_rate(), session_.settings().lr_decay);

  // Architecture: a new network, so it asks first when there is training to lose.
  ImGui::TextUnformatted(tr("train.filters"));
  for (int f : kFilters) {
    ImGui::SameLine();
    char label[16];
    std::snprintf(label, sizeof label, "%d##f%d", f, f);
    if (ImGui::RadioButton(label, settings_.filters == f) && settings_.filters != f) {
      pending_filters_ = f;
      pending_hidden_ = settings_.hidden;
      open_confirm_ = true;
    }
  }
  ImGui::TextUnformatted(tr("train.hidden"));
  for (int h : kHidden) {
    ImGui::SameLine();
    char label[16];
    std::snprintf(label, sizeof label, "%d##h%d", h, h);
    if (ImGui::RadioButton(label, settings_.hidden == h) && settings_.hidden != h) {
      pending_filters_ = settings_.filters;
      pending_hidden_ = h;
      open_confirm_ = true;
    }
  }
  if (open_confirm_ && (!has_net || session_.status().step == 0)) {  // nothing to lose: no question
    open_confirm_ = false;
    settings_.filters = pending_filters_;
    settings_.hidden = pending_hidden_;
    if (has_net) {
      session_.start_from_scratch(settings_);
      model_dirty_ = true;
    }
  }

  // Which model the demo uses.
  ImGui::SeparatorText(tr("train.model_used"));
  ImGui::PushTextWrapPos(0);
  if (showing_trained_ && has_net)
    ImGui::Text(tr("train.using_trained"), describe_architecture(*session_.network()).c_str());
  else
    ImGui::TextUnformatted(tr("train.using_shipped"));
  ImGui::PopTextWrapPos();
  if (showing_trained_) {
    if (ImGui::Button(tr("train.use_shipped"), ImVec2(-1, 0))) use_shipped(model);
  } else {
    ImGui::BeginDisabled(!has_net);
    if (ImGui::Button(tr("train.use_trained"), ImVec2(-1, 0))) {
      showing_trained_ = true;
      model_dirty_ = true;
    }
    ImGui::EndDisabled();
  }

  // Weights files.
  ImGui::SeparatorText(tr("train.weights"));
  ImGui::BeginDisabled(!has_net);
  if (ImGui::Button(tr("train.download"))) {
    const std::vector<uint8_t> bytes = export_weights();
    if (!bytes.empty()) train_host::download(bytes, "simpleconvnet-trained.cnnw");
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button(tr("train.upload"))) train_host::pick_weights_file();
  if (!weights_message_.empty()) {
    ImGui::PushTextWrapPos(0);
    if (weights_message_error_)
      ImGui::TextColored(red, "%s", weights_message_.c_str());
    else
      ImGui::TextDisabled("%s", weights_message_.c_str());
    ImGui::PopTextWrapPos();
  }
}

void TrainPanel::ask_architecture(Model& model) {
  if (open_confirm_) {
    ImGui::OpenPopup("##arch_confirm");
    open_confirm_ = false;
  }
  ImGui::SetNextWindowSize(ImVec2(420, 0));
  if (ImGui::BeginPopupModal("##arch_confirm", nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize)) {
    ImGui::PushTextWrapPos(0);
    ImGui::Text(tr("train.arch_question"), pending_filters_, pending_hidden_);
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    if (ImGui::Button(tr("train.arch_yes"))) {
      const bool was_running = session_.running();
      settings_.filters = pending_filters_;
      settings_.hidden = pending_hidden_;
      session_.start_from_scratch(settings_);
      set_running(was_running, model);
      showing_trained_ = true;
      model_dirty_ = true;
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button(tr("train.arch_no"))) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
}

void TrainPanel::show_progress(FeatureMapRenderer& renderer, Model& model, float width) {
  const TrainStatus st = session_.status();
  ImGui::SeparatorText(tr("train.progress"));
  char buf[96];
  figure(tr("train.state"), !session_.has_network() ? tr("train.state_none")
                            : st.running             ? tr("train.state_running")
                                                     : tr("train.state_paused"));
  std::snprintf(buf, sizeof buf, "%lld  (%.2f %s)", st.step, st.epoch, tr("train.passes"));
  figure(tr("train.steps"), buf);
  std::snprintf(buf, sizeof buf, "%.4f", st.loss);
  figure(tr("train.loss"), session_.has_network() && st.step > 0 ? buf : "–");
  figure(tr("train.train_acc"), percent(st.train_accuracy));
  figure(tr("train.test_acc"), percent(st.test_accuracy));
  std::snprintf(buf, sizeof buf, "%.0f", st.images_per_second);
  figure(tr("train.speed"), buf);
  std::snprintf(buf, sizeof buf, "%d:%04.1f", static_cast<int>(st.elapsed_seconds) / 60,
                std::fmod(st.elapsed_seconds, 60.0));
  figure(tr("train.elapsed"), buf);

  // Plots (ImGui's own PlotLines).
  const float plot_w = width - 8;
  const std::vector<float>& loss = session_.loss_history();
  std::snprintf(buf, sizeof buf, session_.loss_group() > 1 ? tr("train.loss_plot_n") : tr("train.loss_plot"),
                session_.loss_group());
  ImGui::TextUnformatted(buf);
  float loss_max = 0.5f;
  for (float v : loss) loss_max = std::max(loss_max, v);
  ImGui::PlotLines("##loss", loss.data(), static_cast<int>(loss.size()), 0, nullptr, 0.0f, std::min(loss_max, 3.0f),
                   ImVec2(plot_w, 90));

  const float half_w = (plot_w - 10) * 0.5f;
  auto accuracy_plot = [&](const char* id, const char* title, const std::vector<float>& values) {
    ImGui::BeginGroup();
    ImGui::TextUnformatted(title);
    plot_scratch_.assign(values.begin(), values.end());
    for (float& v : plot_scratch_) v *= 100.0f;
    const std::string overlay = values.empty() ? "" : percent(values.back());
    ImGui::PlotLines(id, plot_scratch_.data(), static_cast<int>(plot_scratch_.size()), 0, overlay.c_str(),
                     plot_scratch_.size() > 1 ? 80.0f : 0.0f, 100.0f, ImVec2(half_w, 80));
    ImGui::EndGroup();
  };
  accuracy_plot("##test_acc", tr("train.test_plot"), session_.test_accuracy_history());
  ImGui::SameLine(0, 10);
  accuracy_plot("##train_acc", tr("train.train_plot"), session_.train_accuracy_history());
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + plot_w);
  ImGui::TextDisabled("%s", tr("train.plot_hint"));
  ImGui::PopTextWrapPos();

  show_filters(renderer, model, width);
}

void TrainPanel::show_filters(FeatureMapRenderer& renderer, Model& model, float width) {
  // conv1's filters, of the network being trained (or the model the demo shows).
  cnn::Network* net = session_.has_network() ? session_.network() : (model.loaded() ? &model.net() : nullptr);
  const cnn::Convolution* conv =
      net && net->size() > 0 ? dynamic_cast<const cnn::Convolution*>(&net->layer(0)) : nullptr;
  if (!conv) return;
  ImGui::SeparatorText(tr("train.filters_title"));
  const int fn = conv->filters(), fh = conv->filter_h(), fw = conv->filter_w();
  const uint64_t version = session_.has_network() ? session_.weights_version() : ~uint64_t(1);
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
