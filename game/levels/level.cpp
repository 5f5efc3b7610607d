#include "levels/level.hpp"

#include <array>
#include <utility>

namespace midline {

namespace {
constexpr std::array<std::pair<MovementDirection, std::string_view>, 6> kDirectionNames{{
    {MovementDirection::away_from_pull, "away_from_pull"},
    {MovementDirection::toward_pull, "toward_pull"},
    {MovementDirection::left, "left"},
    {MovementDirection::right, "right"},
    {MovementDirection::up, "up"},
    {MovementDirection::down, "down"},
}};

template <typename Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& names,
                         Enum value) {
  for (const auto& [candidate, name] : names) {
    if (candidate == value) return name;
  }
  return "?";
}

template <typename Enum, std::size_t N>
std::optional<Enum> value_of(const std::array<std::pair<Enum, std::string_view>, N>& names,
                             std::string_view name) {
  for (const auto& [value, candidate] : names) {
    if (candidate == name) return value;
  }
  return std::nullopt;
}
}  // namespace

ExerciseType exercise_type(const ExerciseParams& params) {
  return static_cast<ExerciseType>(params.index());  // the variant lists types in enum order
}

std::string_view exercise_type_name(ExerciseType type) { return exercise_kind(type).key; }

std::optional<ExerciseType> parse_exercise_type(std::string_view name) {
  if (const ExerciseKind* kind = find_exercise_kind(name)) return kind->type;
  return std::nullopt;
}

std::string_view movement_direction_name(MovementDirection direction) {
  return name_of(kDirectionNames, direction);
}

std::optional<MovementDirection> parse_movement_direction(std::string_view name) {
  return value_of(kDirectionNames, name);
}

std::optional<Axis> parse_axis(std::string_view name) {
  for (const Axis axis : {Axis::rotation, Axis::tilt, Axis::flexion}) {
    if (name == axis_name(axis)) return axis;
  }
  return std::nullopt;
}

ExerciseParams default_params(ExerciseType type) { return exercise_kind(type).defaults(); }

}  // namespace midline
