#pragma once
// Guided movement: a target leaves the midline along one axis, eases out to amplitude_deg,
// waits there hold_at_end_s, and eases back; the player's head follows it. The target's
// fastest speed is speed_deg_per_s (a cosine ease, so it starts and stops softly). What counts
// is staying close to the target: going further or faster earns nothing. While the repetition
// is paused the target waits too.

#include "exercises/exercise.hpp"
#include "exercises/exercise_params.hpp"

namespace midline {

// +1 or -1: which way `direction` goes along `axis` in the clinical sign convention
// (rotation/tilt + = toward the patient's left; flexion + = chin down). pull_side is the
// sign of the patient's dystonic pull on that axis, needed only for away_from_pull and
// toward_pull. Throws std::invalid_argument naming the mismatch (e.g. "up" on rotation).
int movement_side(MovementDirection direction, Axis axis, std::optional<int> pull_side);

class GuidedMovement : public Exercise {
 public:
  // side: +1 or -1, from movement_side(). The movement starts and ends at `midline` (the
  // session's target, from the body midline).
  GuidedMovement(const GuidedMovementParams& params, int side, const HeadAngles& midline = {});

  const GuidedMovementParams& params() const { return params_; }
  int side() const { return side_; }
  // The target's position along the axis (degrees, signed) at `t` seconds into a repetition.
  double target_at(double t_s) const;
  double target_now() const { return target_at(repetition_time_s_); }
  // Where the head should be now on every axis: the midline plus the target along the axis.
  HeadAngles target_angles_now() const { return target_angles(target_now()); }
  double repetition_duration_s() const;
  // The head's latest position along the axis from the midline, absent before the first
  // trusted sample.
  std::optional<double> head_on_axis() const { return head_on_axis_; }

  std::string instruction() const override { return "Follow the light with your head, gently."; }
  Asked asked() const override { return {target_angles_now(), std::nullopt}; }

 protected:
  Step step_repetition(double dt_s, double active_s, const HeadSample& sample) override;
  void begin_repetition(int repetition) override;

 private:
  double ease_s() const;  // time for one way out or back
  HeadAngles target_angles(double along_deg) const;

  GuidedMovementParams params_;
  int side_;
  HeadAngles midline_;
  double repetition_time_s_ = 0.0;
  std::optional<double> head_on_axis_;
};

double axis_value(const HeadAngles& angles, Axis axis);
HeadAngles on_axis(Axis axis, double value_deg);

}  // namespace midline
