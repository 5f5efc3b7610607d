#include "exercises/range_check.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "exercises/outcome.hpp"

#include "exercises/guided_movement.hpp"  // axis_value

namespace midline {

namespace {
constexpr double kMinMovementDeg = 3.0;   // below this the head has not left the middle
constexpr double kStillSpanDeg = 1.5;     // settled: the position varies less than this
constexpr double kCentreDeg = 4.0;        // back at the middle
constexpr double kCentreHoldS = 1.0;
constexpr double kMoveLimitS = 20.0;      // then the furthest point seen is kept
constexpr double kReturnLimitS = 15.0;
}  // namespace

const std::array<RangeDirection, 6>& range_directions() {
  static const std::array<RangeDirection, 6> directions{{
      {Axis::rotation, +1, "Turn your head to your left"},
      {Axis::rotation, -1, "Turn your head to your right"},
      {Axis::tilt, +1, "Tilt your left ear toward your left shoulder"},
      {Axis::tilt, -1, "Tilt your right ear toward your right shoulder"},
      {Axis::flexion, +1, "Bring your chin toward your chest"},
      {Axis::flexion, -1, "Look up toward the ceiling"},
  }};
  return directions;
}

RangeCheck::RangeCheck(const RangeCheckParams& params)
    : Exercise(static_cast<int>(range_directions().size()), kRestBetweenDirectionsS),
      params_(params) {
  if (!(params.hold_at_end_s >= 0.0))
    throw std::invalid_argument("range check: hold_at_end_s cannot be negative");
  if (!(params.settle_time_s > 0.0))
    throw std::invalid_argument("range check: settle_time_s must be above 0");
}

const RangeDirection& RangeCheck::direction() const { return range_directions()[index_]; }

double RangeCheck::stage_progress() const {
  if (stage_ != Stage::holding || params_.hold_at_end_s <= 0.0) return 0.0;
  return std::clamp(stage_s_ / params_.hold_at_end_s, 0.0, 1.0);
}

void RangeCheck::begin_repetition(int repetition) {
  index_ = std::clamp(repetition - 1, 0, static_cast<int>(range_directions().size()) - 1);
  stage_ = Stage::moving;
  stage_s_ = furthest_deg_ = hold_sum_ = hold_time_ = head_along_ = centred_s_ = 0.0;
  recent_.clear();
}

std::string RangeCheck::instruction() const {
  switch (stage_) {
    case Stage::moving: return std::string(direction().name) + ", only as far as is comfortable.";
    case Stage::holding: return "Stay there a moment.";
    case Stage::returning: break;
  }
  return "Now come back to the middle.";
}

Exercise::Asked RangeCheck::asked() const {
  if (stage_ == Stage::returning) return {};
  return {{}, Asked::Direction{direction().axis, direction().side}};
}

void RangeCheck::add_results(ExerciseOutcome& outcome) const { outcome.ranges = results_; }

std::string RangeCheck::result_note() const {
  std::string text = "Range check (deg):";
  for (size_t i = 0; i < results_.size(); ++i) {
    char part[96];
    std::snprintf(part, sizeof part, " %s %.0f%s;", range_directions()[i].name,
                  results_[i].reached_deg, results_[i].settled ? "" : " (not settled)");
    text += part;
  }
  return text;
}

bool RangeCheck::settled() const {
  if (recent_.empty() || recent_.back().first - recent_.front().first < params_.settle_time_s)
    return false;
  const auto [lo, hi] = std::minmax_element(recent_.begin(), recent_.end(),
                                            [](auto& a, auto& b) { return a.second < b.second; });
  return hi->second - lo->second < kStillSpanDeg;
}

Exercise::Step RangeCheck::step_repetition(double dt_s, double active_s, const HeadSample& sample) {
  Step step;
  step.target = sample.face->angles;  // an assessment: no target to be near, nothing scored
  const RangeDirection& dir = direction();
  head_along_ = axis_value(sample.face->angles, dir.axis) * dir.side;
  furthest_deg_ = std::max(furthest_deg_, head_along_);
  recent_.emplace_back(active_s, head_along_);
  while (recent_.size() > 2 && recent_[1].first <= active_s - params_.settle_time_s)
    recent_.pop_front();
  stage_s_ += dt_s;

  switch (stage_) {
    case Stage::moving:
      if (head_along_ >= kMinMovementDeg && settled()) {
        stage_ = Stage::holding;
        stage_s_ = 0.0;
      } else if (stage_s_ >= kMoveLimitS) {
        results_.push_back({false, furthest_deg_});
        stage_ = Stage::returning;
        stage_s_ = 0.0;
      }
      break;
    case Stage::holding:
      hold_sum_ += head_along_ * dt_s;
      hold_time_ += dt_s;
      if (stage_s_ >= params_.hold_at_end_s) {
        results_.push_back({true, hold_time_ > 0.0 ? hold_sum_ / hold_time_ : head_along_});
        stage_ = Stage::returning;
        stage_s_ = 0.0;
      }
      break;
    case Stage::returning:
      centred_s_ = std::abs(head_along_) <= kCentreDeg ? centred_s_ + dt_s : 0.0;
      if (centred_s_ >= kCentreHoldS || stage_s_ >= kReturnLimitS) step.finished = true;
      break;
  }
  if (step.finished) step.goal_reached = true;
  return step;
}

}  // namespace midline
