#pragma once
// Records a posture the patient holds for a few seconds, from the body midline: the head
// looking level at a mark (the flexion zero) or a posture to aim at today. The same
// still-hold rules as calibration decide whether the hold counts.

#include <optional>
#include <string>

#include "pose/head_sample.hpp"
#include "pose/neutral.hpp"

namespace midline {

class PostureHold {
 public:
  explicit PostureHold(NeutralCaptureParams params = {}) : capture_(params) {}

  // Once a frame with the newest sample; a frame already seen is not counted twice.
  void add(const std::optional<HeadSample>& sample);
  bool complete() const { return capture_.complete(); }
  double progress() const { return capture_.progress(); }

  struct Result {
    std::optional<HeadAngles> posture;  // from the body midline, when the hold was still
    std::string problem;                // for the patient, when it was not
  };
  Result finish() const;

 private:
  NeutralCapture capture_;
  std::optional<int64_t> last_frame_;
};

}  // namespace midline
