#pragma once
// The last few seconds of published head samples, so that a reader who looks less often than
// the camera sends frames (the game at 15 frames a second under software rendering) still gets
// every sample for the session log, while the game's rules keep reading only the newest.
// Not thread-safe on its own: a source keeps it beside its newest sample, under the same lock.

#include <array>
#include <cstdint>
#include <vector>

#include "pose/head_sample.hpp"

namespace midline {

class RecentSamples {
 public:
  // About two seconds at 30 frames a second: a reader slower than that loses the oldest.
  static constexpr size_t kCapacity = 64;

  void push(const HeadSample& sample) {
    ring_[published_ % kCapacity] = sample;
    ++published_;
  }

  // Every sample published after `cursor` that is still kept, oldest first; moves `cursor`
  // past them. A new reader starts with cursor 0.
  std::vector<HeadSample> since(uint64_t& cursor) const {
    const uint64_t oldest_kept = published_ > kCapacity ? published_ - kCapacity : 0;
    if (cursor < oldest_kept) cursor = oldest_kept;
    std::vector<HeadSample> out;
    out.reserve(static_cast<size_t>(published_ - cursor));
    for (; cursor < published_; ++cursor) out.push_back(ring_[cursor % kCapacity]);
    return out;
  }

 private:
  std::array<HeadSample, kCapacity> ring_{};
  uint64_t published_ = 0;  // how many samples were ever pushed
};

}  // namespace midline
