#include "exercises/guided_movement.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

namespace midline {

namespace {
constexpr double kSettleAtCentreS = 1.0;  // a moment at the midline before the repetition ends

const char* direction_name(MovementDirection d) {
  switch (d) {
    case MovementDirection::away_from_pull: return "away_from_pull";
    case MovementDirection::toward_pull: return "toward_pull";
    case MovementDirection::left: return "left";
    case MovementDirection::right: return "right";
    case MovementDirection::up: return "up";
    case MovementDirection::down: return "down";
  }
  return "?";
}
}  // namespace

double axis_value(const HeadAngles& a, Axis axis) {
  switch (axis) {
    case Axis::rotation: return a.rotation_deg;
    case Axis::tilt: return a.tilt_deg;
    case Axis::flexion: return a.flexion_deg;
  }
  return 0.0;
}

HeadAngles on_axis(Axis axis, double value_deg) {
  HeadAngles a;
  switch (axis) {
    case Axis::rotation: a.rotation_deg = value_deg; break;
    case Axis::tilt: a.tilt_deg = value_deg; break;
    case Axis::flexion: a.flexion_deg = value_deg; break;
  }
  return a;
}

int movement_side(MovementDirection direction, Axis axis, std::optional<int> pull_side) {
  const bool sideways = axis == Axis::rotation || axis == Axis::tilt;
  auto mismatch = [&] {
    return std::invalid_argument(std::string("direction '") + direction_name(direction) +
                                 "' does not apply to the " + axis_name(axis) + " axis");
  };
  switch (direction) {
    case MovementDirection::left:
      if (!sideways) throw mismatch();
      return +1;
    case MovementDirection::right:
      if (!sideways) throw mismatch();
      return -1;
    case MovementDirection::down:
      if (sideways) throw mismatch();
      return +1;
    case MovementDirection::up:
      if (sideways) throw mismatch();
      return -1;
    case MovementDirection::away_from_pull:
    case MovementDirection::toward_pull:
      if (!pull_side || (*pull_side != 1 && *pull_side != -1))
        throw std::invalid_argument(std::string("direction '") + direction_name(direction) +
                                    "' needs the patient's pull on the " + axis_name(axis) +
                                    " axis, which is not recorded");
      return direction == MovementDirection::toward_pull ? *pull_side : -*pull_side;
  }
  throw mismatch();
}

GuidedMovement::GuidedMovement(const GuidedMovementParams& params, int side,
                               const HeadAngles& midline)
    : Exercise(params.repetitions, params.rest_between_s),
      params_(params),
      side_(side),
      midline_(midline) {
  if (side != 1 && side != -1) throw std::invalid_argument("guided movement: side must be +1 or -1");
  if (!(params.amplitude_deg > 0.0))
    throw std::invalid_argument("guided movement: amplitude_deg must be above 0");
  if (!(params.speed_deg_per_s > 0.0))
    throw std::invalid_argument("guided movement: speed_deg_per_s must be above 0");
  if (!(params.hold_at_end_s >= 0.0))
    throw std::invalid_argument("guided movement: hold_at_end_s cannot be negative");
}

// A cosine ease over T has its top speed, amplitude * pi / (2T), at its middle.
double GuidedMovement::ease_s() const {
  return params_.amplitude_deg * std::numbers::pi / (2.0 * params_.speed_deg_per_s);
}

double GuidedMovement::repetition_duration_s() const {
  return 2.0 * ease_s() + params_.hold_at_end_s + kSettleAtCentreS;
}

double GuidedMovement::target_at(double t) const {
  const double ease = ease_s();
  const double a = params_.amplitude_deg * side_;
  auto eased = [](double u) { return 0.5 - 0.5 * std::cos(std::numbers::pi * std::clamp(u, 0.0, 1.0)); };
  if (t <= ease) return a * eased(t / ease);
  t -= ease;
  if (t <= params_.hold_at_end_s) return a;
  t -= params_.hold_at_end_s;
  return a * (1.0 - eased(t / ease));
}

HeadAngles GuidedMovement::target_angles(double along_deg) const {
  const HeadAngles along = on_axis(params_.axis, along_deg);
  return {midline_.rotation_deg + along.rotation_deg, midline_.tilt_deg + along.tilt_deg,
          midline_.flexion_deg + along.flexion_deg};
}

void GuidedMovement::begin_repetition(int /*repetition*/) { repetition_time_s_ = 0.0; }

Exercise::Step GuidedMovement::step_repetition(double /*dt_s*/, double active_s,
                                            const HeadSample& sample) {
  repetition_time_s_ = active_s;
  Step step;
  step.target = target_angles(target_at(active_s));
  const HeadAngles d = deviation(sample.face->angles, step.target);
  const AxisTolerance& t = params_.tolerance;
  step.in_zone = within(d, t.rotation_deg, t.tilt_deg, t.flexion_deg);
  step.path_error_deg = axis_value(d, params_.axis);
  head_on_axis_ = axis_value(deviation(sample.face->angles, midline_), params_.axis);
  if (active_s >= repetition_duration_s()) {
    step.finished = true;
    step.goal_reached = true;  // followed to the end; how closely is in the metrics
  }
  return step;
}

}  // namespace midline
