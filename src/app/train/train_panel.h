// TrainPanel: the Train tab — train SimpleConvNet in the browser and watch it learn.
// Controls (start from scratch / continue from the shipped model, optimizer, learning rate,
// batch size, architecture, pause / resume / reset, export / import of .cnnw weights), live
// read-outs and plots (ImGui::PlotLines), and conv1's filters as images. The training itself
// is TrainSession (train/session.h): after every frame, whichever tab is shown, the page runs it
// in short tasks until the frame's share of training time is used (FramePacer); tick() starts
// them and copies the weights into the app's Model so the drawing pad and the pipeline view
// show the network as it learns. The data file is fetched the first time the panel opens.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "app/demo/feature_map_renderer.h"
#include "app/train/session.h"
#include "app/demo/model.h"

namespace app {

class TrainPanel {
 public:
  enum class DataState { NotRequested, Loading, Ready, Failed };
  // The shipped model's .cnnw bytes (compiled in; not owned), for "continue" and "switch back".
  void set_shipped(const uint8_t* bytes, std::size_t size) { shipped_ = bytes, shipped_size_ = size; }

  // Every frame, before the views read the model: asks the page to train after this frame
  // (train_between_frames), and copies the weights into `model` when they moved. true when
  // `model` changed (the pad's prediction is stale).
  bool tick(Model& model);
  // One task of training between two frames: one step (or evaluation chunks), the first of a
  // frame always, later ones only while they fit before the pacer's deadline. true: call again.
  bool train_between_frames();
  // The panel's two columns (controls; progress, plots and filters), `height` pixels tall.
  void show(FeatureMapRenderer& renderer, Model& model, float height);

  // --- also used by the page's JavaScript API (src/web/train_exports.cpp) ---
  // Fetches the data file once (through the page); safe to call every frame.
  void request_data();
  // The data file's bytes arrived (or not): the message says why in words.
  void data_arrived(const uint8_t* bytes, std::size_t size);
  void data_failed(const std::string& why);
  DataState data_state() const { return data_state_; }
  const std::string& data_message() const { return data_message_; }

  // Starts a new session (from scratch with `settings`, or from the shipped model) and runs it.
  // "" or why not.
  std::string start(bool from_shipped, const TrainSettings& settings, Model& model);
  void set_running(bool running, Model& model);
  void use_shipped(Model& model);  // the demo shows the shipped model again (training pauses)
  bool showing_trained() const { return showing_trained_; }
  TrainStatus status() const { return session_.status(); }
  TrainSession& session() { return session_; }
  const TrainSettings& settings() const { return settings_; }
  std::vector<uint8_t> export_weights();
  // Loads a .cnnw into the session's network ("" or the loader's message; nothing changes then).
  std::string import_weights(const uint8_t* bytes, std::size_t size, Model& model);

 private:
  bool sync_model(Model& model);
  void show_controls(Model& model);
  void show_progress(FeatureMapRenderer& renderer, Model& model, float width);
  void show_filters(FeatureMapRenderer& renderer, Model& model, float width);
  void ask_architecture(Model& model);

  TrainSession session_;
  FramePacer pacer_;
  bool trained_this_frame_ = false;  // the first task after a frame has run
  TrainSettings settings_;  // what the controls show
  const uint8_t* shipped_ = nullptr;
  std::size_t shipped_size_ = 0;

  DataState data_state_ = DataState::NotRequested;
  std::string data_message_;
  bool start_when_ready_ = false;  // "Start" pressed before the data arrived
  bool start_from_shipped_ = false;

  bool showing_trained_ = false;  // the demo's Model shows the session's network
  bool model_dirty_ = false;      // the Model must be re-synchronised at the next tick
  bool model_changed_ = false;    // the Model changed since the last tick (the pad must be predicted again)
  uint64_t synced_version_ = 0;
  double last_sync_ = 0;

  int pending_filters_ = 0, pending_hidden_ = 0;  // architecture change awaiting confirmation
  bool open_confirm_ = false;
  std::string weights_message_;
  bool weights_message_error_ = false;

  MapTexture filter_texture_;
  uint64_t filter_version_ = ~uint64_t(0);
  std::vector<float> plot_scratch_;
};

}  // namespace app
