// The messages between the Train tab (TrainController, main thread) and the training worker
// (WorkerEngine, in its own WebAssembly instance: src/web/worker/train_worker.cpp), as bytes:
// the page only moves them between the two (transferable ArrayBuffers), it reads none of them.
// Both ends are this C++, so one encoder and one decoder serve both; a message that cannot be
// read decodes to nothing (a bad message is never trusted). Pure logic: tested natively in
// tests/test_train_worker.cpp.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/train/session.h"

namespace app {

// main → worker
enum class WorkerCommand : uint32_t {
  Data = 1,   // the .cnnd bytes (TrainSession::set_data)
  Adopt = 2,  // a network (.cnnw bytes) with its settings, running or paused: a new session
  Run = 3,    // running (1) or paused (0)
  Apply = 4,  // optimizer, learning rate, batch size (TrainSession::apply)
  Crash = 5,  // tests only: the worker allocates until it runs out of memory
};
// worker → main
enum class WorkerReport : uint32_t {
  Ready = 100,     // the worker's runtime is up
  Progress = 101,  // status, plots and (optionally) the weights of generation N
  Failed = 102,    // a command failed: English words (the main thread's own checks came first);
                   // flag: it ran out of memory
};

// What the worker reports: everything the Train tab's read-outs show, and the weights.
struct WorkerProgress {
  uint32_t generation = 0;  // the Adopt it belongs to: older ones are ignored
  TrainReadouts readouts;
  std::vector<float> weights;  // every parameter in Network::params() order, or empty
};

struct WorkerMessage {
  uint32_t type = 0;           // a WorkerCommand or WorkerReport
  uint32_t generation = 0;     // Adopt
  bool flag = false;           // Run: running; Adopt: running; Failed: out of memory
  TrainSettings settings;      // Adopt, Apply
  std::vector<uint8_t> bytes;  // Data: .cnnd; Adopt: .cnnw; Failed: the words
  WorkerProgress progress;     // Progress
};

std::vector<uint8_t> encode(const WorkerMessage& m);
std::optional<WorkerMessage> decode(const uint8_t* bytes, std::size_t size);

// The parameters of `net` as one array, and back (false when the count does not match).
std::vector<float> flat_weights(cnn::Network& net);
bool set_flat_weights(cnn::Network& net, const std::vector<float>& weights);

}  // namespace app
