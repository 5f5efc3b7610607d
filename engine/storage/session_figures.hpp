#pragma once
// The figures a person reads about one session, each computed here and nowhere else: the
// summary at the end of a session, the progress screen, the PDF report and the CSV and FHIR
// exports all read them from session_figures(). They come from the session's records as the
// store keeps them, which a session kept only in memory supplies too (SessionLog::activity),
// so a session that was not kept is summed up the same way.
//
// What each one means:
// - practice minutes: the session from its start to its end, less pauses (rests between
//   repetitions count); the same minutes pacing counts against the day's limits;
// - time in the calm zone: time within the hold's tolerance over the time the holds ran
//   (pauses excluded), over the hold repetitions only;
// - time close to the guide: the same over the guided movements' repetitions;
// - longest steady hold: the longest unbroken stretch in the calm zone within one hold
//   repetition, as the exercise rules measured it: a rest, a pause or the next repetition
//   always ends it, so it never joins two holds. The TWSTRS time band is applied to it, as an
//   indicator (shared CLINICAL.md), not a clinical rating;
// - with and without the scene (fading feedback): the time in the calm zone split by whether
//   the scene was shown or the screen rested; only for sessions whose holds hid the scene;
// - the felt midline's error: the mean absolute error of the felt-midline trials after turning
//   to each side, from the body midline (healthy adults: about 3-4.5 degrees).

#include <optional>
#include <string>
#include <vector>

#include "storage/session_store.hpp"

namespace midline::storage {

// Exercise types as the store names them.
inline constexpr const char* kHoldMidline = "hold_midline";
inline constexpr const char* kGuidedMovement = "guided_movement";
inline constexpr const char* kFeltMidline = "felt_midline";

// Healthy adults' felt-midline error, for every place that shows the result beside it.
inline constexpr double kFeltMidlineHealthyLowDeg = 3.0;
inline constexpr double kFeltMidlineHealthyHighDeg = 4.5;
inline constexpr const char* kFeltMidlineHealthySource =
    "Revel, Andre-Deshays and Minguet, Arch Phys Med Rehabil 1991;72:288-291";

// What the figures of one session are read from.
struct SessionActivity {
  SessionRecord session;                  // its start, end and pauses (the rest is not read)
  std::vector<ExerciseRecord> exercises;  // each with its repetitions, in order
};
// A kept session's records, as the store has them.
SessionActivity stored_activity(SessionStore& store, const SessionRecord& session);

// Time in the zone split by what the patient saw (fading feedback): both empty unless the
// scene was hidden for part of the time; `with_scene` is empty when it was never shown.
struct SceneSplit {
  std::optional<double> with_scene_percent;
  std::optional<double> without_scene_percent;
  double without_scene_s = 0.0;  // the time the scene was hidden, pauses excluded
};

// The felt-midline test: mean absolute error after turning to each side, from the body
// midline, over the trials that ended with a "here".
struct FeltMidlineErrors {
  std::optional<double> after_left_deg;
  std::optional<double> after_right_deg;
  int trials = 0;  // with a result
  bool any() const { return trials > 0; }
};

struct ExerciseFigures {
  std::string exercise_type;
  int repetitions = 0;
  int completed = 0;                           // a hold filled, a movement followed to the end
  std::optional<double> in_zone_percent;       // hold: calm zone; guided: close to the guide
  std::optional<double> longest_steady_hold_s;  // holds only
  SceneSplit scene;                            // holds only
  FeltMidlineErrors felt_midline;              // the felt-midline test only
};

struct SessionFigures {
  double practice_minutes = 0.0;
  int repetitions = 0;
  std::optional<double> calm_zone_percent;       // none without a hold repetition
  std::optional<double> close_to_guide_percent;  // none without a guided repetition
  std::optional<double> longest_steady_hold_s;   // none without a measured hold repetition
  SceneSplit calm_zone_by_scene;                 // over the holds, when one hid the scene
  FeltMidlineErrors felt_midline;                // over the session's felt-midline trials
  std::vector<ExerciseFigures> exercises;        // in the order they were done
};

SessionFigures session_figures(const SessionActivity& activity);

}  // namespace midline::storage
