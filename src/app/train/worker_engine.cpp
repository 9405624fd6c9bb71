#include "app/train/worker_engine.h"

#include <exception>
#include <memory>
#include <new>

#include "cnn/weights_io.h"

namespace app {

void WorkerEngine::fail(const std::string& words, bool out_of_memory) {
  WorkerMessage m;
  m.type = static_cast<uint32_t>(WorkerReport::Failed);
  m.flag = out_of_memory;
  m.bytes.assign(words.begin(), words.end());
  failures_.push_back(encode(m));
}

void WorkerEngine::command(const uint8_t* bytes, std::size_t size) {
  if (dead_) return;
  try {
    run_command(bytes, size);
  } catch (const std::bad_alloc&) {  // a small device's memory, or Crash: said, then nothing more
    std::vector<std::vector<char>>().swap(ballast_);
    dead_ = true;
    fail("out of memory", true);
  }
}

void WorkerEngine::run_command(const uint8_t* bytes, std::size_t size) {
  const std::optional<WorkerMessage> m = decode(bytes, size);
  if (!m) return fail("a message the training worker cannot read");
  switch (static_cast<WorkerCommand>(m->type)) {
    case WorkerCommand::Data:
      if (Problem error = session_.set_data(m->bytes.data(), m->bytes.size())) return fail(cnn::english(*error));
      break;
    case WorkerCommand::Adopt: {
      std::unique_ptr<cnn::Network> net;
      try {
        net = cnn::load_network(m->bytes.data(), m->bytes.size());
      } catch (const std::exception& e) {
        return fail(e.what());
      }
      if (Problem error = session_.start_from(*net, m->settings)) return fail(cnn::english(*error));
      generation_ = m->generation;
      tests_seen_ = 0;
      session_.set_running(m->flag);
      break;
    }
    case WorkerCommand::Run:
      session_.set_running(m->flag);
      break;
    case WorkerCommand::Apply:
      session_.apply(m->settings);
      break;
    case WorkerCommand::Crash:  // runs out of memory, as a worker can on a small device
      for (;;) ballast_.emplace_back(std::size_t(16) << 20, '\1');
    default:
      return fail("an unknown command");
  }
  report_now_ = true;
}

bool WorkerEngine::work(double seconds) {
  const bool was_running = session_.running();
  try {
    if (busy()) session_.slice(seconds);
  } catch (const std::bad_alloc&) {
    dead_ = true;
    fail("out of memory", true);
    return false;
  }
  if (session_.test_accuracy_history().size() != tests_seen_) {  // an evaluation completed
    tests_seen_ = session_.test_accuracy_history().size();
    report_now_ = true;
  }
  if (was_running && !session_.running()) report_now_ = true;
  return busy();
}

std::vector<std::vector<uint8_t>> WorkerEngine::reports(double now) {
  std::vector<std::vector<uint8_t>> out = std::move(failures_);
  failures_.clear();
  const bool due = busy() && (last_report_ < 0 || now - last_report_ >= kReportSeconds);
  if ((report_now_ || due) && session_.has_network() && !dead_) {
    WorkerMessage m;
    m.type = static_cast<uint32_t>(WorkerReport::Progress);
    m.progress.generation = generation_;
    m.progress.readouts = session_.readouts();
    m.progress.weights = flat_weights(*session_.network());
    out.push_back(encode(m));
    report_now_ = false;
    last_report_ = now;
  }
  return out;
}

}  // namespace app
