#include "levels/patient_plan.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "exercises/guided_movement.hpp"
#include "levels/safety_limits.hpp"
#include "levels/toml_fields.hpp"

namespace midline {

namespace {

constexpr NumberLimits kToleranceScale{0.5, 2.0, false, "",
                                       "a factor on every tolerance; the result is never under 5 "
                                       "degrees nor over 30"};
constexpr NumberLimits kOffset{-20.0, 20.0, false, "degrees",
                               "further than 20 degrees off, calibrate the neutral again"};
constexpr NumberLimits kRange{5.0, 90.0, false, "degrees",
                              "active range from midline; normal is up to 80 degrees"};
constexpr NumberLimits kSessionsPerDay{1.0, 6.0, true, "", "1-3 sessions a day is usual"};
constexpr NumberLimits kMinutesPerDay{5.0, 90.0, true, "minutes",
                                      "sessions are 10-15 minutes, 1-3 a day"};
constexpr NumberLimits kSuccessRate{0.5, 1.0, false, "",
                                    "the share of successful sessions, 0.8 means 80%"};
constexpr NumberLimits kOverSessions{1.0, 20.0, true, "",
                                     "how many of the latest sessions the rate is taken over"};

constexpr std::string_view kPatientAllowed =
    "must be text: the patient's name or code, 1 to 60 characters";
constexpr std::string_view kLevelsAllowed =
    "must be a list of level ids in practice order, e.g. [\"01-find-your-midline\"]";
constexpr std::string_view kSideAllowed = "must be \"left\", \"right\" or \"none\"";
constexpr std::string_view kFlexionAllowed =
    "must be \"forward\" (antecollis), \"backward\" (retrocollis) or \"none\"";
constexpr std::string_view kLevelIdAllowed = "must be the id of a level in the plan's levels, or \"\"";

struct RangeKey {
  std::string_view key;
  std::optional<double> RecordedRange::*member;
};
constexpr std::array<RangeKey, 6> kRangeKeys{{
    {"rotation_left", &RecordedRange::rotation_left},
    {"rotation_right", &RecordedRange::rotation_right},
    {"tilt_left", &RecordedRange::tilt_left},
    {"tilt_right", &RecordedRange::tilt_right},
    {"flexion", &RecordedRange::flexion},
    {"extension", &RecordedRange::extension},
}};

struct OffsetKey {
  std::string_view key;
  double HeadAngles::*member;
};
constexpr std::array<OffsetKey, 3> kOffsetKeys{{
    {"rotation", &HeadAngles::rotation_deg},
    {"tilt", &HeadAngles::tilt_deg},
    {"flexion", &HeadAngles::flexion_deg},
}};

std::optional<double> read_limited(TomlFieldReader& reader, const toml::table& table,
                                   const std::string& field, const NumberLimits& limits,
                                   bool required) {
  const std::string allowed = describe_allowed(limits);
  auto value = reader.read_number(table, field, required, limits.whole, allowed);
  if (value && !limits.allows(*value)) {
    reader.add_problem(field, "is " + number_text(*value) + "; it " + allowed);
    return std::nullopt;
  }
  return value;
}

// "left" -> +1, "right" -> -1 (rotation and tilt); "forward" -> +1, "backward" -> -1
// (flexion); "none" -> 0; nullopt for any other name.
std::optional<int> parse_pull_sign(std::string_view name, Axis axis) {
  const bool flexion = axis == Axis::flexion;
  if (name == "none") return 0;
  if (name == (flexion ? "forward" : "left")) return +1;
  if (name == (flexion ? "backward" : "right")) return -1;
  return std::nullopt;
}

std::string_view pull_name(std::optional<int> sign, Axis axis) {
  if (!sign) return "none";
  if (axis == Axis::flexion) return *sign > 0 ? "forward" : "backward";
  return *sign > 0 ? "left" : "right";
}

std::optional<int>& pull_on(DystonicPull& pull, Axis axis) {
  switch (axis) {
    case Axis::tilt: return pull.tilt;
    case Axis::flexion: return pull.flexion;
    case Axis::rotation: break;
  }
  return pull.rotation;
}

template <std::size_t N>
std::vector<std::string> keys_of(const std::array<std::string_view, N>& keys) {
  return {keys.begin(), keys.end()};
}

void read_pull(TomlFieldReader& reader, const toml::table& root, DystonicPull& pull) {
  const toml::table* table = reader.read_table(
      root, "pull", true, "must be a table [pull] with rotation, tilt and flexion");
  if (table == nullptr) return;
  for (const Axis axis : {Axis::rotation, Axis::tilt, Axis::flexion}) {
    const std::string field = std::string("pull.") + axis_name(axis);
    const std::string_view allowed = axis == Axis::flexion ? kFlexionAllowed : kSideAllowed;
    if (auto name = reader.read_string(*table, field, true, allowed)) {
      if (auto sign = parse_pull_sign(*name, axis)) {
        pull_on(pull, axis) = *sign == 0 ? std::nullopt : std::optional<int>(*sign);
      } else {
        reader.add_problem(field, "is \"" + *name + "\"; it " + std::string(allowed));
      }
    }
  }
  reader.flag_unknown_keys(*table, "pull", keys_of(std::array<std::string_view, 3>{
                                               "rotation", "tilt", "flexion"}));
}

void read_levels(TomlFieldReader& reader, const toml::table& root, PatientPlan& plan) {
  auto levels = reader.read_string_array(root, "levels", true, kLevelsAllowed);
  if (!levels) return;
  if (levels->empty()) {
    reader.add_problem("levels", "is empty; it " + std::string(kLevelsAllowed));
    return;
  }
  for (std::size_t i = 0; i < levels->size(); ++i) {
    if (std::find(levels->begin(), levels->begin() + i, (*levels)[i]) != levels->begin() + i) {
      reader.add_problem("levels", "names \"" + (*levels)[i] + "\" twice; each level once");
      return;
    }
  }
  plan.levels = std::move(*levels);
}

void read_optional_tables(TomlFieldReader& reader, const toml::table& root, PatientPlan& plan) {
  if (const auto* offset = reader.read_table(root, "midline_offset_deg", false, "")) {
    for (const auto& [key, member] : kOffsetKeys) {
      const std::string field = "midline_offset_deg." + std::string(key);
      if (auto value = read_limited(reader, *offset, field, kOffset, false)) {
        plan.midline_offset.*member = *value;
      }
    }
    reader.flag_unknown_keys(*offset, "midline_offset_deg",
                             keys_of(std::array<std::string_view, 3>{"rotation", "tilt", "flexion"}));
  }
  if (const auto* range = reader.read_table(root, "range_deg", false, "")) {
    std::vector<std::string> known;
    for (const auto& [key, member] : kRangeKeys) {
      known.emplace_back(key);
      plan.range.*member = read_limited(reader, *range, "range_deg." + std::string(key), kRange, false);
    }
    reader.flag_unknown_keys(*range, "range_deg", known);
  }
  if (const auto* progression = reader.read_table(root, "progression", false, "")) {
    for (auto [key, member] : {std::pair{"start_from", &ProgressionChoice::start_from},
                               std::pair{"hold_at", &ProgressionChoice::hold_at}}) {
      const std::string field = std::string("progression.") + key;
      auto id = reader.read_string(*progression, field, false, kLevelIdAllowed);
      if (!id || id->empty()) continue;
      // Checked against the levels only when they could be read: one problem, not two.
      if (!plan.levels.empty() && std::find(plan.levels.begin(), plan.levels.end(), *id) == plan.levels.end()) {
        reader.add_problem(field, "is \"" + *id + "\", not in the plan's levels; it " +
                                      std::string(kLevelIdAllowed));
        continue;
      }
      plan.progression.*member = *id;
    }
    reader.flag_unknown_keys(*progression, "progression",
                             keys_of(std::array<std::string_view, 2>{"start_from", "hold_at"}));
  }
}

void read_required_tables(TomlFieldReader& reader, const toml::table& root, PatientPlan& plan) {
  if (const auto* daily = reader.read_table(
          root, "daily", true, "must be a table [daily] with max_sessions and max_minutes")) {
    if (auto value = read_limited(reader, *daily, "daily.max_sessions", kSessionsPerDay, true))
      plan.daily.max_sessions = static_cast<int>(*value);
    if (auto value = read_limited(reader, *daily, "daily.max_minutes", kMinutesPerDay, true))
      plan.daily.max_minutes = *value;
    reader.flag_unknown_keys(*daily, "daily",
                             keys_of(std::array<std::string_view, 2>{"max_sessions", "max_minutes"}));
  }
  if (const auto* mastery = reader.read_table(
          root, "mastery", true, "must be a table [mastery] with success_rate and over_sessions")) {
    if (auto value = read_limited(reader, *mastery, "mastery.success_rate", kSuccessRate, true))
      plan.mastery.success_rate = *value;
    if (auto value = read_limited(reader, *mastery, "mastery.over_sessions", kOverSessions, true))
      plan.mastery.over_sessions = static_cast<int>(*value);
    reader.flag_unknown_keys(
        *mastery, "mastery", keys_of(std::array<std::string_view, 2>{"success_rate", "over_sessions"}));
  }
}

PlanFileResult parse_plan_with(TomlFieldReader& reader, std::string_view text) {
  auto root = reader.parse(text);
  if (!root) return {std::nullopt, reader.problems()};
  PatientPlan plan;
  if (auto patient = reader.read_string(*root, "patient", true, kPatientAllowed)) {
    if (patient->empty() || patient->size() > 60) {
      reader.add_problem("patient", "is " + std::to_string(patient->size()) +
                                        " characters long; it " + std::string(kPatientAllowed));
    }
    plan.patient = *patient;
  }
  read_levels(reader, *root, plan);
  if (auto scale = read_limited(reader, *root, "tolerance_scale", kToleranceScale, false)) {
    plan.tolerance_scale = *scale;
  }
  read_pull(reader, *root, plan.pull);
  read_required_tables(reader, *root, plan);
  read_optional_tables(reader, *root, plan);
  reader.flag_unknown_keys(*root, "",
                           keys_of(std::array<std::string_view, 9>{
                               "patient", "levels", "tolerance_scale", "pull", "midline_offset_deg",
                               "range_deg", "daily", "mastery", "progression"}));
  if (!reader.problems().empty()) return {std::nullopt, reader.problems()};
  return {LoadedPlan{std::move(plan), reader.file(), reader.positions()}, {}};
}

// The direction that goes to `side` on `axis`, as movement_side() reads it back.
MovementDirection concrete_direction(Axis axis, int side) {
  if (axis == Axis::flexion) return side > 0 ? MovementDirection::down : MovementDirection::up;
  return side > 0 ? MovementDirection::left : MovementDirection::right;
}

}  // namespace

std::optional<int> DystonicPull::on(Axis axis) const {
  switch (axis) {
    case Axis::tilt: return tilt;
    case Axis::flexion: return flexion;
    case Axis::rotation: break;
  }
  return rotation;
}

std::optional<double> RecordedRange::toward(Axis axis, int side) const {
  switch (axis) {
    case Axis::rotation: return side > 0 ? rotation_left : rotation_right;
    case Axis::tilt: return side > 0 ? tilt_left : tilt_right;
    case Axis::flexion: return side > 0 ? flexion : extension;
  }
  return std::nullopt;
}

PlanFileResult parse_plan(std::string_view text, const std::string& file) {
  TomlFieldReader reader(file);
  return parse_plan_with(reader, text);
}

PlanFileResult load_plan_file(const std::filesystem::path& path) {
  TomlFieldReader reader(path.string());
  const auto text = reader.read_file(path);
  if (!text) return {std::nullopt, reader.problems()};
  return parse_plan_with(reader, *text);
}

std::string plan_to_toml(const PatientPlan& plan) {
  std::string out;
  out += "# Midline patient plan. The physiotherapist edits it (clinician mode, or by hand);\n";
  out += "# `midline levels check LEVELS --plan THIS_FILE` checks it.\n\n";
  out += "patient = " + toml_string(plan.patient) + "\n";
  out += "levels = [  # practised in this order\n";
  for (const auto& id : plan.levels) out += "  " + toml_string(id) + ",\n";
  out += "]\n";
  out += "tolerance_scale = " + number_text(plan.tolerance_scale) + "  " +
         limits_comment(kToleranceScale) + "\n";
  out += "\n[pull]  # the dystonic pull: left/right/none; flexion forward/backward/none\n";
  for (const Axis axis : {Axis::rotation, Axis::tilt, Axis::flexion}) {
    out += std::string(axis_name(axis)) + " = " + toml_string(pull_name(plan.pull.on(axis), axis)) +
           "\n";
  }
  out += "\n[midline_offset_deg]  # where the true midline is, from the calibrated one\n";
  for (const auto& [key, member] : kOffsetKeys) {
    out += std::string(key) + " = " + number_text(plan.midline_offset.*member) + "\n";
  }
  out += "\n[range_deg]  # recorded active range; guided movements never go past it\n";
  for (const auto& [key, member] : kRangeKeys) {
    if (plan.range.*member) {
      out += std::string(key) + " = " + number_text(*(plan.range.*member)) + "\n";
    } else {
      out += "# " + std::string(key) + " = (not recorded)\n";
    }
  }
  out += "\n[daily]\n";
  out += "max_sessions = " + number_text(plan.daily.max_sessions) + "  " +
         limits_comment(kSessionsPerDay) + "\n";
  out += "max_minutes = " + number_text(plan.daily.max_minutes) + "  " +
         limits_comment(kMinutesPerDay) + "\n";
  out += "\n[mastery]  # a level is mastered at this success rate over the latest sessions\n";
  out += "success_rate = " + number_text(plan.mastery.success_rate) + "\n";
  out += "over_sessions = " + number_text(plan.mastery.over_sessions) + "\n";
  out += "\n[progression]  # start_from: move on to a level; hold_at: offer none after it\n";
  out += "start_from = " + toml_string(plan.progression.start_from) + "\n";
  out += "hold_at = " + toml_string(plan.progression.hold_at) + "\n";
  return out;
}

void save_plan_file(const PatientPlan& plan, const std::filesystem::path& path) {
  write_file_safely(path, plan_to_toml(plan));
}

std::optional<std::filesystem::path> plan_path(const std::filesystem::path& data_dir,
                                               std::string_view patient_key) {
  const bool usable = !patient_key.empty() && patient_key.size() <= 64 &&
                      std::all_of(patient_key.begin(), patient_key.end(), [](char c) {
                        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                               (c >= '0' && c <= '9') || c == '-' || c == '_';
                      });
  if (!usable) return std::nullopt;
  return data_dir / "plans" / (std::string(patient_key) + ".toml");
}

PatientLevels levels_for_patient(const LoadedPlan& loaded_plan, const LevelLibrary& library) {
  const PatientPlan& plan = loaded_plan.plan;
  PatientLevels result;
  auto report = [&result](const std::string& file, const FieldPositions& positions,
                          std::string field, std::string message) {
    auto placed = place_problems({{std::move(field), std::move(message)}}, file, positions);
    result.problems.push_back(std::move(placed.front()));
  };
  for (const auto& id : plan.levels) {
    const LoadedLevel* loaded = library.find(id);
    if (loaded == nullptr) {
      report(loaded_plan.file, loaded_plan.positions, "levels",
             "\"" + id + "\" is not among the good levels loaded (missing or broken); skipped");
      continue;
    }
    Level level = loaded->level;
    ExerciseParams& params = level.params;
    for (const auto& field : number_fields(exercise_type(params))) {
      if (!field.key.starts_with("tolerance_deg.")) continue;
      field.set(params, std::clamp(field.get(params) * plan.tolerance_scale, field.min, field.max));
    }
    if (auto* guided = std::get_if<GuidedMovementParams>(&params)) {
      int side = 0;
      try {
        side = movement_side(guided->direction, guided->axis, plan.pull.on(guided->axis));
      } catch (const std::invalid_argument&) {
        report(loaded->file, loaded->positions, "direction",
               std::string(movement_direction_name(guided->direction)) + " needs the patient's pull on the " +
                   axis_name(guided->axis) + " axis, and " + loaded_plan.file +
                   " records none there; skipped for this patient");
        continue;
      }
      const auto range = plan.range.toward(guided->axis, side);
      if (range && guided->amplitude_deg > *range) {
        report(loaded->file, loaded->positions, "amplitude_deg",
               "is " + number_text(guided->amplitude_deg) + " degrees, beyond this patient's recorded range of " +
                   number_text(*range) + " degrees that way (" + loaded_plan.file +
                   "); skipped for this patient");
        continue;
      }
      guided->direction = concrete_direction(guided->axis, side);
    }
    result.levels.push_back(std::move(level));
  }
  return result;
}

}  // namespace midline
