#include "levels/safety_limits.hpp"

#include "exercises/guided_movement.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <type_traits>

namespace midline {

namespace {

bool is_level_id(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

void check_text(std::vector<FieldProblem>& problems, std::string_view field,
                const std::string& text, std::size_t max_length, std::string_view what) {
  if (text.empty() || text.size() > max_length) {
    problems.push_back({std::string(field), "must be " + std::string(what) + " of 1 to " +
                                                std::to_string(max_length) + " characters"});
  }
}

void check_guided_rules(std::vector<FieldProblem>& problems, const GuidedMovementParams& p) {
  const double cap = max_amplitude_deg(p.axis);
  if (p.amplitude_deg > cap) {
    problems.push_back({"amplitude_deg", "must be at most " + number_text(cap) + " degrees on the " +
                                             axis_name(p.axis) +
                                             " axis (half the textbook range of that axis)"});
  }
  try {
    movement_side(p.direction, p.axis, +1);  // the exercise's own rule for which way is which
  } catch (const std::invalid_argument&) {
    const std::string allowed = p.axis == Axis::flexion
                                    ? "up, down, away_from_pull or toward_pull"
                                    : "left, right, away_from_pull or toward_pull";
    problems.push_back({"direction", std::string(movement_direction_name(p.direction)) +
                                         " does not fit the " + axis_name(p.axis) +
                                         " axis; allowed: " + allowed});
  }
}

}  // namespace

double max_amplitude_deg(Axis axis) {
  switch (axis) {
    case Axis::rotation: return limits::kMaxAmplitudeRotationDeg;
    case Axis::tilt: return limits::kMaxAmplitudeTiltDeg;
    case Axis::flexion: return limits::kMaxAmplitudeFlexionDeg;
  }
  return 0.0;
}

std::span<const NumberField> number_fields(ExerciseType type) {
  return exercise_kind(type).fields;
}

const NumberField* find_number_field(ExerciseType type, std::string_view key) {
  for (const auto& field : number_fields(type)) {
    if (field.key == key) return &field;
  }
  return nullptr;
}

std::string number_text(double value) {
  char text[32];
  const auto result = std::to_chars(text, text + sizeof text, value);  // shortest exact form
  return std::string(text, result.ptr);
}

std::string limits_comment(const NumberLimits& limits) {
  std::string comment = "# ";
  if (!limits.unit.empty()) comment.append(limits.unit).append(", ");
  comment.append(number_text(limits.min)).append(" to ").append(number_text(limits.max));
  return comment.append(": ").append(limits.why);
}

std::string describe_allowed(const NumberLimits& field) {
  std::string text = "must be ";
  text += field.whole ? "a whole number" : "a number";
  // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on "literal" + string&&.
  text.append(" from ").append(number_text(field.min)).append(" to ");
  text.append(number_text(field.max));
  if (!field.unit.empty()) text.append(" ").append(field.unit);
  text.append(" (").append(field.why).append(")");
  return text;
}

double effort_per_repetition_s(const ExerciseParams& params) {
  return exercise_kind(params).effort_per_repetition_s(params);
}

double level_duration_s(const ExerciseParams& params) { return exercise_duration_s(params); }

std::vector<FieldProblem> validate_level(const Level& level) {
  std::vector<FieldProblem> problems;
  if (!is_level_id(level.id)) {
    problems.push_back({"id", "must be 1 to 64 lowercase letters, digits, '-' or '_' "
                              "(plans name levels by their id)"});
  }
  check_text(problems, "title", level.title, 60, "a title");
  check_text(problems, "instruction", level.instruction, 300, "a short instruction");

  const ExerciseType type = exercise_type(level.params);
  bool numbers_in_range = true;
  for (const auto& field : number_fields(type)) {
    const double value = field.get(level.params);
    if (!field.allows(value)) {
      problems.push_back({std::string(field.key),
                          "is " + number_text(value) + "; it " + describe_allowed(field)});
      numbers_in_range = false;
    }
  }
  if (!numbers_in_range) return problems;  // the rules below assume sane numbers

  if (const auto* guided = std::get_if<GuidedMovementParams>(&level.params)) {
    check_guided_rules(problems, *guided);
  }
  if (!exercise_kind(type).assessment) {
    const double effort_s = effort_per_repetition_s(level.params);
    const auto* rest = find_number_field(type, "rest_between_s");
    if (effort_s >= limits::kLongEffortS &&
        rest->get(level.params) < limits::kMinRestAfterLongEffortS) {
      problems.push_back({"rest_between_s",
                          "must be at least " + number_text(limits::kMinRestAfterLongEffortS) +
                              " seconds after a repetition of " + number_text(effort_s) +
                              " seconds (rests are never short after long holds)"});
    }
    const double duration_s = level_duration_s(level.params);
    if (duration_s > limits::kMaxLevelDurationS) {
      problems.push_back({"repetitions", "the level would last " + number_text(duration_s / 60.0) +
                                             " minutes; at most 15 minutes are allowed (sessions "
                                             "are 10-15 minutes): use fewer repetitions"});
    }
  }
  return problems;
}

}  // namespace midline
