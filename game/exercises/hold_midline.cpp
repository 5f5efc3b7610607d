#include "exercises/hold_midline.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>


namespace midline {

namespace {
constexpr double kDrainRate = 0.5;  // out of the zone the hold empties at half its filling pace
}

HoldMidline::HoldMidline(const HoldMidlineParams& params, const HeadAngles& midline)
    : Exercise(params.repetitions, params.rest_between_s), params_(params), midline_(midline) {
  if (!(params.hold_s > 0.0)) throw std::invalid_argument("hold midline: hold_s must be above 0");
  const AxisTolerance& t = params.tolerance;
  if (!(t.rotation_deg > 0.0 && t.tilt_deg > 0.0 && t.flexion_deg > 0.0))
    throw std::invalid_argument("hold midline: every tolerance must be above 0 degrees");
  if (params.scene_shown_percent < 0 || params.scene_shown_percent > 100)
    throw std::invalid_argument("hold midline: scene_shown_percent must be from 0 to 100");
}

bool HoldMidline::scene_shown_at(double active_s) const {
  // 100 shows the whole hold, however long a drifting head makes it run.
  if (params_.scene_shown_percent >= 100) return true;
  return active_s < params_.hold_s * params_.scene_shown_percent / 100.0;
}

double HoldMidline::hold_progress() const { return std::clamp(held_s_ / params_.hold_s, 0.0, 1.0); }

double HoldMidline::repetition_limit_s() const {
  return std::max(3.0 * params_.hold_s, params_.hold_s + 20.0);
}

std::string HoldMidline::instruction() const {
  if (!scene_shown()) return "Keep your head where it is.";
  return "Rest your head near the middle. Let the sun rise.";
}

void HoldMidline::begin_repetition(int /*repetition*/) {
  held_s_ = 0.0;
}

Exercise::Step HoldMidline::step_repetition(double dt_s, double active_s, const HeadSample& sample) {
  Step step;
  step.target = midline_;
  const HeadAngles d = deviation(sample.face->angles, step.target);
  offset_ = d;
  const AxisTolerance& t = params_.tolerance;
  zone_distance_ = std::max({std::abs(d.rotation_deg) / t.rotation_deg,
                             std::abs(d.tilt_deg) / t.tilt_deg,
                             std::abs(d.flexion_deg) / t.flexion_deg});
  step.in_zone = within(d, t.rotation_deg, t.tilt_deg, t.flexion_deg);
  step.path_error_deg =
      std::sqrt(d.rotation_deg * d.rotation_deg + d.tilt_deg * d.tilt_deg +
                d.flexion_deg * d.flexion_deg);
  if (step.in_zone) {
    held_s_ += dt_s;
  } else {
    held_s_ = std::max(0.0, held_s_ - kDrainRate * dt_s);
  }
  if (held_s_ >= params_.hold_s) {
    step.finished = step.goal_reached = true;
  } else if (active_s >= repetition_limit_s()) {
    step.finished = true;
  }
  return step;
}

}  // namespace midline
