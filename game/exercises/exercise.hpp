#pragma once
// What every exercise shares: attempts separated by rests, pauses when the camera cannot be
// trusted, events, and the metrics of each attempt. Driven only by time and HeadSamples (the
// caller passes both in; nothing here reads a clock), so whole sessions replay in tests.
//
// Pauses never cost the player anything: while the face is lost or the tracker is unsure, the
// attempt's clock stops and nothing is scored.

#include <optional>
#include <string>
#include <vector>

#include "pose/head_sample.hpp"

namespace midline {

enum class ExercisePhase { attempt, rest, done };

// Why an attempt is paused; `none` while it runs. `touch`: a hand on the chin or cheek (a
// sensory trick) in an exercise practised without one.
enum class PauseReason { none, face_lost, uncertain, touch };

// A sentence for the player on what to do about a pause (empty for `none`).
const char* pause_advice(PauseReason reason);

struct ExerciseEvent {
  enum class Type {
    attempt_started,
    entered_zone,
    left_zone,
    paused,    // reason says why
    resumed,
    attempt_finished,
    rest_started,
    exercise_finished,
  };
  Type type;
  double time_s;  // on the exercise's own clock
  int attempt;    // 1-based
  PauseReason reason = PauseReason::none;
};
const char* event_name(ExerciseEvent::Type type);

// What one attempt measured. Only trusted samples count; deviations are from the target
// (the midline for hold, the moving target for guided movement), in degrees.
struct AttemptMetrics {
  int attempt = 0;              // 1-based
  bool goal_reached = false;    // the hold was held / the movement was followed to the end
  double active_s = 0.0;        // time the attempt ran, pauses excluded
  double time_in_zone_s = 0.0;  // within tolerance of the target on every axis
  double longest_in_zone_s = 0.0;  // the longest unbroken stretch in the zone (a pause ends it)
  double mean_deviation_deg = 0.0;
  double peak_deviation_deg = 0.0;
  double path_error_deg = 0.0;  // RMS error along the exercise's axis (all axes for hold)
  double tremor_time_fraction = 0.0;     // share of active time with tremor present
  double tremor_mean_amplitude_deg = 0.0;  // while present
  int face_loss_pauses = 0;     // pauses of any reason (face lost, tracker unsure, a touch)
  double paused_s = 0.0;
};

class Exercise {
 public:
  Exercise(int repetitions, double rest_between_s);
  virtual ~Exercise() = default;

  // Advance the exercise by dt_s seconds with the newest sample (empty: none yet).
  void update(double dt_s, const std::optional<HeadSample>& sample);
  // Ends the exercise now (the player stopped); an attempt under way is kept as it stands.
  void stop();
  // Whether a sensory trick (a light touch on the chin or cheek) may be used; when not, the
  // attempt waits while the lower face is covered, without penalty. Allowed by default.
  void set_touch_allowed(bool allowed) { touch_allowed_ = allowed; }
  // Ends the current rest early (the player chose to go on), or makes it longer.
  void skip_rest();
  void extend_rest(double extra_s);

  ExercisePhase phase() const { return phase_; }
  PauseReason pause() const { return pause_; }
  int attempt() const { return attempt_; }  // 1-based, the current or last attempt
  int repetitions() const { return repetitions_; }
  double rest_remaining_s() const { return rest_remaining_s_; }
  bool in_zone() const { return in_zone_; }
  double time_s() const { return clock_s_; }
  const std::vector<AttemptMetrics>& attempts() const { return finished_; }
  // Events since the last call, oldest first.
  std::vector<ExerciseEvent> take_events();

 protected:
  struct Step {
    HeadAngles target;          // where the head should be now, relative to neutral
    bool in_zone = false;
    double path_error_deg = 0.0;  // signed error along the exercise's axis
    bool finished = false;      // this attempt is over
    bool goal_reached = false;
  };
  // The exercise's own rule for one trusted step of an attempt; active_s is the attempt's
  // running time (pauses excluded) after this step.
  virtual Step step_attempt(double dt_s, double active_s, const HeadSample& sample) = 0;
  // Called as each attempt starts (1-based).
  virtual void begin_attempt(int attempt) = 0;

  // Per-axis deviation of `angles` from `target`.
  static HeadAngles deviation(const HeadAngles& angles, const HeadAngles& target);
  static bool within(const HeadAngles& deviation, double rotation_tol, double tilt_tol,
                     double flexion_tol);

 private:
  void start_attempt();
  void finish_attempt(bool goal_reached);
  void emit(ExerciseEvent::Type type, PauseReason reason = PauseReason::none);

  int repetitions_;
  double rest_between_s_;
  ExercisePhase phase_ = ExercisePhase::attempt;
  PauseReason pause_ = PauseReason::none;
  int attempt_ = 0;
  double clock_s_ = 0.0;
  double rest_remaining_s_ = 0.0;
  bool in_zone_ = false;
  bool touch_allowed_ = true;

  // Running sums of the current attempt.
  AttemptMetrics current_;
  double deviation_time_sum_ = 0.0;   // integral of deviation over trusted time
  double path_error_sq_sum_ = 0.0;    // integral of squared path error
  double tremor_time_s_ = 0.0;
  double tremor_amplitude_sum_ = 0.0;  // integral of amplitude over tremor time
  double unbroken_in_zone_s_ = 0.0;    // the current stretch in the zone

  std::vector<AttemptMetrics> finished_;
  std::vector<ExerciseEvent> events_;
};

}  // namespace midline
