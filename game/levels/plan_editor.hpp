#pragma once
// The plan editor's model: a patient's plan as the clinician changes it. Like LevelEditor,
// the plan it holds always passes validate_plan: numbers are clamped into their limits and
// said so; a change that breaks a rule (a level named twice, removing the level progression
// holds at) is refused with the reason. Undo steps back through the current edit.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "levels/edit_history.hpp"
#include "levels/patient_plan.hpp"
#include "levels/toml_text_edit.hpp"

namespace midline {

class ClinicianKey;

class PlanEditor {
 public:
  // Throws std::invalid_argument naming the first problem when `plan` is not valid.
  // `saved`: whether `plan` is what the file holds (false for a new plan).
  explicit PlanEditor(PatientPlan plan, bool saved = true);

  EditAnswer set_patient(std::string patient);
  // Names as in the file ("tolerance_scale", "range_deg.tilt_left", ...); nullopt clears a
  // recorded range.
  EditAnswer set_number(std::string_view field, std::optional<double> value);
  // The directions a range check measured replace those recorded, in one step (clamped into
  // their limits); directions it did not measure keep what the plan has.
  EditAnswer take_measured_range(const RecordedRange& measured);
  EditAnswer set_pull(Axis axis, std::optional<int> sign);  // +1 left / forward, -1 right / back
  EditAnswer add_level(std::string id);                     // at the end of the list
  EditAnswer remove_level(std::size_t index);
  EditAnswer move_level(std::size_t from, std::size_t to);
  EditAnswer set_start_from(std::string id);  // "" for none
  EditAnswer set_hold_at(std::string id);     // "" for none

  const PatientPlan& plan() const { return history_.current(); }
  bool changed() const { return history_.changed(); }
  bool can_undo() const { return history_.can_undo(); }
  void undo() { history_.undo(); }
  // Writes the plan file, sealed with `seal_with` when given; a file already there keeps its
  // comments, blank lines and order (only changed values are rewritten in its text). Throws
  // std::runtime_error when it cannot be written.
  void save(const std::filesystem::path& path, const ClinicianKey* seal_with = nullptr);
  // The plan as text, carried over `original` (the text it was opened from) as save() carries
  // it over a file: for publishing to the clinic, comments and all.
  std::string text_over(std::string_view original) const;
  void mark_saved() { history_.mark_saved(); }  // published: what was opened is now this

 private:
  EditedFile edited_file() const;
  EditAnswer apply(PatientPlan candidate, std::string clamped_message);

  EditHistory<PatientPlan> history_;
};

}  // namespace midline
