#pragma once
// Guards the exercises against a camera that stops sending pictures: the tracker's newest
// sample then stays the same, and a frozen head must not go on scoring. A sample whose frame
// has not changed for longer than max_age_s counts as no sample (the exercise pauses, without
// penalty, and says what to do).

#include <optional>

#include "pose/head_sample.hpp"

namespace midline {

class FreshSamples {
 public:
  explicit FreshSamples(double max_age_s = 0.5) : max_age_s_(max_age_s) {}

  // Call once a frame with the newest sample and the frame's time step.
  std::optional<HeadSample> filter(const std::optional<HeadSample>& sample, double dt_s) {
    if (!sample) return std::nullopt;
    if (sample->frame_index != last_frame_) {
      last_frame_ = sample->frame_index;
      age_s_ = 0.0;
    } else {
      age_s_ += dt_s;
    }
    if (age_s_ > max_age_s_) return std::nullopt;
    return sample;
  }
  bool stale() const { return age_s_ > max_age_s_; }

 private:
  double max_age_s_;
  std::optional<int64_t> last_frame_;
  double age_s_ = 0.0;
};

}  // namespace midline
