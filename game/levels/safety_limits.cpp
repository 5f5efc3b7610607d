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

// A NumberField for the member that `Select` picks out of the `Params` alternative.
template <typename Params, auto Select>
constexpr NumberField number(std::string_view key, double min, double max, std::string_view unit,
                             std::string_view why) {
  using Value = std::remove_cvref_t<decltype(Select(std::declval<Params&>()))>;
  return NumberField{
      {min, max, std::is_integral_v<Value>, unit, why},
      key,
      [](const ExerciseParams& params) {
        return static_cast<double>(Select(std::get<Params>(params)));
      },
      [](ExerciseParams& params, double value) {
        if constexpr (std::is_integral_v<Value>) {
          // Huge counts become the largest the type holds, still far out of range.
          const double bounded =
              std::isnan(value) ? 0.0
                                : std::clamp(value, double{std::numeric_limits<Value>::min()},
                                             double{std::numeric_limits<Value>::max()});
          Select(std::get<Params>(params)) = static_cast<Value>(std::llround(bounded));
        } else {
          Select(std::get<Params>(params)) = value;
        }
      }};
}

constexpr std::string_view kToleranceWhy =
    "never tighter than 5: tracker error plus the error of finding neutral add up to about that";
constexpr std::string_view kRepetitionsWhy = "6-10 is usual; more in one level tires the neck";
constexpr std::string_view kRestWhy = "rests are never zero; 15-30 seconds is usual";

template <typename Params>
constexpr std::array<NumberField, 3> tolerance_fields() {
  return {
      number<Params, [](auto& p) -> auto& { return p.tolerance.rotation_deg; }>(
          "tolerance_deg.rotation", limits::kMinToleranceDeg, limits::kMaxToleranceDeg,
          "degrees", kToleranceWhy),
      number<Params, [](auto& p) -> auto& { return p.tolerance.tilt_deg; }>(
          "tolerance_deg.tilt", limits::kMinToleranceDeg, limits::kMaxToleranceDeg, "degrees",
          kToleranceWhy),
      number<Params, [](auto& p) -> auto& { return p.tolerance.flexion_deg; }>(
          "tolerance_deg.flexion", limits::kMinToleranceDeg, limits::kMaxToleranceDeg,
          "degrees", kToleranceWhy),
  };
}

constexpr auto kHoldTolerance = tolerance_fields<HoldMidlineParams>();
constexpr auto kGuidedTolerance = tolerance_fields<GuidedMovementParams>();

constexpr std::array<NumberField, 6> kHoldFields{
    number<HoldMidlineParams, [](auto& p) -> auto& { return p.hold_s; }>(
        "hold_s", 1.0, 120.0, "seconds",
        "holds grow from 5 to 60 seconds; past 2 minutes the neck tires"),
    number<HoldMidlineParams, [](auto& p) -> auto& { return p.repetitions; }>(
        "repetitions", 1.0, 20.0, "", kRepetitionsWhy),
    number<HoldMidlineParams, [](auto& p) -> auto& { return p.rest_between_s; }>(
        "rest_between_s", 5.0, 300.0, "seconds", kRestWhy),
    kHoldTolerance[0],
    kHoldTolerance[1],
    kHoldTolerance[2],
};

constexpr std::array<NumberField, 8> kGuidedFields{
    number<GuidedMovementParams, [](auto& p) -> auto& { return p.amplitude_deg; }>(
        "amplitude_deg", 3.0, limits::kMaxAmplitudeRotationDeg, "degrees",
        "guided movements start at 30-50% of the patient's range"),
    number<GuidedMovementParams, [](auto& p) -> auto& { return p.speed_deg_per_s; }>(
        "speed_deg_per_s", 2.0, limits::kMaxSpeedDegPerS, "degrees per second",
        "guided movements are slow: 10-20 degrees per second at most"),
    number<GuidedMovementParams, [](auto& p) -> auto& { return p.hold_at_end_s; }>(
        "hold_at_end_s", 0.0, 10.0, "seconds", "a short, comfortable pause at the end"),
    number<GuidedMovementParams, [](auto& p) -> auto& { return p.repetitions; }>(
        "repetitions", 1.0, 20.0, "", kRepetitionsWhy),
    number<GuidedMovementParams, [](auto& p) -> auto& { return p.rest_between_s; }>(
        "rest_between_s", 5.0, 300.0, "seconds", kRestWhy),
    kGuidedTolerance[0],
    kGuidedTolerance[1],
    kGuidedTolerance[2],
};

constexpr std::array<NumberField, 2> kRangeCheckFields{
    number<RangeCheckParams, [](auto& p) -> auto& { return p.hold_at_end_s; }>(
        "hold_at_end_s", 0.0, 10.0, "seconds", "a short, comfortable pause at each end"),
    number<RangeCheckParams, [](auto& p) -> auto& { return p.settle_time_s; }>(
        "settle_time_s", 0.5, 5.0, "seconds", "how long the head is still before an end counts"),
};

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
  switch (type) {
    case ExerciseType::hold_midline: return kHoldFields;
    case ExerciseType::guided_movement: return kGuidedFields;
    case ExerciseType::range_check: return kRangeCheckFields;
  }
  return {};
}

const NumberField* find_number_field(ExerciseType type, std::string_view key) {
  for (const auto& field : number_fields(type)) {
    if (field.key == key) return &field;
  }
  return nullptr;
}

bool NumberLimits::allows(double value) const {
  return std::isfinite(value) && value >= min && value <= max &&
         (!whole || value == std::floor(value));
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
  if (const auto* hold = std::get_if<HoldMidlineParams>(&params)) return hold->hold_s;
  if (const auto* guided = std::get_if<GuidedMovementParams>(&params)) {
    if (!(guided->amplitude_deg > 0.0 && guided->speed_deg_per_s > 0.0)) return 0.0;
    return GuidedMovement(*guided, +1).attempt_duration_s();  // out, pause, back, settle
  }
  const auto& range = std::get<RangeCheckParams>(params);
  return range.hold_at_end_s + range.settle_time_s;
}

double level_duration_s(const ExerciseParams& params) {
  int repetitions = 6;  // a range check visits six directions
  double rest_s = 0.0;
  if (const auto* hold = std::get_if<HoldMidlineParams>(&params)) {
    repetitions = hold->repetitions;
    rest_s = hold->rest_between_s;
  } else if (const auto* guided = std::get_if<GuidedMovementParams>(&params)) {
    repetitions = guided->repetitions;
    rest_s = guided->rest_between_s;
  }
  return repetitions * effort_per_repetition_s(params) + std::max(repetitions - 1, 0) * rest_s;
}

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
  if (type != ExerciseType::range_check) {
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
