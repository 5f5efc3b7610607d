#pragma once
// Hold midline: keep the head within tolerance of the target for hold_s, a number
// of times. The hold fills while the head is in the zone and drains at half that pace when it
// leaves, so a brief wobble costs a little, never the whole hold. A repetition that does not
// fill in its time limit ends calmly with what was done. The target is given from the body
// midline (pose/body_midline.hpp): the plan's shaped target, 0 once the plan reaches it.
// A level may fade the feedback (scene_shown_percent): past that share of hold_s the scene is
// hidden until the hold ends, and the hold fills and is scored exactly as before.

#include "exercises/exercise.hpp"
#include "exercises/exercise_params.hpp"

namespace midline {

class HoldMidline : public Exercise {
 public:
  explicit HoldMidline(const HoldMidlineParams& params, const HeadAngles& midline = {});

  const HoldMidlineParams& params() const { return params_; }
  double hold_progress() const;       // 0..1 of the current hold
  // How far from the midline, as the largest share of its tolerance on any axis: 0 at the
  // midline, 1 at the zone's edge, above 1 outside. Absent before the first trusted sample.
  std::optional<double> zone_distance() const { return zone_distance_; }
  // Per-axis offset of the head from the midline at the last trusted sample.
  std::optional<HeadAngles> offset() const { return offset_; }
  double repetition_limit_s() const;

  std::string instruction() const override;
  Asked asked() const override { return {midline_, std::nullopt}; }

 protected:
  Step step_repetition(double dt_s, double active_s, const HeadSample& sample) override;
  void begin_repetition(int repetition) override;
  bool scene_shown_at(double active_s) const override;

 private:
  HoldMidlineParams params_;
  HeadAngles midline_;
  double held_s_ = 0.0;
  std::optional<double> zone_distance_;
  std::optional<HeadAngles> offset_;
};

}  // namespace midline
