// The training worker's page boundary: the extern "C" functions web/train_worker_main.js (the
// worker's script, around this build's own WebAssembly instance of the core) calls, and the
// one way back, cnn_worker_post. All the logic is app::WorkerEngine (worker_engine.h); bytes
// cross in a buffer owned here. No ImGui, no SDL: the core, TrainSession and the engine.
#include <emscripten.h>

#include <cstdint>
#include <vector>

#include "app/train/worker_engine.h"

namespace {
app::WorkerEngine g_engine;
std::vector<uint8_t> g_in;
}  // namespace

// Posts one report to the main thread as a transferable ArrayBuffer (a copy of the bytes).
EM_JS(void, cnn_worker_post, (const uint8_t* bytes, int size), {
  var buffer = HEAPU8.slice(bytes, bytes + size).buffer;
  self.postMessage(buffer, [buffer]);
});

namespace {
void post_reports() {
  for (const std::vector<uint8_t>& r : g_engine.reports(emscripten_get_now() * 1e-3))
    cnn_worker_post(r.data(), static_cast<int>(r.size()));
}
}  // namespace

extern "C" {

// A buffer of `size` bytes for the next message.
EMSCRIPTEN_KEEPALIVE uint8_t* cnn_worker_buffer(int size) {
  g_in.assign(static_cast<std::size_t>(size < 0 ? 0 : size), 0);
  return g_in.data();
}

// The buffer holds one message from the main thread.
EMSCRIPTEN_KEEPALIVE void cnn_worker_command(int size) {
  g_engine.command(g_in.data(), static_cast<std::size_t>(size) <= g_in.size() ? static_cast<std::size_t>(size) : 0);
  std::vector<uint8_t>().swap(g_in);
  post_reports();
}

// Trains for one slice; 1 while there is more to do.
EMSCRIPTEN_KEEPALIVE int cnn_worker_work() {
  const bool more = g_engine.work();
  post_reports();
  return more ? 1 : 0;
}

// The worker's runtime is up: says so.
EMSCRIPTEN_KEEPALIVE void cnn_worker_ready() {
  app::WorkerMessage m;
  m.type = static_cast<uint32_t>(app::WorkerReport::Ready);
  const std::vector<uint8_t> bytes = app::encode(m);
  cnn_worker_post(bytes.data(), static_cast<int>(bytes.size()));
}

}  // extern "C"
