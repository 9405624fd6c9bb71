// TrainSession: training a CNN (SimpleConvNet or the two-stage CNN) in the browser, in time slices. The page calls
// slice() between its frames with the time left (FramePacer): it runs mini-batches
// (cnn::Trainer::step) and, after every half pass over the training digits, evaluates the
// held-out test digits in chunks, until the time is spent — so the page stays responsive with
// no threads. A run sliced this way gives exactly the weights of an uninterrupted run with the
// same seed.
// Pure logic (no ImGui / SDL / Emscripten): tested natively in tests/test_app_train.cpp.
// Errors from the core (bad data file, bad weights file) come back as messages (cnn::Message:
// a key and values, worded by app::describe), never throws (this file is compiled with
// -fexceptions in the browser build and catches them).
#pragma once
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cnn/message.h"
#include "cnn/mnist_subset.h"
#include "cnn/network.h"
#include "cnn/trainer.h"

namespace app {

// What the student chooses in the Train panel. The architecture (architecture, filters,
// filters2, hidden) needs a new network; the rest applies to the running session.
struct TrainSettings {
  std::string optimizer = "adam";  // "sgd", "momentum" or "adam"
  // A high start that halves every pass: trained on the 10 000 digits of mnist-train.cnnd, this
  // was at 97.2-97.6 % test accuracy after 2.5 passes for each of seeds 1-7 (0.0015 × 0.7 per
  // pass: 96.4-97.4 %), and settles at the same ~97.6 % after 5 passes.
  float lr = 0.003f;
  float lr_decay = 0.5f;  // lr multiplied by this after every pass (steadier test accuracy)
  int batch = 32;
  // The architecture: one of train_architectures() (a name of cnn::named_architectures()), with
  // the filters of its convolutions and the hidden units of its first Affine layer.
  std::string architecture = "simple";
  int filters = 30;   // conv1 filters (the panel offers TrainArchitecture::filter_choices)
  int filters2 = 32;  // conv2 filters, for an architecture with two convolutions
  int hidden = 100;   // hidden units of the first Affine layer (kHiddenChoices, controller.h)
  uint64_t seed = 1;
};

// The figures behind CNNDemo.train.status() and the panel's read-outs.
struct TrainStatus {
  bool running = false;
  long long step = 0;            // mini-batches done
  long long images = 0;          // training images seen
  double epoch = 0;              // passes over the training digits (fractional)
  float loss = 0;                // loss of the last mini-batch
  float train_accuracy = -1;     // mean batch accuracy over the last completed pass (-1: none yet)
  float test_accuracy = -1;      // on the held-out digits, at the last evaluation (-1: none yet)
  double images_per_second = 0;  // images / elapsed
  double elapsed_seconds = 0;    // wall-clock time spent running (between slices included)
  bool showing_trained = false;  // the demo shows this network (filled in by TrainController)
  bool in_worker = false;        // it trains in the training worker (filled in by TrainController)
};

// Everything the Train tab's read-outs show of a session: what the training worker reports
// (worker_protocol.h), and what a session run elsewhere shows (TrainSession::mirror).
struct TrainReadouts {
  TrainStatus status;
  bool evaluating = false;
  float learning_rate = 0;
  int loss_group = 1;
  std::vector<float> loss, train_accuracy, test_accuracy;
};

// A problem in words to be (cnn::Message), or nullopt when all went well.
using Problem = std::optional<cnn::Message>;

// The architectures the Train tab trains: the core's named ones (cnn::named_architectures(),
// where their layer lists are written once), with the filter counts a student may pick for
// each convolution (filter_choices[i] for the i-th) and the hidden units (kHiddenChoices).
struct TrainArchitecture {
  const char* name;  // "simple", "two-stage"
  std::vector<std::vector<int>> filter_choices;
};
const std::vector<TrainArchitecture>& train_architectures();
// The architecture called `name`, or nullptr.
const TrainArchitecture* find_train_architecture(const std::string& name);
// The layer list of settings' architecture with its filters and hidden units
// ("conv16x5p2,relu,pool2,conv32x5p2,relu,pool2,affine100,relu,affine10"); "" for an unknown name.
std::string train_layers(const TrainSettings& settings);
// The architecture fields of `net` (architecture, filters, filters2, hidden) when it is one of
// train_architectures() with any filter and hidden counts: true, and `out` filled in; false
// when the Train tab cannot train or show it.
bool train_settings_of(const cnn::Network& net, TrainSettings& out);
// settings with the architecture `name` and its named sizes (the shipped model's filter and
// hidden counts: cnn::named_architectures()); settings unchanged for an unknown name.
TrainSettings with_architecture(TrainSettings settings, const std::string& name);
// The network's layers as `cnn train --arch` writes them, items separated by ", " ("conv8x3,
// relu, pool2, affine10"): how a refusal names an architecture.
std::string layers_in_words(const cnn::Network& net);
// Why `net` cannot be trained here: its layers, and those of the architectures that can.
cnn::Message architecture_refused(const cnn::Network& net);

// "conv 30×5×5, hidden 100" / "conv1 16×5×5, conv2 32×16×5×5, hidden 100": the architecture of
// settings or of `net` (app::describe words it).
cnn::Message describe_architecture(const TrainSettings& settings);
cnn::Message describe_architecture(const cnn::Network& net);
// conv1 filters and hidden units (0 when the network has no convolution / Affine layer).
int conv_filters(const cnn::Network& net);
int hidden_units(const cnn::Network& net);
// Copies every parameter of `from` into `to` (same architecture; false otherwise).
bool copy_weights(cnn::Network& from, cnn::Network& to);
// A new network with the same architecture and weights (nullptr and `error` on failure).
std::unique_ptr<cnn::Network> clone_network(cnn::Network& net, cnn::Message& error);

// When training after a frame must stop. The page draws a frame, then trains in short tasks
// (one step each, so input events get their turn between them) until the next frame is near:
// the frame interval (a moving average of the time between frames) after the frame began, less
// a reserve for the browser's own work of max(kMinReserve, kReserveShare × interval). On a
// 60 Hz display that is about 12 ms of every 16.7 and the frame rate holds; where the browser
// draws slowly (software rendering: 15-20 frames/s) training takes the time that would
// otherwise go unused. Times in seconds, from any steady clock.
class FramePacer {
 public:
  static constexpr double kMinReserve = 0.005, kReserveShare = 0.15;
  static constexpr double kMinInterval = 1.0 / 240, kMaxInterval = 0.1;  // an interval sample is clamped to these

  void frame_began(double now);
  double deadline() const { return deadline_; }  // training stops here (until the next frame)
  double interval() const { return interval_; }

 private:
  double last_frame_ = -1, interval_ = 1.0 / 60, deadline_ = 0;
};

class TrainSession {
 public:
  // Takes the .cnnd subset (mnist_subset.h); nullopt on success, otherwise what is wrong.
  Problem set_data(const uint8_t* bytes, std::size_t size);
  // The size a .cnnd file must have, from its first n bytes (cnn::mnist_subset_size), so a
  // download can be refused before it is read; or, for a header set_data() would refuse, why.
  static Problem data_file_size(const uint8_t* header, std::size_t n, std::size_t& size);
  bool has_data() const { return data_ != nullptr; }
  int train_count() const { return data_ ? data_->train.count : 0; }
  int test_count() const { return data_ ? data_->test.count : 0; }

  // A new network of settings' architecture (train_layers()), He-initialised from settings.seed.
  Problem start_from_scratch(const TrainSettings& settings);
  // A copy of `shipped` to fine-tune (settings' architecture fields are taken from it; it must
  // be one of train_architectures(), otherwise the message names its layers).
  Problem start_from(cnn::Network& shipped, const TrainSettings& settings);
  bool has_network() const { return net_ != nullptr; }
  cnn::Network* network() { return net_.get(); }
  const cnn::Network* network() const { return net_.get(); }

  // The read-outs, for a session that runs in the training worker to report (worker_engine.h).
  TrainReadouts readouts() const;
  // The main thread's copy of a session the worker runs: status(), the plots, learning_rate()
  // and evaluating() show `r` (this session does not train meanwhile) until stop_mirroring().
  void mirror(TrainReadouts r);
  void stop_mirroring() { mirrored_.reset(); }
  // The session run elsewhere ended (its worker died): this one goes on from where it got, with
  // its steps, images, time, plots and learning-rate decay (the network holds its last weights;
  // the optimizer's running averages start again), instead of showing step 0. The trainer's own
  // place in its pass over the data is not carried over: the next pass's accuracy point (and
  // the learning rate's next halving) comes a full pass of this trainer later.
  void continue_from_mirror();
  bool mirroring() const { return mirrored_.has_value(); }
  // The weights changed from outside (a snapshot copied in): bumps weights_version().
  void weights_changed() { ++weights_version_; }

  // Optimizer, learning rate, batch size for the next steps. A new optimizer or batch size
  // restarts the optimizer's state (and the order of the current pass); lr alone does not.
  void apply(const TrainSettings& settings);
  const TrainSettings& settings() const { return settings_; }
  // The learning rate of the next step: lr × lr_decay^(completed passes).
  float learning_rate() const { return mirrored_ ? mirrored_->learning_rate : current_lr(); }

  void set_running(bool running);
  bool running() const { return running_; }

  // Runs mini-batches (and evaluation chunks when one is due) for up to budget_seconds,
  // adapting to the measured time of a step; at least one step while running. max_steps
  // (>= 0) caps the steps of this slice. Returns the steps done.
  int slice(double budget_seconds, long long max_steps = -1);
  // The expected time of slice()'s next unit of work (a step, or ten test digits while an
  // evaluation is due), so a caller can tell whether it fits in the time it has left.
  double next_unit_seconds() const;
  // An evaluation of the test digits is under way (slice() works on it even while paused).
  bool evaluating() const { return mirrored_ ? mirrored_->evaluating : eval_pending_; }
  // Evaluates the whole test set now (not time-sliced), e.g. after an import.
  void evaluate_now();

  TrainStatus status() const;
  // Loss per step (each point the mean of loss_group() consecutive steps, so a long run
  // keeps at most ~1000 points); train accuracy per completed pass (mean over its batches);
  // test accuracy per evaluation (index 0: before training, then after every half pass).
  const std::vector<float>& loss_history() const { return mirrored_ ? mirrored_->loss : loss_points_; }
  int loss_group() const { return mirrored_ ? mirrored_->loss_group : loss_group_; }
  const std::vector<float>& train_accuracy_history() const { return mirrored_ ? mirrored_->train_accuracy : train_acc_; }
  const std::vector<float>& test_accuracy_history() const { return mirrored_ ? mirrored_->test_accuracy : test_acc_; }
  // Increases whenever the weights change (a step, a new network, an import).
  uint64_t weights_version() const { return weights_version_; }

  // The network's weights as a .cnnw file (empty without a network).
  std::vector<uint8_t> export_weights();
  // Loads a .cnnw file into the current network with cnn::load_weights: nullopt on success,
  // otherwise the loader's message (the network is then unchanged). Pauses training.
  Problem import_weights(const uint8_t* bytes, std::size_t size);

 private:
  using Clock = std::chrono::steady_clock;
  Problem adopt(std::unique_ptr<cnn::Network> net, const TrainSettings& settings);
  void make_trainer();
  void one_step();
  void evaluate_chunk(int count);
  void begin_evaluation();
  void reset_history();
  float current_lr() const;

  std::unique_ptr<cnn::MnistSubset> data_;
  std::unique_ptr<cnn::Network> net_;
  std::unique_ptr<cnn::Trainer> trainer_;
  TrainSettings settings_;
  bool running_ = false;
  uint64_t weights_version_ = 0;

  // Counts over the whole session (the Trainer is recreated when settings change).
  long long steps_ = 0, images_ = 0;
  int trainer_epoch_seen_ = 0;
  float last_loss_ = 0;
  double pass_correct_ = 0;  // sum of batch accuracy × batch size this pass
  long long pass_images_ = 0;

  // Evaluation of the test digits, in chunks.
  bool eval_pending_ = false;
  int eval_pos_ = 0, eval_correct_ = 0;

  // Timing: moving averages of one step and one evaluated image, in seconds.
  double step_seconds_ = 0, eval_image_seconds_ = 0;
  double elapsed_ = 0;
  Clock::time_point last_slice_start_{};
  bool timing_ = false;

  std::vector<float> loss_points_, train_acc_, test_acc_;
  std::optional<TrainReadouts> mirrored_;
  int loss_group_ = 1, loss_pending_n_ = 0;
  double loss_pending_sum_ = 0;
};

}  // namespace app
