#include "app/train/controller.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iterator>
#include <utility>

#include "app/ui/i18n.h"
#include "cnn/mnist_subset.h"
#include "cnn/optimizer.h"
#include "cnn/weights_io.h"

namespace app {

namespace {

constexpr double kSyncSeconds = 0.2;    // while training, the demo's copy of the weights refreshes 5×/s
constexpr double kTaskSeconds = 0.015;  // one task between frames: at most a step or this much evaluation

// CNNDemo.train.status()'s fields: the name the page shows, its kind, and its value. The one
// layout of the array train_exports.cpp hands the page (train_facts_json() names the fields).
struct StatusField {
  const char* name;
  const char* kind;  // "flag" (0/1), "number", "number-or-null" (negative: none yet)
  double (*value)(const TrainStatus&);
};
constexpr StatusField kStatusFields[] = {
    {"running", "flag", [](const TrainStatus& s) { return s.running ? 1.0 : 0.0; }},
    {"step", "number", [](const TrainStatus& s) { return static_cast<double>(s.step); }},
    {"epoch", "number", [](const TrainStatus& s) { return s.epoch; }},
    {"loss", "number", [](const TrainStatus& s) { return static_cast<double>(s.loss); }},
    {"trainAccuracy", "number-or-null", [](const TrainStatus& s) { return static_cast<double>(s.train_accuracy); }},
    {"testAccuracy", "number-or-null", [](const TrainStatus& s) { return static_cast<double>(s.test_accuracy); }},
    {"imagesPerSecond", "number", [](const TrainStatus& s) { return s.images_per_second; }},
    {"elapsedSeconds", "number", [](const TrainStatus& s) { return s.elapsed_seconds; }},
    {"images", "number", [](const TrainStatus& s) { return static_cast<double>(s.images); }},
    {"showingTrained", "flag", [](const TrainStatus& s) { return s.showing_trained ? 1.0 : 0.0; }},
    {"inWorker", "flag", [](const TrainStatus& s) { return s.in_worker ? 1.0 : 0.0; }},
};
static_assert(std::size(kStatusFields) == TrainController::kStatusFieldCount, "one value per status field");

// Until the page gives its own: no page, a steady clock.
class NoHost : public TrainHost {
 public:
  void fetch_data() override {}
  void download(const std::vector<uint8_t>&, const char*) override {}
  void pick_weights_file() override {}
  void train_after_frame() override {}
  double now_seconds() override {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
  }
};
NoHost g_no_host;

template <class List>
std::string json_numbers(const List& list) {
  std::string out = "[";
  for (const auto& v : list) out += (out.size() > 1 ? "," : "") + std::to_string(v);
  return out + "]";
}

}  // namespace

std::string export_file_name(const TrainSettings& settings) { return settings.architecture + "-trained.cnnw"; }

std::string train_facts_json() {
  std::string out = "{\"optimizers\":[";
  for (int i = 0; i < cnn::kOptimizerCount; ++i) out += std::string(i ? "," : "") + "\"" + cnn::kOptimizerNames[i] + "\"";
  out += "],\"architectures\":[";
  for (const TrainArchitecture& a : train_architectures()) {
    out += std::string(out.back() == '[' ? "" : ",") + "{\"name\":\"" + a.name + "\",\"filters\":[";
    for (std::size_t i = 0; i < a.filter_choices.size(); ++i) out += (i ? "," : "") + json_numbers(a.filter_choices[i]);
    out += "]}";
  }
  out += "],\"hidden\":" + json_numbers(kHiddenChoices) + ",\"status\":[";
  bool first = true;
  for (const StatusField& f : kStatusFields) {
    out += std::string(first ? "" : ",") + "[\"" + f.name + "\",\"" + f.kind + "\"]";
    first = false;
  }
  return out + "],\"maxDataBytes\":" + std::to_string(TrainController::max_data_bytes()) + "}";
}

void TrainController::set_host(TrainHost* host) { host_ = host; }

double TrainController::now() { return (host_ ? host_ : &g_no_host)->now_seconds(); }

// --- the data file ---

void TrainController::request_data() {
  start_worker();  // with the data: the worker starts while the file downloads
  if (data_state_ != DataState::NotRequested) return;
  data_state_ = DataState::Loading;
  data_received_ = 0;
  data_total_ = -1;
  data_message_ = cnn::phrase("train.data_loading");
  if (host_) host_->fetch_data();
}

void TrainController::retry_data() {
  if (data_state_ != DataState::Failed) return;
  data_state_ = DataState::NotRequested;
  request_data();
}

void TrainController::data_progress(double received, double total) {
  if (data_state_ != DataState::Loading) return;
  data_received_ = received;
  data_total_ = total;
  char got[32], all[32];
  std::snprintf(got, sizeof got, "%.1f", received / 1e6);
  std::snprintf(all, sizeof all, "%.1f", total / 1e6);
  if (total > 0)
    data_message_ = cnn::phrase("train.data_progress", {cnn::number(static_cast<long long>(100 * std::min(1.0, received / total))),
                                                        cnn::text(got), cnn::text(all)});
  else
    data_message_ = cnn::phrase("train.data_progress_mb", {cnn::text(got)});
}

float TrainController::data_fraction() const {
  if (data_state_ != DataState::Loading || data_total_ <= 0) return -1.0f;
  return static_cast<float>(std::min(1.0, data_received_ / data_total_));
}

std::size_t TrainController::max_data_bytes() {
  return cnn::mnist_subset_bytes(cnn::kMnistSubsetMaxTrain, cnn::kMnistSubsetMaxTest);
}

void TrainController::data_arrived(const uint8_t* bytes, std::size_t size) {
  if (Problem error = session_.set_data(bytes, size)) {
    data_failed(std::move(*error));
    return;
  }
  data_state_ = DataState::Ready;
  if (in_worker()) {
    WorkerMessage m;
    m.type = static_cast<uint32_t>(WorkerCommand::Data);
    m.bytes.assign(bytes, bytes + size);
    send(m);
  }
  char mb[32];
  std::snprintf(mb, sizeof mb, "%.1f", static_cast<double>(size) / 1e6);
  data_message_ = cnn::phrase("train.data_ready",
                              {cnn::grouped_number(session_.train_count()), cnn::grouped_number(session_.test_count()), cnn::text(mb)});
}

void TrainController::data_failed(cnn::Message why) {
  data_state_ = DataState::Failed;
  data_message_ = cnn::phrase("train.data_failed", {std::move(why)});
  start_when_ready_ = false;
}

std::string TrainController::data_message() const { return describe(data_message_); }

// --- the session ---

Problem TrainController::start(bool from_shipped, const TrainSettings& settings) {
  settings_ = settings;
  if (!session_.has_data()) {
    if (data_state_ == DataState::Failed) return data_message_;
    request_data();
    start_when_ready_ = true;  // tick() starts it when the data is there
    start_from_shipped_ = from_shipped;
    return std::nullopt;
  }
  start_when_ready_ = false;
  Problem error;
  if (from_shipped) {
    const int i = find_model(shipped_models_.data(), static_cast<int>(shipped_models_.size()), settings_.architecture);
    if (i < 0 || !shipped_models_[i].bytes) return cnn::phrase("train.err.no_shipped", {cnn::text(settings_.architecture)});
    Model shipped;
    if (!shipped.load(shipped_models_[i].bytes, shipped_models_[i].size)) return shipped.error_message();
    error = session_.start_from(shipped.net(), settings_);
  } else {
    error = session_.start_from_scratch(settings_);
  }
  if (error) return error;
  settings_ = session_.settings();  // "continue" takes the shipped architecture
  if (in_worker()) hand_over(false);
  set_running(true);
  return std::nullopt;
}

void TrainController::set_running(bool running) {
  if (in_worker()) {
    worker_running_ = running && session_.has_network();
    WorkerMessage m;
    m.type = static_cast<uint32_t>(WorkerCommand::Run);
    m.flag = worker_running_;
    if (session_.has_network()) send(m);
  } else {
    session_.set_running(running);
  }
  if (running && session_.has_network()) {
    showing_trained_ = true;  // resuming shows the network being trained again
    model_dirty_ = true;
  }
}

void TrainController::reset() {
  session_.start_from_scratch(settings_);
  if (in_worker()) hand_over(false);
  showing_trained_ = true;
  model_dirty_ = true;
}

void TrainController::apply(const TrainSettings& settings) {
  TrainSettings s = settings_;
  s.optimizer = settings.optimizer;
  s.lr = settings.lr;
  s.batch = settings.batch;
  if (s.optimizer == settings_.optimizer && s.lr == settings_.lr && s.batch == settings_.batch) return;
  settings_ = s;
  session_.apply(settings_);
  if (in_worker()) {
    WorkerMessage m;
    m.type = static_cast<uint32_t>(WorkerCommand::Apply);
    m.settings = settings_;
    send(m);
  }
}

namespace {
void take_architecture(TrainSettings& to, const TrainSettings& from) {
  to.architecture = from.architecture;
  to.filters = from.filters;
  to.filters2 = from.filters2;
  to.hidden = from.hidden;
}
}  // namespace

void TrainController::set_architecture(const TrainSettings& settings) {
  take_architecture(settings_, settings);
  if (session_.has_network()) {
    session_.start_from_scratch(settings_);
    if (in_worker()) hand_over(false);
    model_dirty_ = true;
  }
}

void TrainController::restart_with_architecture(const TrainSettings& settings) {
  const bool was_running = running();
  take_architecture(settings_, settings);
  session_.start_from_scratch(settings_);
  if (in_worker()) hand_over(false);
  set_running(was_running);
  showing_trained_ = true;
  model_dirty_ = true;
}

// --- which model the demo shows ---

void TrainController::use_shipped(Model& model) {
  set_running(false);
  showing_trained_ = false;
  model.load(shipped_, shipped_size_);
  model_dirty_ = false;
  model_changed_ = true;
}

void TrainController::use_trained() {
  if (!session_.has_network()) return;
  showing_trained_ = true;
  model_dirty_ = true;
}

bool TrainController::sync_model(Model& model) {
  cnn::Network* net = session_.network();
  if (!showing_trained_ || !net) return false;
  if (!model.loaded() || !copy_weights(*net, model.net())) {  // another architecture: a new copy
    cnn::Message error;
    std::unique_ptr<cnn::Network> copy = clone_network(*net, error);
    if (!copy || !model.replace(std::move(copy))) return false;
  }
  synced_version_ = session_.weights_version();
  last_sync_ = now();
  model_dirty_ = false;
  model_changed_ = true;
  return true;
}

// --- weights files ---

std::vector<uint8_t> TrainController::export_weights() { return session_.export_weights(); }

void TrainController::download_weights() {
  const std::vector<uint8_t> bytes = export_weights();
  if (!bytes.empty() && host_) host_->download(bytes, export_file_name(session_.settings()).c_str());
}

void TrainController::pick_weights_file() {
  if (host_) host_->pick_weights_file();
}

Problem TrainController::import_weights(const uint8_t* bytes, std::size_t size, Model& model) {
  // The file's own architecture (cnn::load_network checks everything); the tab switches to it.
  Problem error;
  std::unique_ptr<cnn::Network> net;
  try {
    net = cnn::load_network(bytes, size);
  } catch (const std::exception& e) {
    error = cnn::message_of(e);
  }
  if (net) error = session_.start_from(*net, settings_);  // refuses an architecture it cannot show
  if (error) {
    weights_message_error_ = true;
    weights_message_ = cnn::phrase("train.import_refused", {*error});
    return error;
  }
  settings_ = session_.settings();
  if (in_worker()) hand_over(false);
  weights_message_error_ = false;
  weights_message_ = cnn::phrase("train.import_done", {describe_architecture(*session_.network())});
  showing_trained_ = true;
  model_dirty_ = true;
  sync_model(model);
  return std::nullopt;
}

std::string TrainController::weights_message() const { return weights_message_ ? describe(*weights_message_) : ""; }

// --- where training runs ---

void TrainController::start_worker() {
  if (worker_asked_ || !host_) return;
  worker_asked_ = true;
  if (host_->start_worker()) {
    engine_ = Engine::WorkerStarting;  // commands wait in the worker until its runtime is up
    engine_message_ = cnn::phrase("train.engine_starting");
  } else {
    engine_message_ = cnn::phrase("train.engine_main", {cnn::phrase("train.why.no_worker")});
  }
}

void TrainController::send(const WorkerMessage& m) {
  if (host_) host_->send_to_worker(encode(m));
}

void TrainController::hand_over(bool running) {
  if (!session_.has_network()) return;
  WorkerMessage m;
  m.type = static_cast<uint32_t>(WorkerCommand::Adopt);
  m.generation = ++generation_;
  m.flag = running;
  m.settings = session_.settings();
  m.bytes = session_.export_weights();
  send(m);
  worker_running_ = running;
  // Until the worker's first report: the fresh session's own read-outs.
  session_.stop_mirroring();
  TrainReadouts r = session_.readouts();
  r.status.running = running;
  session_.mirror(std::move(r));
}

void TrainController::worker_message(const uint8_t* bytes, std::size_t size) {
  if (!in_worker()) return;  // a worker given up on
  const std::optional<WorkerMessage> m = decode(bytes, size);
  if (!m) return worker_failed(cnn::phrase("train.why.garbled"));
  switch (static_cast<WorkerReport>(m->type)) {
    case WorkerReport::Ready:
      engine_ = Engine::Worker;
      engine_message_ = cnn::phrase("train.engine_worker");
      break;
    case WorkerReport::Progress:
      if (m->progress.generation != generation_ || !session_.has_network()) break;  // an older network's
      if (!m->progress.weights.empty()) {
        if (!set_flat_weights(*session_.network(), m->progress.weights)) return worker_failed(cnn::phrase("train.why.garbled"));
        session_.weights_changed();
      }
      session_.mirror(m->progress.readouts);
      break;
    case WorkerReport::Failed:
      return worker_failed(m->flag ? cnn::phrase("train.why.out_of_memory")
                                   : cnn::text(std::string(m->bytes.begin(), m->bytes.end())));
    default:
      return worker_failed(cnn::phrase("train.why.garbled"));
  }
}

void TrainController::worker_failed(cnn::Message why) {
  if (!in_worker()) return;
  if (host_) host_->stop_worker();
  engine_ = Engine::MainThread;
  engine_message_ = cnn::phrase("train.engine_main", {cnn::phrase("train.why.worker_died", {std::move(why)})});
  worker_running_ = false;
  // The last weights the worker reported stay, paused, with its counts and plots: a start (or
  // Resume) trains them here.
  session_.continue_from_mirror();
  session_.set_running(false);
  session_.weights_changed();
  model_dirty_ = true;
}

std::string TrainController::engine_message() const { return engine_message_.key.empty() ? "" : describe(engine_message_); }

bool TrainController::running() const { return in_worker() ? worker_running_ && session_.has_network() : session_.running(); }

// --- between frames ---

bool TrainController::tick(Model& model) {
  if (start_when_ready_ && session_.has_data()) {
    if (Problem error = start(start_from_shipped_, settings_)) data_message_ = std::move(*error);
  }
  pacer_.frame_began(now());
  trained_this_frame_ = false;
  if ((session_.running() || session_.evaluating()) && host_ && !in_worker()) host_->train_after_frame();
  if (showing_trained_ && session_.has_network()) {
    const bool moved = session_.weights_version() != synced_version_;
    if (model_dirty_ || (moved && (!running() || now() - last_sync_ >= kSyncSeconds))) sync_model(model);
  }
  return std::exchange(model_changed_, false);
}

bool TrainController::train_between_frames() {
  if (in_worker() || (!session_.running() && !session_.evaluating())) return false;
  const double left = pacer_.deadline() - now();
  if (trained_this_frame_ && session_.next_unit_seconds() > left) return false;  // the next frame is near
  session_.slice(std::clamp(left, 0.0, kTaskSeconds), 1);
  trained_this_frame_ = true;
  return pacer_.deadline() > now();
}

// --- read-outs ---

TrainStatus TrainController::status() const {
  TrainStatus s = session_.status();
  s.running = running();
  s.showing_trained = showing_trained_;
  s.in_worker = in_worker();
  return s;
}

void TrainController::status_values(double (&out)[kStatusFieldCount]) const {
  const TrainStatus s = status();
  for (int i = 0; i < kStatusFieldCount; ++i) out[i] = kStatusFields[i].value(s);
}

}  // namespace app
