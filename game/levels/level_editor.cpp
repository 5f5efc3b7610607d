#include "levels/level_editor.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "levels/level_file.hpp"
#include "levels/safety_limits.hpp"

namespace midline {

namespace {

std::string first_problem(const Level& level) {
  const auto problems = validate_level(level);
  if (problems.empty()) return {};
  return problems.front().field + ": " + problems.front().message;
}

}  // namespace

LevelEditor::LevelEditor(Level level) : level_(level), saved_(std::move(level)) {
  if (const auto problem = first_problem(level_); !problem.empty()) {
    throw std::invalid_argument(problem);
  }
}

LevelEditor LevelEditor::create(ExerciseType type, std::string id, std::string title,
                                std::string instruction) {
  Level level;
  level.id = std::move(id);
  level.title = std::move(title);
  level.instruction = std::move(instruction);
  level.params = default_params(type);
  LevelEditor editor(std::move(level));
  editor.saved_ = Level{};  // a new level is unsaved until saved
  return editor;
}

LevelEditor LevelEditor::duplicate(const Level& source, std::string new_id) {
  Level copy = source;
  copy.id = std::move(new_id);
  LevelEditor editor(std::move(copy));
  editor.saved_ = Level{};
  return editor;
}

LevelEditor::Answer LevelEditor::apply(Level candidate, std::string clamped_message) {
  if (const auto problem = first_problem(candidate); !problem.empty()) {
    return {false, "not changed: " + problem};
  }
  if (candidate == level_) return {true, std::move(clamped_message)};
  undo_.push_back(level_);
  level_ = std::move(candidate);
  return {true, std::move(clamped_message)};
}

LevelEditor::Answer LevelEditor::set_number(std::string_view key, double value) {
  const NumberField* field = find_number_field(exercise_type(level_.params), key);
  if (field == nullptr) {
    return {false, "not changed: " + std::string(key) + " is not a number of " +
                       std::string(exercise_type_name(exercise_type(level_.params))) + " levels"};
  }
  if (!std::isfinite(value)) return {false, "not changed: " + std::string(key) + " must be a number"};
  double allowed = std::clamp(value, field->min, field->max);
  if (field->whole) allowed = std::round(allowed);
  std::string message;
  if (allowed != value) {
    message = std::string(key) + ": " + number_text(value) + " is outside what is allowed; set to " +
              number_text(allowed) + " (it " + describe_allowed(*field) + ")";
  }
  Level candidate = level_;
  field->set(candidate.params, allowed);
  return apply(std::move(candidate), std::move(message));
}

LevelEditor::Answer LevelEditor::set_id(std::string id) {
  Level candidate = level_;
  candidate.id = std::move(id);
  return apply(std::move(candidate), {});
}

LevelEditor::Answer LevelEditor::set_title(std::string title) {
  Level candidate = level_;
  candidate.title = std::move(title);
  return apply(std::move(candidate), {});
}

LevelEditor::Answer LevelEditor::set_instruction(std::string instruction) {
  Level candidate = level_;
  candidate.instruction = std::move(instruction);
  return apply(std::move(candidate), {});
}

LevelEditor::Answer LevelEditor::set_sensory_trick_allowed(bool allowed) {
  Level candidate = level_;
  candidate.sensory_trick_allowed = allowed;
  return apply(std::move(candidate), {});
}

LevelEditor::Answer LevelEditor::set_axis(Axis axis) {
  Level candidate = level_;
  auto* guided = std::get_if<GuidedMovementParams>(&candidate.params);
  if (guided == nullptr) return {false, "not changed: only guided movements have an axis"};
  guided->axis = axis;
  return apply(std::move(candidate), {});
}

LevelEditor::Answer LevelEditor::set_direction(MovementDirection direction) {
  Level candidate = level_;
  auto* guided = std::get_if<GuidedMovementParams>(&candidate.params);
  if (guided == nullptr) return {false, "not changed: only guided movements have a direction"};
  guided->direction = direction;
  return apply(std::move(candidate), {});
}

LevelEditor::Answer LevelEditor::set_exercise_type(ExerciseType type) {
  if (type == exercise_type(level_.params)) return {true, {}};
  Level candidate = level_;
  candidate.params = default_params(type);
  return apply(std::move(candidate), {});
}

void LevelEditor::undo() {
  if (undo_.empty()) return;
  level_ = std::move(undo_.back());
  undo_.pop_back();
}

void LevelEditor::save(const std::filesystem::path& path) {
  save_level_file(level_, path);
  saved_ = level_;
  undo_.clear();
}

}  // namespace midline
