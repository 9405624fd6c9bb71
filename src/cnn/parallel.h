// parallel_for: splits [0, n) into contiguous chunks, one per thread, and runs them on a
// small persistent pool (native builds). The browser build is single-threaded (an LMS
// iframe cannot count on the cross-origin isolation that WASM threads need), so there, and
// whenever num_threads() is 1 or we are already inside a parallel region, it runs inline.
#pragma once
#include <functional>

namespace cnn {

// fn(begin, end, chunk) with chunk in [0, chunks), where chunks = min(n / grain, num_threads())
// (at least 1): `grain` is the least number of items worth a thread of their own, so small
// work (one image in the demo) never pays for waking a thread.
void parallel_for(int n, const std::function<void(int begin, int end, int chunk)>& fn, int grain = 1);

// How many chunks parallel_for(n, ..., grain) will use (so callers can size per-chunk scratch).
int parallel_chunks(int n, int grain = 1);

}  // namespace cnn
