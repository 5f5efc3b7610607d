#pragma once
// The session core: one practice session, with no window. It owns today's plan, makes each
// exercise from the catalogue, takes one snapshot of the head samples a frame and hands the
// same one to the rules, the recorder, pacing and whoever draws it, and turns the rules'
// events into recorded repetitions, rests, chimes and pacing advice.
//
// Screens draw its state and post commands to it (begin, skip a rest, rate the effort,
// pause, a clinician's skip, stop with a reason, a note, the check-out); autoplay drives it
// the same way. Nothing here reads a clock: time comes in with each frame, so a whole session
// plays in a test from recorded samples.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "exercises/catalogue.hpp"
#include "exercises/fresh_samples.hpp"
#include "exercises/outcome.hpp"
#include "levels/target_shaping.hpp"
#include "pacing/fatigue_monitor.hpp"
#include "pacing/practice_limits.hpp"
#include "pose/head_sample.hpp"
#include "session/session_record.hpp"

namespace midline {

class SessionLog;

// What one frame brings from the tracker: every sample published since the last frame (the
// recorder keeps them all) and the newest (what the rules, the scene and the panel see).
struct FrameSamples {
  std::vector<HeadSample> published;
  std::optional<HeadSample> newest;
};


// Where the session is. Screens show one page per stage.
enum class SessionStage {
  setting_up,     // checked in: the camera check and calibration
  introducing,    // an exercise's introduction, until Begin
  exercising,     // its repetitions, rests and pauses
  rating_effort,  // how hard that set was (Borg CR10)
  asking_why,     // the patient stopped the exercises: why, if they wish to say
  checking_out,   // the exercises are over: pain and tiredness again
  ended,          // recorded; the summary shows record()
};

// A sound the screens play for the session (the calm tone is a level, not a sound).
enum class SessionSound { chime };

class PracticeSession {
 public:
  struct Settings {
    std::string player{};
    std::string plan_name{};   // for the store: where the plan came from
    bool supervised = false;   // a clinician is present (the ward panel)
    // The plan's pacing: this session's minutes (its session limit, or what the day has left;
    // none: no limit) and the rests between sets (rest_after_set_s).
    std::optional<double> minutes_allowed{};
    pacing::PracticeLimits limits{};
    std::optional<int64_t> plan_version{};     // the clinic's plan version, when it is one
    // Where the exercises aim today, from the body midline: the plan's target, shaped toward 0
    // as levels are mastered, worked out again when calibration measures the resting posture
    // (none: the body midline itself).
    std::optional<TargetShaping> shaping{};
    // The patient's kept flexion zero (their plan's), recorded with the session from its start.
    std::optional<double> flexion_zero_deg{};
  };

  // Begins the session in `log` (recorded when the log keeps sessions) after the check-in.
  PracticeSession(std::vector<PlannedExercise> plan, Settings settings, SessionLog& log,
                  const CheckInAnswers& before);
  ~PracticeSession();
  PracticeSession(const PracticeSession&) = delete;
  PracticeSession& operator=(const PracticeSession&) = delete;

  // [SECTION] Commands
  // Calibration's records, while setting up, from the body midline: where the head rests
  // (measured; `rough` where the head rested turned further than the tracker is sure of),
  // the patient's flexion zero (as the source applies it), and a therapist's target for today
  // in place of the plan's.
  void set_resting_posture(std::optional<HeadAngles> posture, bool rough = false);
  void set_flexion_zero(double degrees);
  void set_target(std::optional<HeadAngles> target);
  void start_exercises();   // setting up is done: the first exercise's introduction
  void begin_exercise();    // from an introduction
  void skip_rest();
  void say_here();  // Space in the felt-midline test: the head is where the middle feels
  void extend_rest(double extra_s);
  void dismiss_advice();
  // The set's effort (Borg CR10 0..10), or none when the patient skipped the question.
  void rate_effort(std::optional<int> borg);
  void set_paused(bool paused);  // the pause page: the session's clock stands still
  // A clinician's Skip: the exercise ends, shown as skipped, and the next one is introduced;
  // the session's notes say who skipped it (`by`: "clinician (AB)").
  void skip_exercise(const std::string& by = "clinician");
  // The exercises end now (a repetition under way is kept as it stands); then the check-out,
  // after asking why when the patient stopped during the exercises.
  void stop(StopReason reason);
  // The answer to "why stop?": pain, fatigue or technical; none when skipped (kept as the
  // patient's stop). Then the check-out.
  void explain_stop(std::optional<StopReason> why);
  void note(const std::string& author, const std::string& text);
  // "Rest today", chosen at a hard day's check-in instead of practising: kept in the store as
  // a session of no exercises, stopped for pain (or tiredness, when only that was high), with
  // a note saying so. The session has then ended.
  void rest_today();
  // The check-out's answers (or none, when skipped): the session ends and is recorded.
  void check_out(std::optional<CheckInAnswers> after);
  // The program is closing: whatever the stage, the session ends, as stopped early.
  void end_now();

  // [SECTION] The frame: dt_s of session time (0 while paused) and what the tracker sent.
  void advance(double dt_s, const FrameSamples& frame);

  // [SECTION] State, for the screens
  SessionStage stage() const { return stage_; }
  const std::vector<PlannedExercise>& plan() const { return plan_; }
  size_t exercise_index() const { return index_; }  // the current (or last) exercise
  const PlannedExercise& planned() const { return plan_.at(index_); }
  const ExerciseKind& kind() const { return exercise_kind(planned().params); }
  // The exercise being played, from its introduction on (null before the first).
  const Exercise* exercise() const { return exercise_.get(); }
  // This frame's sample as the rules saw it (none when no face, or the camera froze).
  const std::optional<HeadSample>& sample() const { return sample_; }
  // The newest sample the tracker sent, fresh or not (the clinician's panel shows it).
  const std::optional<HeadSample>& newest() const { return newest_; }
  bool camera_stale() const { return fresh_.stale(); }
  bool paused() const { return paused_; }
  const SessionOutcome& record() const { return record_; }
  const pacing::PacingAdvice& advice() const { return advice_; }
  // How loud the hold's calm tone is now: 0 when silent (out of the zone, rests, pauses).
  double tone_volume() const { return tone_volume_; }
  // How unsettled the head is in a calm-tone exercise, eased over about a second: 0 still in
  // the middle of the zone, 1 restless (far from it, or trembling). The scene's water shows it.
  double unsteadiness() const { return unsteadiness_; }
  std::vector<SessionSound> take_sounds();
  bool stopped_early() const { return record_.stopped_early; }
  // The plan's minutes for this session were reached: the repetition under way finished, and
  // the exercises ended there (to the effort question for that set, then the check-out).
  bool time_up() const { return record_.time_up; }
  // Before an exercise's introduction, after a set: the rest the plan gives between sets
  // (Begin ends it sooner). 0 when none is running.
  double rest_before_next_set_s() const { return set_rest_.remaining_s(); }
  // Between the first introduction and the check-out: Stop ends the exercises here.
  bool in_exercises() const {
    return stage_ == SessionStage::introducing || stage_ == SessionStage::exercising ||
           stage_ == SessionStage::rating_effort;
  }

 private:
  void start_exercise(size_t index);
  void handle(const ExerciseEvent& event);
  void finish_exercise();   // the rules are done: record the outcome, then what comes next
  void record_outcome();
  void stop_rules();  // the rules end now; their last events are handled
  void go_on();             // after an exercise (and its rating): the next, or the check-out
  void check_time(double dt_s);  // the plan's minutes: end gently once they are reached
  std::string pause_reason_name() const;
  void update_tone(double dt_s);

  std::vector<PlannedExercise> plan_;
  Settings settings_;
  SessionLog& log_;
  SessionOutcome record_;
  SessionStage stage_ = SessionStage::setting_up;
  size_t index_ = 0;
  std::unique_ptr<Exercise> exercise_;
  ExerciseOutcome outcome_;
  FreshSamples fresh_;  // a camera that stops sending pictures pauses the exercise
  std::optional<HeadSample> sample_, newest_;
  pacing::FatigueMonitor fatigue_;
  pacing::PacingAdvice advice_;
  std::vector<SessionSound> sounds_;
  bool paused_ = false;
  bool therapist_target_ = false;  // today's target was set by hand: calibration keeps it
  bool rest_offered_ = false;  // the pacing offered a rest, and none has been taken since
  double tone_volume_ = 0.0;
  double unsteadiness_ = 0.5;  // eased, so the tone and the water settle slowly
  double paused_at_s_ = 0.0, rest_started_at_s_ = 0.0;
  PauseReason last_pause_ = PauseReason::none;
  double session_s_ = 0.0;     // session time since the check-in, less pauses
  double set_work_s_ = 0.0;    // time the current set has run, for the rest after it
  pacing::RestTimer set_rest_;  // between sets, before the next introduction's Begin
};

}  // namespace midline
