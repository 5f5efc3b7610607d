#include "exercises/look_and_return.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "exercises/guided_movement.hpp"  // axis_value, on_axis
#include "exercises/limits.hpp"
#include "exercises/range_check.hpp"      // range_directions

namespace midline {

namespace {
constexpr double kCentreHoldS = 1.0;   // a moment back at the middle ends the direction
constexpr double kRepetitionLimitS = 30.0;  // then the direction ends calmly with what was done
}  // namespace

double look_mark_deg(Axis axis, int side, double share) {
  // Extension is taken as flexion's 50 rather than its textbook 80: the tracker reads chin-up
  // short, and a gentle mark needs no more.
  const double range = axis == Axis::flexion ? textbook_range_deg(Axis::flexion, +1)
                                             : textbook_range_deg(axis, side);
  return share * range;
}

LookAndReturn::LookAndReturn(const LookAndReturnParams& params, const HeadAngles& midline)
    : Exercise(kDirections, params.rest_between_s), params_(params), midline_(midline) {
  if (!(params.share_of_range > 0.0 && params.share_of_range <= 0.5))
    throw std::invalid_argument("look and return: share_of_range must be above 0 and at most 0.5");
  if (!(params.hold_s > 0.0))
    throw std::invalid_argument("look and return: hold_s must be above 0");
  const AxisTolerance& t = params.tolerance;
  if (!(t.rotation_deg > 0.0 && t.tilt_deg > 0.0 && t.flexion_deg > 0.0))
    throw std::invalid_argument("look and return: every tolerance must be above 0 degrees");
}

Axis LookAndReturn::axis() const { return range_directions()[index_].axis; }
int LookAndReturn::side() const { return range_directions()[index_].side; }
double LookAndReturn::mark_deg() const {
  return look_mark_deg(axis(), side(), params_.share_of_range);
}

double LookAndReturn::at_mark_progress() const {
  return stage_ == Stage::returning ? 1.0 : std::clamp(at_mark_s_ / params_.hold_s, 0.0, 1.0);
}

HeadAngles LookAndReturn::mark_angles() const {
  const HeadAngles along = on_axis(axis(), side() * mark_deg());
  return {midline_.rotation_deg + along.rotation_deg, midline_.tilt_deg + along.tilt_deg,
          midline_.flexion_deg + along.flexion_deg};
}

std::string LookAndReturn::instruction() const {
  if (stage_ == Stage::returning) return "Now come back to the middle, slowly.";
  if (at_mark_s_ > 0.0) return "Stay there a moment.";
  return std::string(range_directions()[index_].name) + ", slowly, to the mark.";
}

Exercise::Asked LookAndReturn::asked() const {
  return {stage_ == Stage::looking ? mark_angles() : midline_, std::nullopt};
}

void LookAndReturn::begin_repetition(int repetition) {
  index_ = std::clamp(repetition - 1, 0, kDirections - 1);
  stage_ = Stage::looking;
  at_mark_s_ = centred_s_ = 0.0;
  head_along_.reset();
}

Exercise::Step LookAndReturn::step_repetition(double dt_s, double active_s, const HeadSample& sample) {
  Step step;
  step.target = stage_ == Stage::looking ? mark_angles() : midline_;
  const HeadAngles d = deviation(sample.face->angles, step.target);
  const AxisTolerance& t = params_.tolerance;
  step.in_zone = within(d, t.rotation_deg, t.tilt_deg, t.flexion_deg);
  step.path_error_deg = axis_value(d, axis()) * side();
  head_along_ = axis_value(deviation(sample.face->angles, midline_), axis()) * side();

  if (stage_ == Stage::looking) {
    if (step.in_zone) at_mark_s_ += dt_s;  // leaving the mark keeps what was held
    if (at_mark_s_ >= params_.hold_s) stage_ = Stage::returning;
  } else {
    centred_s_ = step.in_zone ? centred_s_ + dt_s : 0.0;
    if (centred_s_ >= kCentreHoldS) step.finished = step.goal_reached = true;
  }
  if (!step.finished && active_s >= kRepetitionLimitS) step.finished = true;
  return step;
}

}  // namespace midline
