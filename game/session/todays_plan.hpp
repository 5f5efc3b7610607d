#pragma once
// What a player practises today. With a patient plan (DATA_DIR/plans/KEY.toml): the plan's
// levels up to the current one (the first not yet mastered, or where the physiotherapist
// moved or held the patient), the last three of them, so a session reviews what was mastered
// and practises what is next. Without a plan: the ladder's first rungs. Without level files:
// the built-in plan. A level that is missing, broken or unsafe for this patient is reported
// and left out, never played.

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "levels/level_file.hpp"
#include "levels/patient_plan.hpp"
#include "levels/progression.hpp"
#include "levels/target_shaping.hpp"
#include "pacing/practice_limits.hpp"
#include "pose/head_sample_source.hpp"
#include "session/session_log.hpp"
#include "session/session_record.hpp"
#include "storage/records.hpp"

namespace midline {

class ClinicianKey;

// The patient's flexion zero in force (the face's pitch when the head is level, which every
// flexion angle is measured from), and who set it: the therapist's value in the plan comes
// first; else the newest recorded on this computer (by a therapist, or by the patient looking
// level at the camera), which also outlasts a plan replaced by a newer one from the clinic.
struct PatientFlexionZero {
  enum class From { nobody, plan, therapist, patient };
  std::optional<double> degrees;  // none: never set, or reset (0)
  From from = From::nobody;
  std::optional<storage::WallMs> recorded_ms;  // a recording on this computer: when
  std::string author;                          // ... and the therapist's signature
  // The recording measured against an earlier plane of the face (storage::kFacePlane), when
  // it would be the one in force: it no longer says where the head is level, so it is not
  // applied (flexion counts from the face's plane until one is recorded again), except a
  // value in the plan, which is the therapist's to change: applied, and said to be old.
  std::optional<storage::FlexionZeroRecord> earlier_face_plane;
  // A patient may record it alone only where no therapist has set it (it steers practice).
  bool patient_may_record() const { return from == From::nobody || from == From::patient; }
};
PatientFlexionZero patient_flexion_zero(std::optional<double> in_plan,
                                        const std::optional<storage::FlexionZeroRecord>& kept);
// What the calibration page says of a flexion zero measured against an earlier plane of the
// face (who recorded it, when, and that it should be recorded again); empty without one.
std::string earlier_face_plane_note(const PatientFlexionZero& zero);

struct TodaysPlan {
  std::vector<PlannedExercise> exercises;
  std::string name;                          // for the session log: where the plan came from
  // Where today's exercises aim, from the body midline, once calibration has measured the
  // resting posture: the plan's starting target (or the resting posture) less a step per
  // level mastered. Without a plan: the resting posture, labelled as such on every screen.
  TargetShaping shaping{};
  std::vector<std::string> notes{};          // problems with level or plan files, for the home page
  std::optional<DailyLimits> daily{};        // the plan's limits for a day's practice
  std::optional<int64_t> clinic_plan_version{};  // the clinic's plan version it comes from
  // The patient's flexion zero and who set it; no degrees when it was never set (0).
  PatientFlexionZero flexion_zero{};
};

// The ladder's first rungs, played when a player has no plan of their own.
inline constexpr const char* kFirstRungs[] = {"01-find-your-midline", "09-turn-left",
                                              "10-turn-right", "00-range-check"};

// A new plan for `patient` (their code): the ladder's first rungs the library has, so the
// first session is practice, not an assessment alone; the library's first level when it has
// none of them.
PatientPlan starting_plan(std::string patient, const LevelLibrary& library);

// `history`: the player's finished level sessions, oldest first (only used with a plan).
// `kept_flexion_zero`: the player's newest flexion zero recording (SessionLog::kept_flexion_zero).
TodaysPlan todays_plan(const LevelLibrary& library, const std::optional<LoadedPlan>& plan,
                       std::span<const SessionResult> history,
                       const std::optional<storage::FlexionZeroRecord>& kept_flexion_zero = {});

// The day's and the session's limits and the rests between sets: the plan's, else the
// defaults (shared CLINICAL.md).
pacing::PracticeLimits practice_limits(const std::optional<DailyLimits>& daily);
// Today's patient's references on the head-sample source, before calibration: their kept
// flexion zero, or 0 when they have none (never the last patient's).
void apply_patient_reference(const TodaysPlan& today, HeadSampleSource& source);

// Keeps `degrees` as the patient's flexion zero in their plan (DATA_DIR/plans/KEY.toml), for
// every later session; none resets it. The file keeps its comments (only the value changes)
// and is sealed with `seal_with` when given. Returns false, writing nothing, when the patient
// has no plan (a plan made for it would change what they practise). Throws
// std::runtime_error naming the file when the plan cannot be read or written.
bool keep_flexion_zero(const std::filesystem::path& data_dir, const std::string& patient_key,
                       std::optional<double> degrees, const ClinicianKey* seal_with);

// Keeps a flexion zero the chosen player's later sessions start from, and returns it as now in
// force. A therapist's (`seal_with`: their key; `author`: their signature) goes in the plan,
// when there is one, and in the store; the patient's own only in the store (the plan is the
// therapist's). Throws std::runtime_error with a sentence to show when it cannot be kept.
PatientFlexionZero keep_patient_flexion_zero(const std::filesystem::path& data_dir,
                                             SessionLog& log, std::optional<double> degrees,
                                             storage::FlexionZeroSetter set_by,
                                             const std::string& author,
                                             const ClinicianKey* seal_with);

// A level as the exercise screen plays it.
PlannedExercise planned_from(const Level& level);

}  // namespace midline
