// TrainHost: everything the Train tab needs from the page, the one seam between the training
// controller (controller.h) and the browser. The page's implementation is src/web/train_exports.cpp
// (with web/cnn_demo_api.js); the native tests give a fake one (tests/test_train_controller.cpp).
#pragma once
#include <cstdint>
#include <vector>

namespace app {

class TrainHost {
 public:
  virtual ~TrainHost() = default;
  // Fetches dist/mnist-train.cnnd; the answer comes back through TrainController::data_arrived
  // or data_failed.
  virtual void fetch_data() = 0;
  // Offers `bytes` as a download named `filename` (a Blob and a link).
  virtual void download(const std::vector<uint8_t>& bytes, const char* filename) = 0;
  // Opens the browser's file chooser; the chosen file comes back through
  // TrainController::import_weights.
  virtual void pick_weights_file() = 0;
  // Runs TrainController::train_between_frames in tasks after the current frame (the page's
  // event loop gets its turn between them) until it returns false; nothing if they already run.
  virtual void train_after_frame() = 0;
  // Seconds from a steady clock (performance.now()).
  virtual double now_seconds() = 0;

  // The training worker (worker_engine.h in a Web Worker of its own): starts it; false where the
  // page cannot (no Worker in this browser; the worker's own failures come later, through
  // TrainController::worker_failed). Its reports come back through TrainController::worker_message.
  virtual bool start_worker() { return false; }
  // Posts one message (worker_protocol.h) to the worker.
  virtual void send_to_worker(const std::vector<uint8_t>& /*message*/) {}
  // Ends the worker (the controller has given up on it).
  virtual void stop_worker() {}
};

}  // namespace app
