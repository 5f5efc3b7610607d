#include "levels/level_editor.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "levels/level_file.hpp"
#include "levels/safety_limits.hpp"

namespace midline {

LevelEditor::LevelEditor(Level level, bool saved)
    : history_(std::move(level), saved, validate_level) {}

LevelEditor::LevelEditor(Level level) : LevelEditor(std::move(level), true) {}

LevelEditor LevelEditor::create(ExerciseType type, std::string id, std::string title,
                                std::string instruction) {
  Level level;
  level.id = std::move(id);
  level.title = std::move(title);
  level.instruction = std::move(instruction);
  level.params = default_params(type);
  return LevelEditor(std::move(level), false);
}

LevelEditor LevelEditor::duplicate(const Level& source, std::string new_id) {
  Level copy = source;
  copy.id = std::move(new_id);
  return LevelEditor(std::move(copy), false);
}

EditAnswer LevelEditor::apply(Level candidate, std::string clamped_message) {
  return history_.propose(std::move(candidate), std::move(clamped_message));
}

EditAnswer LevelEditor::set_number(std::string_view key, double value) {
  const NumberField* field = find_number_field(exercise_type(level().params), key);
  if (field == nullptr) {
    return {false, "not changed: " + std::string(key) + " is not a number of " +
                       std::string(exercise_type_name(exercise_type(level().params))) + " levels"};
  }
  if (!std::isfinite(value)) return {false, "not changed: " + std::string(key) + " must be a number"};
  double allowed = std::clamp(value, field->min, field->max);
  if (field->whole) allowed = std::round(allowed);
  std::string message;
  if (allowed != value) {
    message = std::string(key) + ": " + number_text(value) + " is outside what is allowed; set to " +
              number_text(allowed) + " (it " + describe_allowed(*field) + ")";
  }
  Level candidate = level();
  field->set(candidate.params, allowed);
  return apply(std::move(candidate), std::move(message));
}

EditAnswer LevelEditor::set_id(std::string id) {
  Level candidate = level();
  candidate.id = std::move(id);
  return apply(std::move(candidate), {});
}

EditAnswer LevelEditor::set_title(std::string title) {
  Level candidate = level();
  candidate.title = std::move(title);
  return apply(std::move(candidate), {});
}

EditAnswer LevelEditor::set_instruction(std::string instruction) {
  Level candidate = level();
  candidate.instruction = std::move(instruction);
  return apply(std::move(candidate), {});
}

EditAnswer LevelEditor::set_sensory_trick_allowed(bool allowed) {
  Level candidate = level();
  candidate.sensory_trick_allowed = allowed;
  return apply(std::move(candidate), {});
}

EditAnswer LevelEditor::set_axis(Axis axis) {
  Level candidate = level();
  auto* guided = std::get_if<GuidedMovementParams>(&candidate.params);
  if (guided == nullptr) return {false, "not changed: only guided movements have an axis"};
  guided->axis = axis;
  return apply(std::move(candidate), {});
}

EditAnswer LevelEditor::set_direction(MovementDirection direction) {
  Level candidate = level();
  auto* guided = std::get_if<GuidedMovementParams>(&candidate.params);
  if (guided == nullptr) return {false, "not changed: only guided movements have a direction"};
  guided->direction = direction;
  return apply(std::move(candidate), {});
}

EditAnswer LevelEditor::set_exercise_type(ExerciseType type) {
  if (type == exercise_type(level().params)) return {true, {}};
  Level candidate = level();
  candidate.params = default_params(type);
  return apply(std::move(candidate), {});
}

void LevelEditor::save(const std::filesystem::path& path, const ClinicianKey* seal_with) {
  save_level_file(level(), path, seal_with);
  history_.mark_saved();
}

}  // namespace midline
