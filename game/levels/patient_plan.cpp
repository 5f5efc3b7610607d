#include "levels/patient_plan.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <tuple>

#include "exercises/guided_movement.hpp"
#include "exercises/range_check.hpp"  // range_directions
#include "levels/safety_limits.hpp"
#include "levels/target_shaping.hpp"
#include "levels/toml_fields.hpp"

namespace midline {

namespace {

// "Turn your head to your left" -> "turn your head to your left", inside a sentence.
std::string lowercase_first(std::string text) {
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] = static_cast<char>(text[0] - 'A' + 'a');
  return text;
}

constexpr NumberLimits kToleranceScale{0.5, 2.0, false, "",
                                       "a factor on every tolerance; the result is never under 5 "
                                       "degrees nor over 30"};
constexpr NumberLimits kOffset{-kTrustedTargetDeg, kTrustedTargetDeg, false, "degrees",
                               "from the body midline; the tracker is trusted to about 45 "
                               "degrees"};
constexpr NumberLimits kShapingStep{0.0, 15.0, false, "degrees",
                                    "how far the target moves toward the body midline with "
                                    "each level mastered; 0 keeps it where it starts"};
constexpr NumberLimits kFlexionZero{-kMaxFlexionZeroDeg, kMaxFlexionZeroDeg, false, "degrees",
                                    "the face's pitch when the head is level, + chin down; "
                                    "faces differ by up to about 10 degrees"};
constexpr NumberLimits kRange{5.0, 90.0, false, "degrees",
                              "active range from midline; normal is up to 80 degrees"};
constexpr NumberLimits kSessionsPerDay{1.0, 6.0, true, "", "1-3 sessions a day is usual"};
constexpr NumberLimits kMinutesPerDay{5.0, 90.0, true, "minutes",
                                      "sessions are 10-15 minutes, 1-3 a day"};
constexpr NumberLimits kMinutesPerSession{3.0, 45.0, true, "minutes",
                                          "10-15 minutes is usual; shorter on a hard day"};
constexpr NumberLimits kRestAfterSet{10.0, 180.0, true, "seconds",
                                     "the shortest rest between sets; a long set gets half "
                                     "its length, up to 3 minutes"};
constexpr NumberLimits kSuccessRate{0.5, 1.0, false, "",
                                    "the share of successful sessions, 0.8 means 80%"};
constexpr NumberLimits kOverSessions{1.0, 20.0, true, "",
                                     "how many of the latest sessions the rate is taken over"};

// One number of a plan: where it is written, its limits, and how to reach it. An absent
// optional number (a range not recorded) reads as nullopt.
struct PlanNumber {
  std::string_view field;
  std::string_view label;  // for people, with the sign convention where there is one
  NumberLimits limits;
  std::optional<double> (*get)(const PatientPlan&);
  void (*set)(PatientPlan&, std::optional<double>);
  bool may_be_absent = false;  // added after plans were written: absent keeps the default
};

template <auto Member>
constexpr PlanNumber range_number(std::string_view field, std::string_view label) {
  return {field, label, kRange, [](const PatientPlan& plan) { return plan.range.*Member; },
          [](PatientPlan& plan, std::optional<double> value) { plan.range.*Member = value; }};
}

const std::array<PlanNumber, 18> kPlanNumbers{{
    {"tolerance_scale", "Zones wider or narrower than the levels (x)", kToleranceScale,
     [](const PatientPlan& p) -> std::optional<double> { return p.tolerance_scale; },
     [](PatientPlan& p, std::optional<double> v) { p.tolerance_scale = v.value_or(1.0); }},
    {"shaping_step_deg", "Target step toward the body midline per level mastered", kShapingStep,
     [](const PatientPlan& p) -> std::optional<double> { return p.shaping_step_deg; },
     [](PatientPlan& p, std::optional<double> v) { p.shaping_step_deg = v.value_or(5.0); }},
    {"midline_offset_deg.rotation", "Starting target, turning (+ toward the patient's left)", kOffset,
     [](const PatientPlan& p) -> std::optional<double> { return p.midline_offset.rotation_deg; },
     [](PatientPlan& p, std::optional<double> v) { p.midline_offset.rotation_deg = v.value_or(0.0); }},
    {"midline_offset_deg.tilt", "Starting target, tilt (+ left ear toward left shoulder)", kOffset,
     [](const PatientPlan& p) -> std::optional<double> { return p.midline_offset.tilt_deg; },
     [](PatientPlan& p, std::optional<double> v) { p.midline_offset.tilt_deg = v.value_or(0.0); }},
    {"midline_offset_deg.flexion", "Starting target, nodding (+ chin down)", kOffset,
     [](const PatientPlan& p) -> std::optional<double> { return p.midline_offset.flexion_deg; },
     [](PatientPlan& p, std::optional<double> v) { p.midline_offset.flexion_deg = v.value_or(0.0); }},
    {"flexion_zero_deg", "Flexion zero (the face's pitch when the head is level, + chin down)",
     kFlexionZero, [](const PatientPlan& p) { return p.flexion_zero_deg; },
     [](PatientPlan& p, std::optional<double> v) { p.flexion_zero_deg = v; }},
    range_number<&RecordedRange::rotation_left>("range_deg.rotation_left", "Range turning to the patient's left"),
    range_number<&RecordedRange::rotation_right>("range_deg.rotation_right", "Range turning to the patient's right"),
    range_number<&RecordedRange::tilt_left>("range_deg.tilt_left", "Range, left ear toward left shoulder"),
    range_number<&RecordedRange::tilt_right>("range_deg.tilt_right", "Range, right ear toward right shoulder"),
    range_number<&RecordedRange::flexion>("range_deg.flexion", "Range, chin down"),
    range_number<&RecordedRange::extension>("range_deg.extension", "Range, chin up"),
    {"daily.max_sessions", "Sessions a day, at most", kSessionsPerDay,
     [](const PatientPlan& p) -> std::optional<double> { return p.daily.max_sessions; },
     [](PatientPlan& p, std::optional<double> v) {
       p.daily.max_sessions = static_cast<int>(std::clamp(v.value_or(3.0), -1e6, 1e6));
     }},
    {"daily.max_minutes", "Minutes of practice a day, at most", kMinutesPerDay,
     [](const PatientPlan& p) -> std::optional<double> { return p.daily.max_minutes; },
     [](PatientPlan& p, std::optional<double> v) { p.daily.max_minutes = v.value_or(45.0); }},
    {"daily.minutes_per_session", "Minutes of one session, at most", kMinutesPerSession,
     [](const PatientPlan& p) -> std::optional<double> { return p.daily.minutes_per_session; },
     [](PatientPlan& p, std::optional<double> v) { p.daily.minutes_per_session = v.value_or(15.0); },
     true},
    {"daily.rest_after_set_s", "Rest between sets, at least (seconds)", kRestAfterSet,
     [](const PatientPlan& p) -> std::optional<double> { return p.daily.rest_after_set_s; },
     [](PatientPlan& p, std::optional<double> v) { p.daily.rest_after_set_s = v.value_or(30.0); },
     true},
    {"mastery.success_rate", "A level is mastered at this share of good sessions", kSuccessRate,
     [](const PatientPlan& p) -> std::optional<double> { return p.mastery.success_rate; },
     [](PatientPlan& p, std::optional<double> v) { p.mastery.success_rate = v.value_or(0.8); }},
    {"mastery.over_sessions", "... over this many of the latest sessions", kOverSessions,
     [](const PatientPlan& p) -> std::optional<double> { return p.mastery.over_sessions; },
     [](PatientPlan& p, std::optional<double> v) {
       p.mastery.over_sessions = static_cast<int>(std::clamp(v.value_or(3.0), -1e6, 1e6));
     }},
}};

const PlanNumber* find_plan_number(std::string_view field);

}  // namespace

std::string_view plan_number_label(std::string_view field) {
  const PlanNumber* number = find_plan_number(field);
  return number ? number->label : field;
}

namespace {

const PlanNumber* find_plan_number(std::string_view field) {
  for (const auto& number : kPlanNumbers) {
    if (number.field == field) return &number;
  }
  return nullptr;
}

// Reads every number of one table ("" for the top) into the plan, as written: the limits
// are checked afterwards by validate_plan, like a plan made in the editor.
void read_numbers(TomlFieldReader& reader, const toml::table& table, const std::string& prefix,
                  bool required, PatientPlan& plan) {
  std::vector<std::string> known;
  for (const auto& number : kPlanNumbers) {
    const std::string field(number.field);
    const auto dot = field.rfind('.');
    if ((dot == std::string::npos ? std::string() : field.substr(0, dot)) != prefix) continue;
    known.push_back(dot == std::string::npos ? field : field.substr(dot + 1));
    const bool optional_value = prefix == "range_deg" || prefix == "midline_offset_deg" ||
                                prefix.empty() || number.may_be_absent;
    if (auto value = reader.read_number(table, field, required && !optional_value,
                                        number.limits.whole, describe_allowed(number.limits))) {
      number.set(plan, *value);
    }
  }
  if (!prefix.empty()) reader.flag_unknown_keys(table, prefix, known);
}

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
        reader.add_problem(field, "is " + toml_string(*name) + "; it " + std::string(allowed));
      }
    }
  }
  reader.flag_unknown_keys(*table, "pull", keys_of(std::array<std::string_view, 3>{
                                               "rotation", "tilt", "flexion"}));
}

void read_levels(TomlFieldReader& reader, const toml::table& root, PatientPlan& plan) {
  if (auto levels = reader.read_string_array(root, "levels", true, kLevelsAllowed)) {
    plan.levels = std::move(*levels);
  }
}

void read_tables(TomlFieldReader& reader, const toml::table& root, PatientPlan& plan) {
  for (const auto& [name, required, allowed] :
       {std::tuple{"midline_offset_deg", false, ""},
        std::tuple{"range_deg", false, ""},
        std::tuple{"daily", true, "must be a table [daily] with max_sessions and max_minutes"},
        std::tuple{"mastery", true,
                   "must be a table [mastery] with success_rate and over_sessions"}}) {
    if (const auto* table = reader.read_table(root, name, required, allowed)) {
      read_numbers(reader, *table, name, true, plan);
    }
  }
  if (const auto* progression = reader.read_table(root, "progression", false, "")) {
    for (auto [key, member] : {std::pair{"start_from", &ProgressionChoice::start_from},
                               std::pair{"hold_at", &ProgressionChoice::hold_at}}) {
      if (auto id = reader.read_string(*progression, std::string("progression.") + key, false,
                                       kLevelIdAllowed)) {
        plan.progression.*member = *id;
      }
    }
    reader.flag_unknown_keys(*progression, "progression",
                             keys_of(std::array<std::string_view, 2>{"start_from", "hold_at"}));
  }
}

PlanFileResult parse_plan_with(TomlFieldReader& reader, std::string_view text) {
  auto root = reader.parse(text);
  if (!root) return {std::nullopt, reader.problems()};
  PatientPlan plan;
  plan.patient = reader.read_string(*root, "patient", true, kPatientAllowed).value_or("");
  read_levels(reader, *root, plan);
  read_numbers(reader, *root, "", false, plan);
  read_pull(reader, *root, plan.pull);
  read_tables(reader, *root, plan);
  reader.flag_unknown_keys(*root, "",
                           keys_of(std::array<std::string_view, 11>{
                               "patient", "levels", "tolerance_scale", "shaping_step_deg",
                               "flexion_zero_deg", "pull",
                               "midline_offset_deg",
                               "range_deg", "daily", "mastery", "progression"}));
  auto problems = reader.all_problems(validate_plan(plan));
  if (!problems.empty()) return {std::nullopt, std::move(problems)};
  return {LoadedPlan{std::move(plan), reader.file(), reader.positions()}, {}};
}

// The direction that goes to `side` on `axis`, as movement_side() reads it back.
MovementDirection concrete_direction(Axis axis, int side) {
  if (axis == Axis::flexion) return side > 0 ? MovementDirection::down : MovementDirection::up;
  return side > 0 ? MovementDirection::left : MovementDirection::right;
}

}  // namespace

bool operator==(const PatientPlan& a, const PatientPlan& b) {
  const auto offset = [](const PatientPlan& plan) {
    return std::tuple{plan.midline_offset.rotation_deg, plan.midline_offset.tilt_deg,
                      plan.midline_offset.flexion_deg};
  };
  return a.patient == b.patient && a.levels == b.levels && a.tolerance_scale == b.tolerance_scale &&
         a.shaping_step_deg == b.shaping_step_deg && a.pull == b.pull &&
         offset(a) == offset(b) && a.flexion_zero_deg == b.flexion_zero_deg && a.range == b.range && a.daily == b.daily &&
         a.mastery == b.mastery && a.progression == b.progression;
}

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

std::vector<FieldProblem> validate_plan(const PatientPlan& plan) {
  std::vector<FieldProblem> problems;
  if (plan.patient.empty() || plan.patient.size() > 60) {
    problems.push_back({"patient", "is " + std::to_string(plan.patient.size()) +
                                       " characters long; it " + std::string(kPatientAllowed)});
  }
  if (plan.levels.empty()) {
    problems.push_back({"levels", "is empty; it " + std::string(kLevelsAllowed)});
  }
  for (std::size_t i = 0; i < plan.levels.size(); ++i) {
    if (std::find(plan.levels.begin(), plan.levels.begin() + i, plan.levels[i]) !=
        plan.levels.begin() + i) {
      problems.push_back({"levels", "names " + toml_string(plan.levels[i]) + " twice; each level once"});
      break;
    }
  }
  for (const auto& number : kPlanNumbers) {
    const auto value = number.get(plan);
    if (value && !number.limits.allows(*value)) {
      problems.push_back({std::string(number.field), "is " + number_text(*value) + "; it " +
                                                         describe_allowed(number.limits)});
    }
  }
  for (const auto& [field, id] : {std::pair{"progression.start_from", &plan.progression.start_from},
                                  std::pair{"progression.hold_at", &plan.progression.hold_at}}) {
    // Only against a level list to check: an empty one is its own problem.
    if (!id->empty() && !plan.levels.empty() && std::find(plan.levels.begin(), plan.levels.end(), *id) == plan.levels.end()) {
      problems.push_back({field, "is " + toml_string(*id) + ", not in the plan's levels; it " +
                                     std::string(kLevelIdAllowed)});
    }
  }
  return problems;
}

const NumberLimits* plan_number_limits(std::string_view field) {
  const PlanNumber* number = find_plan_number(field);
  return number == nullptr ? nullptr : &number->limits;
}

void set_plan_number(PatientPlan& plan, std::string_view field, std::optional<double> value) {
  if (const PlanNumber* number = find_plan_number(field)) number->set(plan, value);
}

std::optional<double> plan_number(const PatientPlan& plan, std::string_view field) {
  const PlanNumber* number = find_plan_number(field);
  return number == nullptr ? std::nullopt : number->get(plan);
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
  out += "shaping_step_deg = " + number_text(plan.shaping_step_deg) + "  " +
         limits_comment(kShapingStep) + "\n";
  if (plan.flexion_zero_deg)
    out += "flexion_zero_deg = " + number_text(*plan.flexion_zero_deg) + "  # the face's pitch "
           "when the head is level (+ chin down), kept for every session\n";
  else
    out += "# flexion_zero_deg = (not set: the face's pitch when the head is level)\n";
  out += "\n[pull]  # the dystonic pull: left/right/none; flexion forward/backward/none\n";
  for (const Axis axis : {Axis::rotation, Axis::tilt, Axis::flexion}) {
    out += std::string(axis_name(axis)) + " = " + toml_string(pull_name(plan.pull.on(axis), axis)) +
           "\n";
  }
  out += "\n[midline_offset_deg]  # where practice starts, from the body midline (the head square\n"
         "# to the body); all 0: from where the head rests at calibration\n";
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
  out += "minutes_per_session = " + number_text(plan.daily.minutes_per_session) + "  " +
         limits_comment(kMinutesPerSession) + "\n";
  out += "rest_after_set_s = " + number_text(plan.daily.rest_after_set_s) + "  " +
         limits_comment(kRestAfterSet) + "\n";
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
             toml_string(id) + " is not among the good levels loaded (missing or broken); skipped");
      continue;
    }
    Level level = loaded->level;
    ExerciseParams& params = level.params;
    for (const auto& field : number_fields(exercise_type(params))) {
      if (!field.key.starts_with("tolerance_deg.")) continue;
      field.set(params, std::clamp(field.get(params) * plan.tolerance_scale, field.min, field.max));
    }
    // A fixed reach the exercise asks in any direction stays within the recorded range.
    const ExerciseKind& kind = exercise_kind(params);
    bool beyond_range = false;
    for (const RangeDirection& d : range_directions()) {
      const auto range = plan.range.toward(d.axis, d.side);
      if (!kind.reach_deg || !range || beyond_range) continue;
      if (const double reach = kind.reach_deg(params, d.axis, d.side); reach > *range) {
        beyond_range = true;
        report(loaded->file, loaded->positions, std::string(kind.reach_field),
               "asks " + number_text(reach) + " degrees (" + lowercase_first(d.name) +
                   "), beyond this patient's recorded range of " + number_text(*range) +
                   " degrees that way (" + loaded_plan.file + "); skipped for this patient");
      }
    }
    if (beyond_range) continue;
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
