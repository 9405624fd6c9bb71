// The Train tab's side of the page boundary: the extern "C" functions behind
// window.CNNDemo.train (web/cnn_demo_api.js), which drive the app's TrainController
// (src/app/train/controller.h), and the page's TrainHost (train_host.h), which fetches the data
// file, saves a download, opens a file chooser and runs training tasks between frames. Bytes
// cross in buffers owned here; errors come back as values (cnn_train_error(), in the app's
// language), never as exceptions.
#include <emscripten.h>

#include <algorithm>
#include <optional>
#include <cstdio>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/train/controller.h"
#include "app/train/train_host.h"
#include "app/train/worker_protocol.h"
#include "app/ui/i18n.h"
#include "cnn/optimizer.h"
#include "web/download_failure.h"
#include "web/web_bridge.h"

namespace {
std::vector<uint8_t> g_bytes;   // incoming data / weights file, filled by the page
std::vector<uint8_t> g_export;  // the last exported weights
std::vector<uint8_t> g_worker_bytes;  // a report from the training worker, or its failure's words
std::string g_train_error;
std::string g_facts;
double g_status[app::TrainController::kStatusFieldCount];
}  // namespace

// Tasks through a MessageChannel: setTimeout(0) would be clamped to 4 ms after a few in a row.
EM_JS(void, cnn_post_training_tasks, (), {
  if (!Module.cnnTrainTasks) {
    var tasks = Module.cnnTrainTasks = { channel: new MessageChannel(), active: false };
    tasks.channel.port1.onmessage = function () {
      if (Module._cnn_train_between_frames()) tasks.channel.port2.postMessage(0);
      else tasks.active = false;
    };
  }
  if (Module.cnnTrainTasks.active) return;
  Module.cnnTrainTasks.active = true;
  Module.cnnTrainTasks.channel.port2.postMessage(0);
});

namespace web {

namespace {
class PageTrainHost : public app::TrainHost {
 public:
  void fetch_data() override {
    EM_ASM({ if (Module.cnnTrainFetchData) Module.cnnTrainFetchData(); });
  }
  void download(const std::vector<uint8_t>& bytes, const char* filename) override {
    EM_ASM({ if (Module.cnnTrainDownload) Module.cnnTrainDownload($0, $1, UTF8ToString($2)); }, bytes.data(),
           bytes.size(), filename);
  }
  void pick_weights_file() override {
    EM_ASM({ if (Module.cnnTrainPickFile) Module.cnnTrainPickFile(); });
  }
  void train_after_frame() override { cnn_post_training_tasks(); }
  double now_seconds() override { return emscripten_get_now() * 1e-3; }
  bool start_worker() override {
    return EM_ASM_INT({ return Module.cnnTrainStartWorker ? Module.cnnTrainStartWorker() : 0; }) != 0;
  }
  void send_to_worker(const std::vector<uint8_t>& message) override {
    EM_ASM({ if (Module.cnnTrainSendToWorker) Module.cnnTrainSendToWorker($0, $1); }, message.data(), message.size());
  }
  void stop_worker() override {
    EM_ASM({ if (Module.cnnTrainStopWorker) Module.cnnTrainStopWorker(); });
  }
};
}  // namespace

app::TrainHost& train_host() {
  static PageTrainHost host;
  return host;
}

}  // namespace web

extern "C" {

// One task of training between frames (train_host::train_after_frame): 1 to be called again.
EMSCRIPTEN_KEEPALIVE int cnn_train_between_frames() {
  app::App* a = web::attached();
  return a && a->train().train_between_frames() ? 1 : 0;
}

EMSCRIPTEN_KEEPALIVE const char* cnn_train_error() { return g_train_error.c_str(); }

// What the page reads once at start-up (app::train_facts_json): the optimizers, the filter and
// hidden-unit choices, and the fields of cnn_train_status(). JSON.
EMSCRIPTEN_KEEPALIVE const char* cnn_train_facts() {
  if (g_facts.empty()) g_facts = app::train_facts_json();
  return g_facts.c_str();
}

// A buffer of `size` bytes for the page to fill (the data file or a weights file).
EMSCRIPTEN_KEEPALIVE uint8_t* cnn_train_buffer(int size) {
  g_bytes.assign(static_cast<std::size_t>(size < 0 ? 0 : size), 0);
  return g_bytes.data();
}

// Selects the Train tab (the panel fetches the data file when it first shows).
EMSCRIPTEN_KEEPALIVE int cnn_train_open() {
  app::App* a = web::attached();
  if (!a) return -1;
  a->open_train();
  a->train().retry_data();  // after a failure: again
  a->train().request_data();
  return 0;
}

// 0: loading, 1: ready, -1: failed (cnn_train_error() says why).
EMSCRIPTEN_KEEPALIVE int cnn_train_data_state() {
  app::App* a = web::attached();
  if (!a) return 0;
  switch (a->train().data_state()) {
    case app::TrainController::DataState::Ready: return 1;
    case app::TrainController::DataState::Failed: g_train_error = a->train().data_message(); return -1;
    default: return 0;
  }
}

// What the Train tab says about the data file ("Loading … 42 % (3.6 of 8.6 MB)", why it failed).
EMSCRIPTEN_KEEPALIVE const char* cnn_train_data_message() {
  static std::string message;
  app::App* a = web::attached();
  message = a ? a->train().data_message() : "";
  return message.c_str();
}

// The buffer holds the data file (size bytes).
EMSCRIPTEN_KEEPALIVE void cnn_train_data_loaded(int size) {
  if (app::App* a = web::attached())
    a->train().data_arrived(g_bytes.data(), static_cast<std::size_t>(size) <= g_bytes.size() ? size : 0);
  std::vector<uint8_t>().swap(g_bytes);
}

// While the data file downloads: `received` bytes of `total` (-1: no length known).
EMSCRIPTEN_KEEPALIVE void cnn_train_data_progress(double received, double total) {
  if (app::App* a = web::attached()) a->train().data_progress(received, total);
}

// The buffer holds the file's first `size` bytes: the whole file's size its header declares, or
// -1 when the header is one the reader refuses (the data has failed then, with its message).
EMSCRIPTEN_KEEPALIVE double cnn_train_data_expected_size(int size) {
  app::App* a = web::attached();
  std::size_t expected = 0;
  const std::size_t n = static_cast<std::size_t>(size) <= g_bytes.size() ? static_cast<std::size_t>(size) : 0;
  const app::Problem error = app::TrainSession::data_file_size(g_bytes.data(), n, expected);
  std::vector<uint8_t>().swap(g_bytes);
  if (!error) return static_cast<double>(expected);
  if (a) a->train().data_failed(*error);
  return -1;
}


// The download failed: `kind` (web::DownloadFailure), the HTTP status, the bytes received, the
// Content-Length (-1: none), the size the header declared (-1: not read), the stall's seconds.
EMSCRIPTEN_KEEPALIVE void cnn_train_data_failed(int kind, int status, double received, double total, double expected,
                                                double seconds) {
  app::App* a = web::attached();
  if (!a || a->train().data_state() == app::TrainController::DataState::Failed) return;
  const auto whole = [](double v) { return cnn::number(static_cast<long long>(v)); };
  if (std::optional<cnn::Message> why = web::transfer_failure(kind, status, received, total, seconds, "mnist-train.cnnd")) {
    a->train().data_failed(std::move(*why));
  } else if (kind == web::kTooLarge) {
    a->train().data_failed(cnn::phrase(
        "train.err.too_large",
        {web::megabytes(std::max({received, total, expected})),
         web::megabytes(static_cast<double>(app::TrainController::max_data_bytes()))}));
  } else {
    a->train().data_failed(cnn::phrase("train.err.size_mismatch", {whole(expected), whole(total >= 0 ? total : received)}));
  }
}

// Starts training: from the shipped model or from scratch. 0, or -1 (cnn_train_error()).
// `optimizer` indexes cnn::kOptimizerNames (the facts' "optimizers"), `architecture`
// app::train_architectures() (the facts' "architectures"; -1: SimpleConvNet).
EMSCRIPTEN_KEEPALIVE int cnn_train_start(int from_shipped, int optimizer, float lr, int batch, int architecture,
                                         int filters, int filters2, int hidden, int seed) {
  app::App* a = web::attached();
  if (!a) { g_train_error = app::tr("train.err.not_ready"); return -1; }
  // A value <= 0 (-1 for the optimizer) keeps the default; the architecture's sizes are its own.
  app::TrainSettings s;
  const auto& archs = app::train_architectures();
  if (architecture >= 0 && architecture < static_cast<int>(archs.size())) s = app::with_architecture(s, archs[architecture].name);
  if (optimizer >= 0 && optimizer < cnn::kOptimizerCount) s.optimizer = cnn::kOptimizerNames[optimizer];
  if (lr > 0) s.lr = lr;
  if (batch > 0) s.batch = batch;
  if (filters > 0) s.filters = filters;
  if (filters2 > 0) s.filters2 = filters2;
  if (hidden > 0) s.hidden = hidden;
  if (seed >= 0) s.seed = static_cast<uint64_t>(seed);
  const app::Problem error = a->train().start(from_shipped != 0, s);
  g_train_error = error ? app::describe(*error) : "";
  return error ? -1 : 0;
}

EMSCRIPTEN_KEEPALIVE void cnn_train_set_running(int running) {
  if (app::App* a = web::attached()) a->train().set_running(running != 0);
}

EMSCRIPTEN_KEEPALIVE void cnn_train_use_shipped() {
  if (app::App* a = web::attached()) {
    a->train().use_shipped(a->model());
    a->model_changed();
  }
}

// The status as numbers, in the order of the facts' "status" fields (TrainController::status_values).
EMSCRIPTEN_KEEPALIVE double* cnn_train_status() {
  if (app::App* a = web::peek()) a->train().status_values(g_status);
  else app::TrainController().status_values(g_status);
  return g_status;
}

// The architecture the Train tab shows: {"name": "two-stage", "filters": [16, 32], "hidden": 100,
// "layers": "conv16x5p2,relu,..."} (the trained network's once there is one).
EMSCRIPTEN_KEEPALIVE const char* cnn_train_architecture() {
  static std::string json;
  app::App* a = web::peek();
  const app::TrainSettings s = a ? a->train().settings() : app::TrainSettings{};
  const app::TrainArchitecture* arch = app::find_train_architecture(s.architecture);
  json = "{\"name\":\"" + s.architecture + "\",\"filters\":[" + std::to_string(s.filters) +
         (arch && arch->filter_choices.size() > 1 ? "," + std::to_string(s.filters2) : "") +
         "],\"hidden\":" + std::to_string(s.hidden) + ",\"layers\":\"" + app::train_layers(s) + "\"}";
  return json.c_str();
}

// The network's weights as .cnnw bytes: the size (0 without a network); read them at cnn_train_export_data().
EMSCRIPTEN_KEEPALIVE int cnn_train_export() {
  app::App* a = web::attached();
  g_export = a ? a->train().export_weights() : std::vector<uint8_t>{};
  return static_cast<int>(g_export.size());
}
EMSCRIPTEN_KEEPALIVE const uint8_t* cnn_train_export_data() { return g_export.data(); }

// Loads the buffer's `size` bytes as a .cnnw file: 0, or -1 with the loader's message.
EMSCRIPTEN_KEEPALIVE int cnn_train_import(int size) {
  app::App* a = web::attached();
  if (!a) { g_train_error = app::tr("train.err.not_ready"); return -1; }
  const std::size_t n = static_cast<std::size_t>(size) <= g_bytes.size() ? static_cast<std::size_t>(size) : 0;
  const app::Problem error = a->train().import_weights(g_bytes.data(), n, a->model());
  std::vector<uint8_t>().swap(g_bytes);
  g_train_error = error ? app::describe(*error) : "";
  if (error) return -1;
  a->model_changed();
  return 0;
}

// --- the training worker (web/cnn_demo_api.js starts it; app::TrainController reads it) ---

// A buffer of `size` bytes for a report of the worker (or the words of its failure).
EMSCRIPTEN_KEEPALIVE uint8_t* cnn_train_worker_buffer(int size) {
  g_worker_bytes.assign(static_cast<std::size_t>(size < 0 ? 0 : size), 0);
  return g_worker_bytes.data();
}

// The buffer holds one report (it asks for one frame, not for the page to stay awake).
EMSCRIPTEN_KEEPALIVE void cnn_train_worker_message(int size) {
  if (app::App* a = web::attached_for_news()) {
    const std::size_t n = static_cast<std::size_t>(size) <= g_worker_bytes.size() ? static_cast<std::size_t>(size) : 0;
    a->train().worker_message(g_worker_bytes.data(), n);
  }
  std::vector<uint8_t>().swap(g_worker_bytes);
}

// Why the worker failed, as web/cnn_demo_api.js (WORKER_FAILURES) says it: 0 no answer within
// `seconds`, 1 out of memory, 2 an error (the buffer's `size` bytes its words), 3 it could not
// be created (the words too).
EMSCRIPTEN_KEEPALIVE void cnn_train_worker_failed(int kind, int size, double seconds) {
  app::App* a = web::attached();
  const std::size_t n = static_cast<std::size_t>(size) <= g_worker_bytes.size() ? static_cast<std::size_t>(size) : 0;
  const cnn::Message words = cnn::text(std::string(g_worker_bytes.begin(), g_worker_bytes.begin() + n));
  std::vector<uint8_t>().swap(g_worker_bytes);
  if (!a) return;
  switch (kind) {
    case 0: a->train().worker_failed(cnn::phrase("train.why.no_answer", {cnn::number(static_cast<long long>(seconds))})); break;
    case 1: a->train().worker_failed(cnn::phrase("train.why.out_of_memory")); break;
    case 3: a->train().worker_failed(cnn::phrase("train.why.create", {words})); break;
    default: a->train().worker_failed(cnn::phrase("train.why.error", {words}));
  }
}

// Where training runs, in words (TrainController::engine_message): "" before the tab opened.
EMSCRIPTEN_KEEPALIVE const char* cnn_train_engine_message() {
  static std::string message;
  app::App* a = web::peek();
  message = a ? a->train().engine_message() : "";
  return message.c_str();
}

// 0 main thread, 1 starting the worker, 2 in the worker.
EMSCRIPTEN_KEEPALIVE int cnn_train_engine() {
  app::App* a = web::peek();
  return a ? static_cast<int>(a->train().engine()) : 0;
}

// Tests only: the worker runs out of memory (app::WorkerCommand::Crash), as on a small device.
EMSCRIPTEN_KEEPALIVE void cnn_train_worker_crash() {
  app::WorkerMessage m;
  m.type = static_cast<uint32_t>(app::WorkerCommand::Crash);
  web::train_host().send_to_worker(app::encode(m));
}

}  // extern "C"
