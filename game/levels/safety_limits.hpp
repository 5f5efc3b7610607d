#pragma once
// The safety limits every level must keep, whoever wrote it: the loader, `midline levels
// check`, plans and the editor all check levels here, so there is one set of limits.
// The numbers come from shared/CLINICAL.md; each limit says why in the message it gives.

#include <span>
#include <string_view>
#include <vector>

#include "levels/level.hpp"
#include "levels/problem.hpp"

namespace midline {

namespace limits {
inline constexpr double kMinToleranceDeg = 5.0;  // tracker error + error of finding neutral
inline constexpr double kMaxToleranceDeg = 30.0;
inline constexpr double kMaxSpeedDegPerS = 20.0;  // guided movements: 10-20 deg/s at most
inline constexpr double kLongEffortS = 30.0;      // a hold or movement this long is "long"
inline constexpr double kMinRestAfterLongEffortS = 15.0;
inline constexpr double kMaxLevelDurationS = 15.0 * 60.0;  // sessions are 10-15 minutes
// Guided-movement amplitude caps: half the textbook range on each axis (rotation 80,
// lateral flexion 45, flexion 50 deg), the top of "30-50% of the patient's range".
inline constexpr double kMaxAmplitudeRotationDeg = 40.0;
inline constexpr double kMaxAmplitudeTiltDeg = 22.0;
inline constexpr double kMaxAmplitudeFlexionDeg = 25.0;
}  // namespace limits

double max_amplitude_deg(Axis axis);

// The range a number may take and why (levels and plans).
struct NumberLimits {
  double min;
  double max;
  bool whole;             // a count (repetitions), not a measurement
  std::string_view unit;  // "degrees", "seconds", "degrees per second", "" for counts
  std::string_view why;   // the reason for the limits, said with every message about them

  bool allows(double value) const;  // finite, within [min, max], whole when it must be
};

// One number a level sets; the loader reads these, the validator checks them, the editor
// clamps to them and the writer writes them.
struct NumberField : NumberLimits {
  std::string_view key;  // as written in the file: "hold_s", "tolerance_deg.rotation"
  double (*get)(const ExerciseParams&);
  void (*set)(ExerciseParams&, double);
};

// The numbers of one exercise type, in the order the writer puts them in a file.
std::span<const NumberField> number_fields(ExerciseType type);
const NumberField* find_number_field(ExerciseType type, std::string_view key);

// "must be between 5 and 30 degrees (why)": what a field allows, for messages.
std::string describe_allowed(const NumberLimits& limits);
// What a file's comment says of a number: "seconds, 1 to 120: why".
std::string limits_comment(const NumberLimits& limits);
std::string number_text(double value);  // shortest text that reads back as the same double

// Every safety problem of a level (empty when it may be played). Checks each number's
// range, then the rules between fields: rests after long holds, amplitude per axis,
// direction per axis, the level's total length, and the texts.
std::vector<FieldProblem> validate_level(const Level& level);

// Seconds one repetition of a level demands of the neck: the hold, or the guided
// movement's whole attempt as the exercise runs it.
double effort_per_repetition_s(const ExerciseParams& params);
// The whole level's length with rests between repetitions.
double level_duration_s(const ExerciseParams& params);

}  // namespace midline
