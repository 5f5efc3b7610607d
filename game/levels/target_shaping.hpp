#pragma once
// Where a plan's exercises aim today (shaping, CLINICAL.md): the target starts where this
// patient can succeed (the plan's starting target, or the resting posture measured at
// calibration when the plan sets none) and steps toward the body midline (0) with each level
// mastered: never past 0 on an axis, never further out than the patient's recorded range, and
// never beyond what the tracker is trusted with.

#include <optional>

#include "levels/patient_plan.hpp"
#include "pose/head_pose.hpp"

namespace midline {

// The largest target offset the tracker is trusted with, degrees from facing the camera (a
// webcam face tracker errs more at extreme angles).
inline constexpr double kTrustedTargetDeg = 45.0;

struct TargetShaping {
  std::optional<HeadAngles> start;  // the plan's; none: start at the resting posture
  double step_deg = 5.0;            // toward 0 per level mastered
  int mastered_levels = 0;
  RecordedRange range;

  // Today's target from the body midline, given the resting posture calibration measured
  // (none: not measured, and the plan sets no start: the body midline itself).
  HeadAngles target(const std::optional<HeadAngles>& resting) const;
};

}  // namespace midline
