#include "exercises/felt_midline.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "exercises/outcome.hpp"

namespace midline {

namespace {
constexpr double kTrialLimitS = 40.0;  // then the trial ends calmly, with no result
}

std::optional<double> felt_midline_error(const std::vector<FeltMidlineTrial>& trials, int side) {
  double sum = 0.0;
  int n = 0;
  for (const FeltMidlineTrial& t : trials)
    if (t.side == side) sum += std::abs(t.error_deg), ++n;
  if (n == 0) return std::nullopt;
  return sum / n;
}

FeltMidline::FeltMidline(const FeltMidlineParams& params)
    : Exercise(kTrials, params.rest_between_s), params_(params) {
  if (!(params.turn_deg >= 10.0 && params.turn_deg <= 60.0))
    throw std::invalid_argument("felt midline: turn_deg must be from 10 to 60 degrees");
  if (!(params.still_s > 0.0))
    throw std::invalid_argument("felt midline: still_s must be above 0");
}

int FeltMidline::side() const { return trial_ % 2 == 1 ? 1 : -1; }

void FeltMidline::say_here() {
  if (phase() == ExercisePhase::repetition && stage_ == Stage::returning) here_said_ = true;
}

std::string FeltMidline::instruction() const {
  const char* way = side() > 0 ? "left" : "right";
  if (stage_ == Stage::turning)
    return std::string(params_.eyes_closed ? "Close your eyes. " : "") + "Turn your head to your " +
           way + ", well over, as is comfortable.";
  return "Now come back to where the middle feels, and press Space (or keep still) when you "
         "are there.";
}

Exercise::Asked FeltMidline::asked() const {
  // Where the test asks the head to go: out to the side, then back to the body midline (a
  // person stops where it feels central, which is the point of the test).
  if (stage_ == Stage::turning) return {HeadAngles{side() * (params_.turn_deg + 5.0), 0, 0}, {}};
  return {HeadAngles{}, std::nullopt};
}

void FeltMidline::begin_repetition(int repetition) {
  trial_ = repetition;
  stage_ = Stage::turning;
  here_said_ = false;
  here_deg_.reset();
  still_s_ = 0.0;
}

Exercise::Step FeltMidline::step_repetition(double dt_s, double active_s, const HeadSample& sample) {
  Step step;
  const double rotation = sample.face->angles.rotation_deg;
  rotation_ = rotation;
  if (stage_ == Stage::turning) {
    if (rotation * side() >= params_.turn_deg) {
      stage_ = Stage::returning;
      still_from_deg_ = rotation;
      still_s_ = 0.0;
    }
  } else {
    // Keeping still counts once the head is on its way back (past half the turn), so the
    // pause at the side is not taken for "here".
    const bool back_on_the_way = rotation * side() < params_.turn_deg * 0.5;
    if (std::abs(rotation - still_from_deg_) > kStillDeg || !back_on_the_way) {
      still_from_deg_ = rotation;
      still_s_ = 0.0;
    } else {
      still_s_ += dt_s;
    }
    if (here_said_ || still_s_ >= params_.still_s) {
      trials_.push_back({side(), rotation, here_said_});
      here_deg_ = rotation;
      step.finished = step.goal_reached = true;
    }
  }
  step.target = asked().at;
  step.path_error_deg = stage_ == Stage::returning ? rotation : 0.0;
  if (!step.finished && active_s >= kTrialLimitS) step.finished = true;
  return step;
}

void FeltMidline::complete_repetition(RepetitionMetrics& metrics) const {
  metrics.felt_side = side();
  metrics.felt_error_deg = here_deg_;  // none when the trial ran out of time or was stopped
}

void FeltMidline::add_results(ExerciseOutcome& outcome) const {
  outcome.felt_midline = trials_;
}

std::string FeltMidline::result_note() const {
  const auto left = felt_midline_error(trials_, 1), right = felt_midline_error(trials_, -1);
  if (!left && !right) return {};
  char s[200];
  std::snprintf(s, sizeof s, "felt midline: mean error %s after turning left, %s after turning right",
                left ? (std::to_string(static_cast<int>(std::lround(*left))) + " deg").c_str() : "-",
                right ? (std::to_string(static_cast<int>(std::lround(*right))) + " deg").c_str() : "-");
  return s;
}

}  // namespace midline
