// WorkerEngine: the training worker's side of the Train tab. It runs in a dedicated Web Worker
// with its own WebAssembly instance of the core (src/web/worker/train_worker.cpp is its thin
// page boundary), holds the TrainSession that really trains, and answers the main thread's
// commands (worker_protocol.h) with progress reports: the read-outs and, a few times a second
// at most, the weights, which the main thread copies into the demo's model. Nothing in it
// knows of the browser: tested natively in tests/test_train_worker.cpp, with the
// TrainController on the other end.
#pragma once
#include <cstdint>
#include <vector>

#include "app/train/session.h"
#include "app/train/worker_protocol.h"

namespace app {

class WorkerEngine {
 public:
  static constexpr double kReportSeconds = 0.25;  // at most 4 reports with weights a second
  static constexpr double kSliceSeconds = 0.05;   // training between two looks at the commands

  // One message from the main thread. A message it cannot read, or a command that fails,
  // becomes a Failed report (reports()).
  void command(const uint8_t* bytes, std::size_t size);
  // Trains (and evaluates) for up to `seconds`; true while there is more to do.
  bool work(double seconds = kSliceSeconds);
  bool busy() const { return !dead_ && (session_.running() || session_.evaluating()); }
  // The reports due at `now` (seconds, a steady clock): a progress report after a command, when
  // training stops or an evaluation completes, and every kReportSeconds while it trains.
  std::vector<std::vector<uint8_t>> reports(double now);
  const TrainSession& session() const { return session_; }

 private:
  void fail(const std::string& words, bool out_of_memory = false);
  void run_command(const uint8_t* bytes, std::size_t size);

  TrainSession session_;
  uint32_t generation_ = 0;
  bool report_now_ = false;
  double last_report_ = -1;
  std::size_t tests_seen_ = 0;
  std::vector<std::vector<uint8_t>> failures_;
  bool dead_ = false;  // out of memory: it does nothing more
  std::vector<std::vector<char>> ballast_;  // Crash: held until the memory runs out
};

}  // namespace app
