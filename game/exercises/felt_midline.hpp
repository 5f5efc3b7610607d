#pragma once
// The felt-midline test (head repositioning, or joint position error, as clinics run it): no
// picture of the head, eyes open or closed as the level says. The patient turns to one side
// (at least turn_deg), comes back to where the middle *feels*, and says "here": Space, or
// keeping still for a moment. The result is how far that is from the body midline: the felt
// midline's error. Six trials, alternately to the left and to the right; the result is the
// mean absolute error per direction. Healthy adults err by about 3-4.5 degrees on average
// (over 4.5 is taken as impaired in neck-pain research: Revel, Andre-Deshays and Minguet,
// Arch Phys Med Rehabil 1991;72:288-291).

#include <optional>
#include <vector>

#include "exercises/exercise.hpp"
#include "exercises/exercise_params.hpp"

namespace midline {

struct FeltMidlineParams {
  double turn_deg = 30.0;     // how far to turn before coming back (rotation)
  bool eyes_closed = false;   // the level says: eyes closed for the whole trial
  double still_s = 1.5;       // keeping this still says "here" without a key
  double rest_between_s = 4.0;
  bool operator==(const FeltMidlineParams&) const = default;
};

// One trial's result: where the head stopped, from the body midline.
struct FeltMidlineTrial {
  int side = 1;           // the side turned to first: +1 the patient's left, -1 the right
  double error_deg = 0.0; // the rotation where "here" was said (+ = toward the patient's left)
  bool said_with_key = false;
};

// Mean absolute error of the trials turned to `side`; none when there were none.
std::optional<double> felt_midline_error(const std::vector<FeltMidlineTrial>& trials, int side);

class FeltMidline : public Exercise {
 public:
  static constexpr int kTrials = 6;
  static constexpr double kStillDeg = 2.0;  // movement under this, for still_s, says "here"
  // Throws std::invalid_argument naming a parameter it cannot run with. The error is always
  // from the body midline, whatever the session's target.
  explicit FeltMidline(const FeltMidlineParams& params);

  enum class Stage { turning, returning };
  Stage stage() const { return stage_; }
  int side() const;  // of the current trial
  const FeltMidlineParams& params() const { return params_; }
  const std::vector<FeltMidlineTrial>& trials() const { return trials_; }
  // The patient says "here" (Space): the current trial ends where the head is now.
  void say_here() override;

  std::string instruction() const override;
  Asked asked() const override;
  void add_results(ExerciseOutcome& outcome) const override;
  std::string result_note() const override;

 protected:
  Step step_repetition(double dt_s, double active_s, const HeadSample& sample) override;
  void begin_repetition(int repetition) override;
  void complete_repetition(RepetitionMetrics& metrics) const override;

 private:
  FeltMidlineParams params_;
  int trial_ = 1;
  Stage stage_ = Stage::turning;
  bool here_said_ = false;
  std::optional<double> here_deg_;   // where this trial's "here" was said
  std::optional<double> rotation_;   // the head's rotation at the last trusted sample
  double still_s_ = 0.0;
  double still_from_deg_ = 0.0;
  std::vector<FeltMidlineTrial> trials_;
};

}  // namespace midline
