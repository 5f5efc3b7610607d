#pragma once
// Work the tracker hands to a worker thread between frames (a view of the head kept, a check
// of the track). The worker runs at a lower priority than the thread that tracks: on one core
// a worker started at the end of a frame otherwise takes the core before that frame is
// delivered (frames that follow the head in 4 ms took 9-13).

#include <future>
#include <thread>
#include <utility>

namespace midline {

// Lowers the calling thread's scheduling priority (Linux: its nice value, to 10).
void lower_priority_of_this_thread();

// `work()` on a new thread at a lower priority; the future waits for it when destroyed.
template <class Work>
auto in_background(Work work) {
  return std::async(std::launch::async, [work = std::move(work)]() mutable {
    lower_priority_of_this_thread();
    std::this_thread::yield();  // the core back to the thread that started this, at once
    return work();
  });
}

}  // namespace midline
