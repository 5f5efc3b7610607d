#pragma once
// One practice session: the exercises planned for it, and what happened, kept in memory
// (the session store records it where one is available).

#include <optional>
#include <string>
#include <vector>

#include "exercises/catalogue.hpp"
#include "exercises/outcome.hpp"
#include "pose/posture_words.hpp"
#include "storage/session_figures.hpp"

namespace midline {

struct PlannedExercise {
  std::string title;  // for the player: "Hold the midline"
  ExerciseParams params;
  std::string level_id{};     // the level file's id, when it came from one
  std::string instruction{};  // the level's words for the player, when it has them
  bool sensory_trick_allowed = true;  // may the player use a light touch on the chin or cheek
};

// A gentle first session from CLINICAL.md's starting points: wide tolerance, short holds,
// slow movements at a fraction of a typical range, then a range check.
std::vector<PlannedExercise> default_plan();
// The same plan cut short for an autoplay tour: two repetitions each, rests of 3 s at most.
std::vector<PlannedExercise> tour_of(std::vector<PlannedExercise> plan);

struct CheckInAnswers {
  int pain = -1;     // 0..10, -1 until answered
  int fatigue = -1;  // 0..10
  bool answered() const { return pain >= 0 && fatigue >= 0; }
  // Pain or tiredness of 7 or more: the check-in offers a short session or rest today.
  bool hard_day() const { return answered() && (pain >= 7 || fatigue >= 7); }
};

// A hard day's short session: the plan's first hold (the built-in gentle one when the plan has
// none) with at most half its repetitions (3 at most, 1 at least), then the felt-midline test
// when the plan has one. It is not a level session, so it neither advances nor holds back the
// plan's progression.
std::vector<PlannedExercise> short_session_of(const std::vector<PlannedExercise>& plan);

// Why a session's exercises ended early.
enum class StopReason {
  patient,         // Stop on the page, no reason given
  clinician,       // the supervising clinician's Stop
  fatigue,         // "Finish for today" on the pacing's advice, or "too tired" when asked why
  pain,            // "it hurts" when asked why
  technical,       // "something else: the camera, the computer" when asked why
  program_closed,  // the window closed, or --quit-after
};

struct SessionOutcome {
  std::string player;
  CheckInAnswers before, after;
  // Every angle is from the body midline (pose/body_midline.hpp). Calibration measures where
  // the head rests when the patient lets go (a measurement, never the zero); the target is
  // where today's exercises aim (the plan's shaped target, or a therapist's for today).
  std::optional<HeadAngles> resting_posture;
  bool resting_posture_rough = false;  // turned further than the tracker is sure of
  std::optional<double> flexion_zero_deg;
  std::optional<HeadAngles> target;
  std::vector<ExerciseOutcome> exercises;
  bool stopped_early = false;
  StopReason stop_reason = StopReason::patient;  // when stopped early
  bool time_up = false;       // the plan's minutes ended the exercises (not a stop)
  bool rested_today = false;  // "Rest today" at a hard day's check-in: no exercises
};

// An exercise's row on the summary. The one under way when the session stopped early reads
// as practice done ("2 holds done before you stopped"), never as a shortfall ("2 of 10").
std::string outcome_words(const ExerciseOutcome& e, bool stopped_during_it);

// A few plain lines for the terminal (and for tests) on what the session measured; the
// session's figures are `figures` (storage::session_figures of the session log's records).
std::string summary_text(const SessionOutcome& record, const storage::SessionFigures& figures);

}  // namespace midline
