#pragma once
// A level: one exercise with its parameters, as a physiotherapist writes it in a level file.
// Values only; loading, checking and saving live in level_file.hpp and safety_limits.hpp.

#include <optional>
#include <string>
#include <string_view>

#include "exercises/catalogue.hpp"

namespace midline {

struct Level {
  std::string id;           // unique in a folder; plans name levels by it
  std::string title;        // shown in lists and on the exercise screen
  std::string instruction;  // one or two calm sentences read by the patient
  bool sensory_trick_allowed = true;  // may the patient use a light touch (chin, cheek)?
  ExerciseParams params = HoldMidlineParams{};

  bool operator==(const Level&) const = default;
};

ExerciseType exercise_type(const ExerciseParams& params);

// The names used in level files. Each parse_* returns nullopt for a name it does not know.
std::string_view exercise_type_name(ExerciseType type);
std::optional<ExerciseType> parse_exercise_type(std::string_view name);
std::string_view movement_direction_name(MovementDirection direction);
std::optional<MovementDirection> parse_movement_direction(std::string_view name);
std::optional<Axis> parse_axis(std::string_view name);  // names from axis_name()

// Default parameters for a new level of a type (what the editor starts from).
ExerciseParams default_params(ExerciseType type);

}  // namespace midline
