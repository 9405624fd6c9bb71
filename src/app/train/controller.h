// TrainController: what the Train tab does, with no ImGui — used by the panel (train_panel.*,
// which only draws and calls it) and by the page's JavaScript API (src/web/train_exports.cpp).
// It fetches the data file once (through the TrainHost), starts a session (from scratch or
// from the shipped model), pauses and resumes it, switches the demo between the shipped model
// and the network being trained, imports and exports weights, and trains between frames: after
// every frame, whichever tab is shown, the page runs train_between_frames() in short tasks until
// the frame's share of training time is used (FramePacer); tick() asks for them and copies the
// session's weights into the app's Model, so the drawing pad and the pipeline view show the
// network as it learns.
// Where the page has a Web Worker, the session is trained there instead (the host's
// start_worker(); worker_engine.h): this controller keeps its own session as the main thread's
// copy (the same network, built here, then handed over; its read-outs and weights follow the
// worker's reports) and sends every command on. Where no worker can start, or one dies, it
// trains between frames as above and says so (engine_message()).
// Messages are kept as cnn::Message and worded when read (app::describe), so they follow the
// language switch. Pure logic: tested natively in tests/test_train_controller.cpp.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/demo/model.h"
#include "app/train/session.h"
#include "app/train/train_host.h"
#include "app/train/worker_protocol.h"
#include "cnn/message.h"

namespace app {

// The choices the Train tab offers (with the architectures and their filter counts,
// train_architectures() in session.h): the panel's controls show them, and the page's API
// checks its options against them (train_facts_json()).
inline constexpr int kHiddenChoices[] = {50, 100};
inline constexpr int kBatchChoices[] = {16, 32, 50, 100};
// The name of an exported weights file: "simple-trained.cnnw", "two-stage-trained.cnnw".
std::string export_file_name(const TrainSettings& settings);

// What the page's JavaScript reads once at start-up to know the C++ side: the optimizers
// (cnn::kOptimizerNames, in the panel's order), the architectures with their filter choices
// per convolution, the hidden-unit choices, and the
// fields of CNNDemo.train.status() in the order of TrainController::status_values(), each with
// its kind ("flag": 0/1, "number", "number-or-null": negative means none yet). JSON.
std::string train_facts_json();

class TrainController {
 public:
  enum class DataState { NotRequested, Loading, Ready, Failed };
  static constexpr int kStatusFieldCount = 11;
  // Where training runs: in the worker, waiting for it to answer, or on the main thread.
  enum class Engine { MainThread, WorkerStarting, Worker };

  // Until a host is set, the page does nothing (fetch, download, tasks) and time is a steady clock.
  void set_host(TrainHost* host);
  // The shipped model the demo's model switch shows (compiled in; not owned), for "switch back".
  void set_shipped(const uint8_t* bytes, std::size_t size) { shipped_ = bytes, shipped_size_ = size; }
  // Every shipped model by its architecture's name ("simple", "two-stage"), for "continue from
  // the shipped model of this architecture" (a model without bytes yet: not available).
  void set_shipped_models(std::vector<ShippedModel> models) { shipped_models_ = std::move(models); }

  // Every frame, before the views read the model: starts what waited for the data, asks the
  // page to train after this frame (train_between_frames), and copies the weights into `model`
  // when they moved. true when `model` changed (the pad's prediction is stale).
  bool tick(Model& model);
  // One task of training between two frames: one step (or evaluation chunks), the first of a
  // frame always, later ones only while they fit before the pacer's deadline. true: call again.
  bool train_between_frames();

  // --- the data file ---
  // Fetches it once (through the page); safe to call every frame.
  void request_data();
  // After a failure, fetches it again (the panel's Retry button, reopening the tab, the page's
  // CNNDemo.train.open()); nothing in any other state.
  void retry_data();
  // While it loads: `received` bytes of `total` (-1: the length is unknown); the message follows.
  void data_progress(double received, double total);
  // The fraction loaded (0..1) while loading with a known length, else -1.
  float data_fraction() const;
  // The largest data file there can be (60 000 training + 10 000 test digits, about 55 MB): the
  // page reads no more than this (train_facts_json()'s maxDataBytes).
  static std::size_t max_data_bytes();
  // Its bytes arrived (or not): the data message says why in words.
  void data_arrived(const uint8_t* bytes, std::size_t size);
  void data_failed(cnn::Message why);
  DataState data_state() const { return data_state_; }
  // "Loading…", "Data: 10000 training and …", or why it could not be used; in the current language.
  std::string data_message() const;

  // --- the session ---
  // Starts a new session (from scratch with `settings`, or from the shipped model of settings'
  // architecture, whose filter counts it takes) and runs it; before the data has arrived, it starts when it does. nullopt, or
  // why not.
  Problem start(bool from_shipped, const TrainSettings& settings);
  void set_running(bool running);
  // A fresh network of the current settings, paused; the demo shows it.
  void reset();
  // Optimizer, learning rate and batch size: they apply to the running session at once.
  void apply(const TrainSettings& settings);
  // The architecture for the next network (architecture, filters, filters2, hidden of
  // `settings`); with a network already there (and nothing trained yet, so nothing to lose), a
  // new one from scratch.
  void set_architecture(const TrainSettings& settings);
  // A new network of this architecture from scratch, replacing the trained one (the panel asks
  // first): it keeps running if it was, and the demo shows it.
  void restart_with_architecture(const TrainSettings& settings);
  // Whether changing the architecture would lose training (the panel then asks).
  bool architecture_change_loses_training() const { return session_.has_network() && session_.status().step > 0; }

  // --- where training runs ---
  // A report from the training worker (worker_protocol.h); the first says it is up.
  void worker_message(const uint8_t* bytes, std::size_t size);
  // The worker could not start or died (`why` in words): training goes on between frames, from
  // the last weights it reported, paused; a start starts it here.
  void worker_failed(cnn::Message why);
  Engine engine() const { return engine_; }
  bool in_worker() const { return engine_ != Engine::MainThread; }
  // "Training runs in a background worker …" / "… on the page's main thread …: why".
  std::string engine_message() const;
  bool running() const;
  // Training or evaluation runs between the page's frames (not in the worker): it needs them.
  bool needs_frames() const { return !in_worker() && (session_.running() || session_.evaluating()); }

  // --- which model the demo shows ---
  void use_shipped(Model& model);  // the shipped model again (training pauses)
  void use_trained();              // the network being trained (from the next tick)
  bool showing_trained() const { return showing_trained_; }

  // --- weights files ---
  std::vector<uint8_t> export_weights();
  void download_weights();   // offers export_weights() as a download (nothing without a network)
  void pick_weights_file();  // the page's file chooser; the file comes back to import_weights
  // Loads a .cnnw as the session's network, paused, switching the tab to the file's architecture
  // (nullopt, or the loader's message or the refusal of an architecture the tab cannot show,
  // naming its layers: nothing changes then).
  Problem import_weights(const uint8_t* bytes, std::size_t size, Model& model);
  // The last import's outcome in words ("" before any), and whether it was a refusal.
  std::string weights_message() const;
  bool weights_message_is_error() const { return weights_message_error_; }

  // --- read-outs ---
  TrainStatus status() const;
  // status() as numbers, in the order of train_facts_json()'s status fields.
  void status_values(double (&out)[kStatusFieldCount]) const;
  const TrainSession& session() const { return session_; }
  const TrainSettings& settings() const { return settings_; }

 private:
  bool sync_model(Model& model);
  void start_worker();
  void send(const WorkerMessage& m);
  // The session's network (just made or changed here) goes to the worker, running or not.
  void hand_over(bool running);
  double now();

  TrainHost* host_ = nullptr;
  TrainSession session_;
  FramePacer pacer_;
  bool trained_this_frame_ = false;  // the first task after a frame has run
  TrainSettings settings_;           // what the controls show
  const uint8_t* shipped_ = nullptr;
  std::size_t shipped_size_ = 0;
  std::vector<ShippedModel> shipped_models_;

  DataState data_state_ = DataState::NotRequested;
  cnn::Message data_message_;
  double data_received_ = 0, data_total_ = -1;
  bool start_when_ready_ = false;  // "Start" asked for before the data arrived
  bool start_from_shipped_ = false;

  bool showing_trained_ = false;  // the demo's Model shows the session's network
  bool model_dirty_ = false;      // the Model must be re-synchronised at the next tick
  bool model_changed_ = false;    // the Model changed since the last tick (the pad must be predicted again)
  uint64_t synced_version_ = 0;
  double last_sync_ = 0;

  Engine engine_ = Engine::MainThread;
  bool worker_asked_ = false;     // start_worker() was tried
  cnn::Message engine_message_;   // where training runs, and why not in a worker
  uint32_t generation_ = 0;       // the last network handed over (older reports are ignored)
  bool worker_running_ = false;   // what was last asked of the worker

  std::optional<cnn::Message> weights_message_;  // the last import's outcome
  bool weights_message_error_ = false;
};

}  // namespace app
