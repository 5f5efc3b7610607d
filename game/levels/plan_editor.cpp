#include "levels/plan_editor.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "levels/toml_text_edit.hpp"

namespace midline {

PlanEditor::PlanEditor(PatientPlan plan, bool saved)
    : history_(std::move(plan), saved, validate_plan) {}

EditAnswer PlanEditor::apply(PatientPlan candidate, std::string clamped_message) {
  return history_.propose(std::move(candidate), std::move(clamped_message));
}

EditAnswer PlanEditor::set_patient(std::string patient) {
  PatientPlan candidate = plan();
  candidate.patient = std::move(patient);
  return apply(std::move(candidate), {});
}

namespace {

// `value` brought within the field's limits; `message` says so when it had to be.
std::optional<double> allowed_value(std::string_view field, const NumberLimits& limits,
                                    double value, std::string& message) {
  double allowed = std::clamp(value, limits.min, limits.max);
  if (limits.whole) allowed = std::round(allowed);
  if (allowed != value) {
    if (!message.empty()) message += "; ";
    message += std::string(field) + ": " + number_text(value) +
               " is outside what is allowed; set to " + number_text(allowed) + " (it " +
               describe_allowed(limits) + ")";
  }
  return allowed;
}

}  // namespace

EditAnswer PlanEditor::set_number(std::string_view field, std::optional<double> value) {
  const NumberLimits* limits = plan_number_limits(field);
  if (limits == nullptr) return {false, "not changed: " + std::string(field) + " is not a plan number"};
  std::string message;
  if (value) {
    if (!std::isfinite(*value)) return {false, "not changed: " + std::string(field) + " must be a number"};
    value = allowed_value(field, *limits, *value, message);
  }
  PatientPlan candidate = plan();
  set_plan_number(candidate, field, value);
  return apply(std::move(candidate), std::move(message));
}

EditAnswer PlanEditor::take_measured_range(const RecordedRange& measured) {
  PatientPlan candidate = plan();
  std::string message;
  for (const char* field : kPlanRangeFields) {
    PatientPlan only_measured;
    only_measured.range = measured;
    const auto value = plan_number(only_measured, field);
    if (!value) continue;  // a direction the check did not reach keeps what the plan has
    set_plan_number(candidate, field,
                    allowed_value(field, *plan_number_limits(field), *value, message));
  }
  return apply(std::move(candidate), std::move(message));
}

EditAnswer PlanEditor::set_pull(Axis axis, std::optional<int> sign) {
  if (sign && *sign != 1 && *sign != -1) return {false, "not changed: a pull is +1, -1 or none"};
  PatientPlan candidate = plan();
  switch (axis) {
    case Axis::rotation: candidate.pull.rotation = sign; break;
    case Axis::tilt: candidate.pull.tilt = sign; break;
    case Axis::flexion: candidate.pull.flexion = sign; break;
  }
  return apply(std::move(candidate), {});
}

EditAnswer PlanEditor::add_level(std::string id) {
  PatientPlan candidate = plan();
  candidate.levels.push_back(std::move(id));
  return apply(std::move(candidate), {});
}

EditAnswer PlanEditor::remove_level(std::size_t index) {
  if (index >= plan().levels.size()) return {false, "not changed: no level at that place"};
  PatientPlan candidate = plan();
  candidate.levels.erase(candidate.levels.begin() + static_cast<std::ptrdiff_t>(index));
  return apply(std::move(candidate), {});
}

EditAnswer PlanEditor::move_level(std::size_t from, std::size_t to) {
  const std::size_t count = plan().levels.size();
  if (from >= count || to >= count) return {false, "not changed: no level at that place"};
  PatientPlan candidate = plan();
  auto& levels = candidate.levels;
  const auto first = levels.begin();
  if (from < to) {
    std::rotate(first + static_cast<std::ptrdiff_t>(from), first + static_cast<std::ptrdiff_t>(from) + 1,
                first + static_cast<std::ptrdiff_t>(to) + 1);
  } else {
    std::rotate(first + static_cast<std::ptrdiff_t>(to), first + static_cast<std::ptrdiff_t>(from),
                first + static_cast<std::ptrdiff_t>(from) + 1);
  }
  return apply(std::move(candidate), {});
}

EditAnswer PlanEditor::set_start_from(std::string id) {
  PatientPlan candidate = plan();
  candidate.progression.start_from = std::move(id);
  return apply(std::move(candidate), {});
}

EditAnswer PlanEditor::set_hold_at(std::string id) {
  PatientPlan candidate = plan();
  candidate.progression.hold_at = std::move(id);
  return apply(std::move(candidate), {});
}

EditedFile PlanEditor::edited_file() const {
  EditedFile edited;
  edited.generated = plan_to_toml(plan());
  edited.generated_from = [](std::string_view text) -> std::optional<std::string> {
    const auto held = parse_plan(text, "");
    if (!held.plan) return std::nullopt;
    return plan_to_toml(held.plan->plan);
  };
  edited.holds_value = [this](std::string_view text) {
    const auto held = parse_plan(text, "");
    return held.plan && held.plan->plan == plan();
  };
  return edited;
}

void PlanEditor::save(const std::filesystem::path& path, const ClinicianKey* seal_with) {
  save_edited_file(path, edited_file(), seal_with);
  history_.mark_saved();
}

std::string PlanEditor::text_over(std::string_view original) const {
  return edited_text(original, edited_file());
}

}  // namespace midline
