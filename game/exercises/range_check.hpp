#pragma once
// Range check: an assessment, not a game. For each of six directions the player moves gently
// to where it is comfortable, stays a moment, and comes back to the middle; the settled
// position is recorded as that direction's active range. Nothing is scored or rewarded.

#include <array>
#include <deque>

#include "exercises/exercise.hpp"
#include "exercises/exercise_params.hpp"

namespace midline {

struct RangeDirection {
  Axis axis;
  int side;            // +1 or -1 in the clinical sign convention
  const char* name;    // "turn to your left", for the player
};
// The six directions in the order the check asks for them.
const std::array<RangeDirection, 6>& range_directions();

struct RangeResult {
  bool settled = false;      // the head came to rest at an end (else: the furthest point seen)
  double reached_deg = 0.0;  // magnitude along the direction, degrees
};

class RangeCheck : public Exercise {
 public:
  explicit RangeCheck(const RangeCheckParams& params);
  static constexpr double kRestBetweenDirectionsS = 3.0;

  enum class Stage { moving, holding, returning };
  Stage stage() const { return stage_; }
  const RangeDirection& direction() const;  // of the current repetition
  double stage_progress() const;            // 0..1 of the hold while holding
  // One per direction finished so far, in range_directions() order.
  const std::vector<RangeResult>& results() const { return results_; }
  // The head's latest position along the current direction (degrees, + = that way).
  double head_along() const { return head_along_; }

  std::string instruction() const override;
  Asked asked() const override;
  void add_results(ExerciseOutcome& outcome) const override;
  std::string result_note() const override;  // "Range check (deg): ..."

 protected:
  Step step_repetition(double dt_s, double active_s, const HeadSample& sample) override;
  void begin_repetition(int repetition) override;

 private:
  bool settled() const;

  RangeCheckParams params_;
  int index_ = 0;
  Stage stage_ = Stage::moving;
  double stage_s_ = 0.0;
  double furthest_deg_ = 0.0;
  double hold_sum_ = 0.0;
  double hold_time_ = 0.0;
  double head_along_ = 0.0;
  double centred_s_ = 0.0;
  std::deque<std::pair<double, double>> recent_;  // (repetition time, position along direction)
  std::vector<RangeResult> results_;
};

}  // namespace midline
