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

#include "levels/edit_history.hpp"
#include "levels/level.hpp"

namespace midline {

class ClinicianKey;

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

  EditAnswer set_number(std::string_view key, double value);  // keys from number_fields()
  EditAnswer set_id(std::string id);
  EditAnswer set_title(std::string title);
  EditAnswer set_instruction(std::string instruction);
  EditAnswer set_sensory_trick_allowed(bool allowed);
  EditAnswer set_axis(Axis axis);                        // guided movements only
  EditAnswer set_direction(MovementDirection direction);  // guided movements only
  // Another exercise type, starting from its default parameters.
  EditAnswer set_exercise_type(ExerciseType type);

  const Level& level() const { return history_.current(); }
  bool changed() const { return history_.changed(); }
  bool can_undo() const { return history_.can_undo(); }
  void undo() { history_.undo(); }

  // Writes the level file (save_level_file: a file already there keeps its comments), sealed
  // with `seal_with` when given; the edit then starts anew from what was saved (no undo past
  // it). Throws std::runtime_error when the file cannot be written.
  void save(const std::filesystem::path& path, const ClinicianKey* seal_with = nullptr);

 private:
  LevelEditor(Level level, bool saved);
  EditAnswer apply(Level candidate, std::string clamped_message);

  EditHistory<Level> history_;
};

}  // namespace midline
