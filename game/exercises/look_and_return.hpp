#pragma once
// Look and return: the range check's six directions practised gently. For each direction a
// mark stands a modest distance out (a share of the textbook range); the player turns slowly
// to look at it, stays a moment, and comes back to the middle. What counts is arriving near
// the mark and coming back to the midline: not speed, and never reaching further (the mark
// does not move, and going past it earns nothing).

#include <array>
#include <optional>

#include "exercises/exercise.hpp"
#include "exercises/exercise_params.hpp"

namespace midline {

struct LookAndReturnParams {
  // How far each mark stands, as a share of the textbook range in its direction (rotation
  // 80, lateral flexion 45, flexion and extension 50 degrees): movements start at 30-50%.
  double share_of_range = 0.3;
  double hold_s = 2.0;          // a moment at the mark
  AxisTolerance tolerance{6.0, 6.0, 6.0};  // how close to the mark, and to the middle, counts
  double rest_between_s = 5.0;
  bool operator==(const LookAndReturnParams&) const = default;
};

class LookAndReturn : public Exercise {
 public:
  // The six directions, in the range check's order (range_directions()).
  static constexpr int kDirections = 6;
  // Throws std::invalid_argument naming a parameter it cannot run with.
  explicit LookAndReturn(const LookAndReturnParams& params, const HeadAngles& midline = {});

  enum class Stage { looking, returning };
  Stage stage() const { return stage_; }
  const LookAndReturnParams& params() const { return params_; }
  Axis axis() const;
  int side() const;        // +1 or -1 along axis(), in the clinical sign convention
  double mark_deg() const;  // how far the current direction's mark stands from the midline
  double at_mark_progress() const;  // 0..1 of the moment at the mark
  // The head along the current direction from the midline (degrees, + = toward the mark),
  // absent before the first trusted sample of the repetition.
  std::optional<double> head_along() const { return head_along_; }

  std::string instruction() const override;
  Asked asked() const override;

 protected:
  Step step_repetition(double dt_s, double active_s, const HeadSample& sample) override;
  void begin_repetition(int repetition) override;

 private:
  HeadAngles mark_angles() const;

  LookAndReturnParams params_;
  HeadAngles midline_;
  int index_ = 0;
  Stage stage_ = Stage::looking;
  double at_mark_s_ = 0.0;
  double centred_s_ = 0.0;
  std::optional<double> head_along_;
};

// The mark's distance for `axis` and `side` at `share` of the textbook range.
double look_mark_deg(Axis axis, int side, double share);

}  // namespace midline
