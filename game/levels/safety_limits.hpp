#pragma once
// The safety limits every level must keep, whoever wrote it: the loader, `midline levels
// check`, plans and the editor all check levels here, so there is one set of limits.
// The numbers come from shared/CLINICAL.md; each limit says why in the message it gives.

#include <span>
#include <string_view>
#include <vector>

#include "exercises/limits.hpp"
#include "levels/level.hpp"
#include "levels/problem.hpp"

namespace midline {


double max_amplitude_deg(Axis axis);

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
// movement's whole repetition as the exercise runs it.
double effort_per_repetition_s(const ExerciseParams& params);
// The whole level's length with rests between repetitions.
double level_duration_s(const ExerciseParams& params);

}  // namespace midline
