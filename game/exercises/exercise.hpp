#pragma once
// What every exercise shares: repetitions separated by rests, pauses when the camera cannot be
// trusted, events, and the metrics of each repetition. Driven only by time and HeadSamples (the
// caller passes both in; nothing here reads a clock), so whole sessions replay in tests.
//
// Pauses never cost the player anything: while the face is lost or the tracker is unsure, the
// repetition's clock stops and nothing is scored.

#include <optional>
#include <string>
#include <vector>

#include "pose/head_sample.hpp"
#include "pose/tremor.hpp"  // Axis

namespace midline {

struct ExerciseOutcome;

enum class ExercisePhase { repetition, rest, done };

// Why a repetition is paused; `none` while it runs. `touch`: a hand on the chin or cheek (a
// sensory trick) in an exercise practised without one.
enum class PauseReason { none, face_lost, uncertain, touch };

// A sentence for the player on what to do about a pause (empty for `none`).
const char* pause_advice(PauseReason reason);

struct ExerciseEvent {
  enum class Type {
    repetition_started,
    entered_zone,
    left_zone,
    paused,    // reason says why
    resumed,
    repetition_finished,
    rest_started,
    exercise_finished,
  };
  Type type;
  double time_s;  // on the exercise's own clock
  int repetition;    // 1-based
  PauseReason reason = PauseReason::none;
};
const char* event_name(ExerciseEvent::Type type);

// What one repetition measured. Only trusted samples count; deviations are from the target
// (the midline for hold, the moving target for guided movement), in degrees.
struct RepetitionMetrics {
  int repetition = 0;              // 1-based
  bool goal_reached = false;    // the hold was held / the movement was followed to the end
  double active_s = 0.0;        // time the repetition ran, pauses excluded
  double time_in_zone_s = 0.0;  // within tolerance of the target on every axis
  double longest_in_zone_s = 0.0;  // the longest unbroken stretch in the zone (a pause ends it)
  double mean_deviation_deg = 0.0;
  double peak_deviation_deg = 0.0;
  double path_error_deg = 0.0;  // RMS error along the exercise's axis (all axes for hold)
  double tremor_time_fraction = 0.0;     // share of active time with tremor present
  double tremor_mean_amplitude_deg = 0.0;  // while present
  int face_loss_pauses = 0;     // pauses of any reason (face lost, tracker unsure, a touch)
  double paused_s = 0.0;
  // Fading feedback: the part of active_s while the scene was hidden, and the time in the zone
  // within it (both 0 when the scene was shown throughout).
  double unseen_s = 0.0;
  double unseen_in_zone_s = 0.0;
  // A felt-midline trial: the side turned to first (+1 the patient's left) and where "here"
  // was said, from the body midline (none when the trial ended without one). Other types: none.
  std::optional<int> felt_side;
  std::optional<double> felt_error_deg;
};

class Exercise {
 public:
  Exercise(int repetitions, double rest_between_s);
  virtual ~Exercise() = default;

  // Advance the exercise by dt_s seconds with the newest sample (empty: none yet).
  void update(double dt_s, const std::optional<HeadSample>& sample);
  // Ends the exercise now (the player stopped); a repetition under way is kept as it stands.
  void stop();
  // Whether a sensory trick (a light touch on the chin or cheek) may be used; when not, the
  // repetition waits while the lower face is covered, without penalty. Allowed by default.
  void set_touch_allowed(bool allowed) { touch_allowed_ = allowed; }
  // Ends the current rest early (the player chose to go on), or makes it longer.
  void skip_rest();
  void extend_rest(double extra_s);
  // The patient says "here" (Space). Only the felt-midline test listens; the others ignore it.
  virtual void say_here() {}

  ExercisePhase phase() const { return phase_; }
  PauseReason pause() const { return pause_; }
  int repetition() const { return repetition_; }  // 1-based, the current or last repetition
  int repetitions() const { return repetitions_; }
  double rest_remaining_s() const { return rest_remaining_s_; }
  bool in_zone() const { return in_zone_; }
  // Whether the patient sees the scene now. A level may hide it for part of each repetition
  // (fading feedback, HoldMidlineParams::scene_shown_percent): the rules go on scoring, and
  // the screen rests with no head feedback. Always shown outside a running repetition.
  bool scene_shown() const;
  double time_s() const { return clock_s_; }
  const std::vector<RepetitionMetrics>& finished_repetitions() const { return finished_; }
  // Events since the last call, oldest first.
  std::vector<ExerciseEvent> take_events();

  // What the player is asked to do now, in one short sentence for the screen.
  virtual std::string instruction() const = 0;
  // Where the exercise asks the head to be now, relative to neutral. `explore` is set when it
  // asks the player to go along a direction only as far as is comfortable: the person, not
  // the exercise, decides how far.
  struct Asked {
    HeadAngles at;
    struct Direction {
      Axis axis;
      int side;  // +1 or -1 in the clinical sign convention
    };
    std::optional<Direction> explore;
  };
  virtual Asked asked() const = 0;
  // The type's own results (a longest hold, ranges) into the outcome, and a line for the
  // session's notes when the type has one (empty: none).
  virtual void add_results(ExerciseOutcome& /*outcome*/) const {}
  virtual std::string result_note() const { return {}; }

 protected:
  struct Step {
    HeadAngles target;          // where the head should be now, from the body midline
    bool in_zone = false;
    double path_error_deg = 0.0;  // signed error along the exercise's axis
    bool finished = false;      // this repetition is over
    bool goal_reached = false;
  };
  // The exercise's own rule for one trusted step of a repetition; active_s is the repetition's
  // running time (pauses excluded) after this step.
  virtual Step step_repetition(double dt_s, double active_s, const HeadSample& sample) = 0;
  // Called as each repetition starts (1-based).
  virtual void begin_repetition(int repetition) = 0;
  // Whether the scene is shown at `active_s` into a repetition (pauses excluded); always,
  // unless the type fades its feedback.
  virtual bool scene_shown_at(double /*active_s*/) const { return true; }
  // The type's own results of the repetition that has just ended, into its metrics.
  virtual void complete_repetition(RepetitionMetrics& /*metrics*/) const {}

  // Per-axis deviation of `angles` from `target`.
  static HeadAngles deviation(const HeadAngles& angles, const HeadAngles& target);
  static bool within(const HeadAngles& deviation, double rotation_tol, double tilt_tol,
                     double flexion_tol);

 private:
  void start_repetition();
  void finish_repetition(bool goal_reached);
  void emit(ExerciseEvent::Type type, PauseReason reason = PauseReason::none);

  int repetitions_;
  double rest_between_s_;
  ExercisePhase phase_ = ExercisePhase::repetition;
  PauseReason pause_ = PauseReason::none;
  int repetition_ = 0;
  double clock_s_ = 0.0;
  double rest_remaining_s_ = 0.0;
  bool in_zone_ = false;
  bool touch_allowed_ = true;

  // Running sums of the current repetition.
  RepetitionMetrics current_;
  double deviation_time_sum_ = 0.0;   // integral of deviation over trusted time
  double path_error_sq_sum_ = 0.0;    // integral of squared path error
  double tremor_time_s_ = 0.0;
  double tremor_amplitude_sum_ = 0.0;  // integral of amplitude over tremor time
  double unbroken_in_zone_s_ = 0.0;    // the current stretch in the zone

  std::vector<RepetitionMetrics> finished_;
  std::vector<ExerciseEvent> events_;
};

}  // namespace midline
