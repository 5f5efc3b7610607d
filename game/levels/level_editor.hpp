#pragma once
// The level editor's model: what the clinician's editor screen shows and changes, with no
// drawing in it. The level it holds always keeps the safety limits: a number outside its
// field's range is clamped into it (and the answer says so); a change that would break a
// rule between fields (a short rest after a long hold, a direction that does not fit the
// axis) is refused with the reason. Undo steps back through the current edit.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "levels/level.hpp"

namespace midline {

class LevelEditor {
 public:
  // A new level of `type` with the default parameters. Throws std::invalid_argument when
  // the id or texts are not allowed (the message says why).
  static LevelEditor create(ExerciseType type, std::string id, std::string title,
                            std::string instruction);
  // A copy of `source` under a new id, to be changed from there.
  static LevelEditor duplicate(const Level& source, std::string new_id);
  // Edits an existing level; throws std::invalid_argument when it breaks the limits.
  explicit LevelEditor(Level level);

  struct Answer {
    bool accepted = false;  // the level changed (perhaps to a clamped value)
    std::string message;    // why it was clamped or refused; empty when taken as given
  };

  Answer set_number(std::string_view key, double value);  // keys from number_fields()
  Answer set_id(std::string id);
  Answer set_title(std::string title);
  Answer set_instruction(std::string instruction);
  Answer set_sensory_trick_allowed(bool allowed);
  Answer set_axis(Axis axis);                        // guided movements only
  Answer set_direction(MovementDirection direction);  // guided movements only
  // Another exercise type, starting from its default parameters.
  Answer set_exercise_type(ExerciseType type);

  const Level& level() const { return level_; }
  bool changed() const { return level_ != saved_; }
  bool can_undo() const { return !undo_.empty(); }
  void undo();

  // Writes the level file; the edit then starts anew from what was saved (no undo past it).
  // Throws std::runtime_error when the file cannot be written.
  void save(const std::filesystem::path& path);

 private:
  Answer apply(Level candidate, std::string clamped_message);

  Level level_;
  Level saved_;
  std::vector<Level> undo_;
};

}  // namespace midline
