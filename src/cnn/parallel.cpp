#include "cnn/parallel.h"

#include <algorithm>

#include "cnn/gemm.h"

#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
#define CNN_NO_THREADS 1
#endif

#ifndef CNN_NO_THREADS
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>
#endif

namespace cnn {

#ifndef CNN_NO_THREADS
namespace {
thread_local bool t_inside = false;  // inside a parallel region: nested calls run inline
}
#endif

int parallel_chunks(int n, int grain) {
#ifdef CNN_NO_THREADS
  (void)grain;
  return n > 0 ? 1 : 0;
#else
  if (n <= 0) return 0;
  return t_inside ? 1 : std::max(1, std::min(n / std::max(1, grain), num_threads()));
#endif
}

#ifdef CNN_NO_THREADS
void parallel_for(int n, const std::function<void(int, int, int)>& fn, int) {
  if (n > 0) fn(0, n, 0);
}
#else

namespace {

// Workers wait for a new "generation" of work, run their chunk, and count down.
class Pool {
 public:
  ~Pool() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
      ++generation_;
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
  }
  void run(int chunks, const std::function<void(int)>& job) {
    std::unique_lock<std::mutex> call_lock(call_mu_);  // one parallel region at a time
    ensure(chunks - 1);
    {
      std::lock_guard<std::mutex> lock(mu_);
      job_ = &job;
      active_ = chunks - 1;
      pending_ = chunks - 1;
      ++generation_;
    }
    cv_.notify_all();
    t_inside = true;
    job(0);
    t_inside = false;
    std::unique_lock<std::mutex> lock(mu_);
    done_cv_.wait(lock, [&] { return pending_ == 0; });
    job_ = nullptr;
  }

 private:
  void ensure(int n) {
    while (static_cast<int>(workers_.size()) < n) {
      const int index = static_cast<int>(workers_.size()) + 1;
      // The worker starts from the current generation (read here, not in the new thread,
      // which may only get going after run() has already published the next one).
      long long start;
      {
        std::lock_guard<std::mutex> lock(mu_);
        start = generation_;
      }
      workers_.emplace_back([this, index, start] { loop(index, start); });
    }
  }
  void loop(int index, long long seen) {
    for (;;) {
      const std::function<void(int)>* job = nullptr;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return generation_ != seen; });
        seen = generation_;
        if (stop_) return;
        if (index > active_) continue;
        job = job_;
      }
      t_inside = true;
      (*job)(index);
      t_inside = false;
      {
        std::lock_guard<std::mutex> lock(mu_);
        --pending_;
      }
      done_cv_.notify_one();
    }
  }
  std::vector<std::thread> workers_;
  std::mutex mu_, call_mu_;
  std::condition_variable cv_, done_cv_;
  const std::function<void(int)>* job_ = nullptr;
  long long generation_ = 0;
  int active_ = 0, pending_ = 0;
  bool stop_ = false;
};

Pool& pool() {
  static Pool p;
  return p;
}

}  // namespace

void parallel_for(int n, const std::function<void(int, int, int)>& fn, int grain) {
  const int chunks = parallel_chunks(n, grain);
  if (chunks <= 0) return;
  if (chunks == 1) {
    fn(0, n, 0);
    return;
  }
  auto job = [&](int c) {
    const int begin = static_cast<int>(static_cast<long long>(n) * c / chunks);
    const int end = static_cast<int>(static_cast<long long>(n) * (c + 1) / chunks);
    if (begin < end) fn(begin, end, c);
  };
  pool().run(chunks, job);
}
#endif

}  // namespace cnn
