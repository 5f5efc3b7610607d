#pragma once
// What the session store keeps, as plain values. Times are wall-clock milliseconds since the
// Unix epoch (UTC) unless a name says otherwise; angles are degrees in the patient's frame.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "pose/head_pose.hpp"

namespace midline::storage {

using WallMs = int64_t;  // milliseconds since 1970-01-01 UTC

// How a session ended. "interrupted" is a session that never ended (a crash, a power cut).
enum class EndReason {
  finished,
  stopped_by_patient,
  stopped_for_fatigue,
  interrupted,
  stopped_by_clinician,
  stopped_for_pain,
  stopped_for_technical,  // the camera, the computer: nothing to do with the patient
};
std::string_view to_string(EndReason reason);
std::optional<EndReason> end_reason_from(std::string_view text);

enum class CheckInPhase { before, after };
std::string_view to_string(CheckInPhase phase);

// A break in practice: a rest the pacing offered or the plan set, or a pause (face lost,
// patient paused the game).
enum class BreakKind { rest, pause };
std::string_view to_string(BreakKind kind);

struct Patient {
  int64_t id = 0;
  std::string pseudonym;     // what exports and the clinician see, e.g. "P-0042"
  std::string display_name;  // what the patient sees on the home screen; may be empty
  WallMs created_ms = 0;
};

struct SessionStart {
  // A constructor, so that the many {patient, key, name, supervised} starts need no version.
  SessionStart(int64_t patient = 0, std::string key = {}, std::string name = {},
               bool with_clinician = false, std::optional<int64_t> version = {})
      : patient_id(patient), plan_key(std::move(key)), plan_name(std::move(name)),
        supervised(with_clinician), plan_version(version) {}
  int64_t patient_id = 0;
  std::string plan_key;  // the plan's id from its TOML file; empty when none
  std::string plan_name;
  bool supervised = false;  // a physiotherapist was present (inpatient sessions)
  std::optional<int64_t> plan_version;  // the clinic's plan version it runs (midline sync)
};

// What a session's angles are measured from (pose/body_midline.hpp). Sessions kept before
// schema version 7 were measured from the resting posture found at calibration.
enum class AngleReference { resting_posture, body_midline };
std::string_view to_string(AngleReference reference);

// The references of a body-midline session, recorded at calibration and at its start.
struct SessionReference {
  std::optional<HeadAngles> resting_posture{};  // where the head rested, from the body midline
  // The head rested turned further than the tracker is sure of: that figure is rough (it is
  // set and kept with resting_posture).
  bool resting_posture_rough = false;
  std::optional<double> flexion_zero_deg{};  // the patient's, when one was set
  std::optional<HeadAngles> target{};        // the plan's target for this session
};

struct CheckIn {
  CheckInPhase phase = CheckInPhase::before;
  int pain = 0;     // 0..10
  int fatigue = 0;  // 0..10
};

// One run of an exercise in a session: a set of repetitions (the exercise rules' each
// RepetitionMetrics becomes a RepetitionResult here).
struct ExerciseStart {
  std::string exercise_type;  // "hold_midline", "guided_movement", "range_check"
  std::string level_id;
};

// One repetition's result as the exercise rules measured it.
struct RepetitionResult {
  double duration_s = 0.0;
  double time_in_zone_s = 0.0;
  double mean_deviation_deg = 0.0;
  double peak_deviation_deg = 0.0;
  std::optional<double> path_error_deg;  // guided movements only
  // The longest unbroken stretch in the zone within this repetition (pauses and rests end
  // it); empty for repetitions kept before it was recorded.
  std::optional<double> longest_in_zone_s;
  std::optional<double> tremor_amplitude_deg;  // the rules measure no per-repetition frequency
  int face_lost_pauses = 0;
  bool completed = true;
  // Fading feedback: the part of duration_s while the scene was hidden (the hold went on being
  // scored), and the time in the zone within it. 0 when the scene was shown throughout; empty
  // for repetitions kept before schema version 8.
  std::optional<double> unseen_s;
  std::optional<double> unseen_in_zone_s;
  // A felt-midline trial: the side turned to first (+1 the patient's left, -1 the right) and
  // where "here" was said, in degrees of rotation from the body midline (+ = toward the left);
  // the error is empty when the trial ended without a "here". Both empty for other exercises.
  std::optional<int> felt_side;
  std::optional<double> felt_error_deg;

  double zone_fraction() const { return duration_s > 0 ? time_in_zone_s / duration_s : 0.0; }
};

// One head sample as stored (20-30 a second): seconds since the session started.
struct StoredSample {
  double t_s = 0.0;
  double rotation_deg = 0.0;
  double tilt_deg = 0.0;
  double flexion_deg = 0.0;
  double quality = 0.0;
  bool face_lost = false;
  bool sensory_trick = false;
  bool calibrated = true;  // angles relative to the calibrated neutral (else: to the camera)
  std::optional<double> tremor_hz;
  std::optional<double> tremor_amplitude_deg;
};

struct Note {
  int64_t patient_id = 0;
  std::optional<int64_t> session_id;
  WallMs at_ms = 0;
  std::string author;  // e.g. "physiotherapist"
  std::string text;
};

// A recording of the patient's flexion zero: the face's pitch when the head is level, which
// every flexion angle is measured from. A therapist records it (behind the clinician PIN), or
// the patient alone by looking level at the camera; `degrees` empty: reset to none (0).
enum class FlexionZeroSetter { patient, therapist };
std::string_view to_string(FlexionZeroSetter setter);

// The plane of the face that flexion is measured from (vision/calibration), numbered: 1
// through the brows and eyelids (until 2 December 2026), whose relief tipped it 6-18 degrees
// from the head's on the test heads; 2 through the eye corners, the nose and the lips. A
// flexion zero is that plane's pitch with the head level, so one measured against an earlier
// plane no longer says where the head is level.
inline constexpr int kFacePlane = 2;

struct FlexionZeroRecord {
  int64_t patient_id = 0;
  WallMs at_ms = 0;
  std::optional<double> degrees;
  FlexionZeroSetter set_by = FlexionZeroSetter::patient;
  std::string author;  // the therapist's signature, e.g. "clinician (AB)"
  int face_plane = kFacePlane;  // measured against
  bool measured_on_earlier_face_plane() const { return face_plane < kFacePlane; }
};

struct Injection {
  int64_t patient_id = 0;
  std::string date;  // YYYY-MM-DD
  std::string note;
};

}  // namespace midline::storage
