#pragma once
// A patient's plan: which levels, in what order, adjusted for this patient, with daily limits
// and the rule for moving on. Physiotherapists edit it (clinician mode, or by hand as TOML);
// patients cannot. Plans live in the data folder: plan_path(data_dir, patient_key).

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "levels/level_file.hpp"
#include "levels/problem.hpp"
#include "levels/safety_limits.hpp"
#include "pose/body_midline.hpp"
#include "pose/head_pose.hpp"

namespace midline {

// The dystonic pull on each axis as a sign in the clinical convention (+1: toward the
// patient's left on rotation and tilt, chin down on flexion), or none on that axis.
struct DystonicPull {
  std::optional<int> rotation;
  std::optional<int> tilt;
  std::optional<int> flexion;
  std::optional<int> on(Axis axis) const;
  bool operator==(const DystonicPull&) const = default;
};

// Active range recorded for this patient (a range check, or the physiotherapist's goniometer),
// in degrees from midline; a direction not recorded is limited by the hard caps alone.
struct RecordedRange {
  std::optional<double> rotation_left, rotation_right;
  std::optional<double> tilt_left, tilt_right;
  std::optional<double> flexion, extension;  // chin down, chin up
  // The range along `axis` on `side` (+1 = left / chin down, -1 = right / chin up).
  std::optional<double> toward(Axis axis, int side) const;
  bool operator==(const RecordedRange&) const = default;
};

struct DailyLimits {
  int max_sessions = 3;         // sessions a day (1-3 a day is usual)
  double max_minutes = 45.0;    // minutes of practice a day
  double minutes_per_session = 15.0;  // a session ends gently after this (10-15 is usual)
  double rest_after_set_s = 30.0;     // the shortest rest between sets (longer after long sets)
  bool operator==(const DailyLimits&) const = default;
};

// A level is mastered when, over its last `over_sessions` sessions, the share of successful
// ones is at least `success_rate`.
struct MasteryRule {
  double success_rate = 0.8;
  int over_sessions = 3;
  bool operator==(const MasteryRule&) const = default;
};

// The physiotherapist's say over progression; empty strings leave it automatic.
struct ProgressionChoice {
  std::string start_from;  // move on: levels before this one count as done
  std::string hold_at;     // hold back: no level after this one is offered
  bool operator==(const ProgressionChoice&) const = default;
};

struct PatientPlan {
  std::string patient;              // the name or code the patient list shows
  std::vector<std::string> levels;  // level ids, in the order they are practised
  double tolerance_scale = 1.0;     // widens (>1) or narrows (<1) every tolerance; never < 5 deg
  DystonicPull pull;
  // Where practice starts, from the body midline (0 on every axis: from the resting posture
  // measured at calibration); it steps toward 0 by shaping_step_deg per level mastered
  // (levels/target_shaping.hpp).
  HeadAngles midline_offset;
  double shaping_step_deg = 5.0;
  // The face's pitch, as the camera sees it, when this patient's head is level (+ = chin
  // down): set once, by a therapist or from the patient looking level at a mark at eye height,
  // and used by every session until it is reset on purpose. None: not set (0).
  std::optional<double> flexion_zero_deg;
  RecordedRange range;
  DailyLimits daily;
  MasteryRule mastery;
  ProgressionChoice progression;
};
bool operator==(const PatientPlan& a, const PatientPlan& b);  // HeadAngles has no == of its own

struct LoadedPlan {
  PatientPlan plan;
  std::string file;
  FieldPositions positions;
};

struct PlanFileResult {
  std::optional<LoadedPlan> plan;  // nullopt when the file has any problem
  std::vector<FileProblem> problems;
};

// Every problem of a plan's values (empty when it may be used): the patient's name, the level
// list (not empty, each level once), every number within its limits, and progression ids
// that are in the level list. The loader and the plan editor both check plans here.
std::vector<FieldProblem> validate_plan(const PatientPlan& plan);

// A plan's numbers by the name they have in the file ("tolerance_scale", "daily.max_minutes",
// "range_deg.tilt_left", "midline_offset_deg.rotation", "mastery.over_sessions", ...):
// their limits (nullptr for an unknown name), and reading and setting them. A recorded range
// may be absent (nullopt); setting another number to nullopt gives it its default.
const NumberLimits* plan_number_limits(std::string_view field);
// The recorded range's numbers, one per direction.
inline constexpr const char* kPlanRangeFields[] = {
    "range_deg.rotation_left", "range_deg.rotation_right", "range_deg.tilt_left",
    "range_deg.tilt_right",    "range_deg.flexion",        "range_deg.extension"};
// What a plan's number is called for people ("Range, chin down"); the field itself if unknown.
std::string_view plan_number_label(std::string_view field);
std::optional<double> plan_number(const PatientPlan& plan, std::string_view field);
void set_plan_number(PatientPlan& plan, std::string_view field, std::optional<double> value);

PlanFileResult parse_plan(std::string_view text, const std::string& file);
PlanFileResult load_plan_file(const std::filesystem::path& path);
std::string plan_to_toml(const PatientPlan& plan);
// Written through a temporary file; throws std::runtime_error naming the path on failure.
void save_plan_file(const PatientPlan& plan, const std::filesystem::path& path);

// Where a patient's plan is kept: DATA_DIR/plans/KEY.toml. The key is the patient's code in
// the session store (letters, digits, '-' and '_'); nullopt for any other key.
std::optional<std::filesystem::path> plan_path(const std::filesystem::path& data_dir,
                                               std::string_view patient_key);

struct PatientLevels {
  // The plan's playable levels, in the plan's order, as this patient plays them: tolerances
  // scaled (never under 5 deg), and guided movements' directions made concrete (left, right,
  // up, down) from the pull, so the exercise rules need no pull.
  std::vector<Level> levels;
  std::vector<FileProblem> problems;  // levels missing, broken, or unsafe for this patient
};

// The plan's levels from the library, checked against this patient: a level the library
// does not have, or one that goes past the patient's recorded range, or away from a pull the
// plan does not record, is reported (at the level file's line, or the plan's) and skipped.
PatientLevels levels_for_patient(const LoadedPlan& plan, const LevelLibrary& library);

}  // namespace midline
