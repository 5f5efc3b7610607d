#include "levels/level_file.hpp"

#include <algorithm>

#include "levels/safety_limits.hpp"
#include "levels/toml_fields.hpp"
#include "levels/toml_text_edit.hpp"

namespace midline {

namespace {

constexpr std::string_view kIdAllowed =
    "must be text: 1 to 64 lowercase letters, digits, '-' or '_', e.g. \"hold-01-find-midline\"";
constexpr std::string_view kTitleAllowed = "must be text: a title of 1 to 60 characters";
constexpr std::string_view kInstructionAllowed =
    "must be text: one or two calm sentences (1 to 300 characters) the patient reads";
// "must be one of "hold_midline", ...": the catalogue's names.
std::string exercise_allowed() {
  std::string text = "must be one of ";
  for (const ExerciseKind& kind : exercise_catalogue())
    text.append(kind.type == ExerciseType{} ? "\"" : ", \"").append(kind.key).append("\"");
  return text;
}
constexpr std::string_view kTrickAllowed =
    "must be true or false: may the patient use a sensory trick (a light touch on chin or cheek)";
constexpr std::string_view kAxisAllowed = "must be one of \"rotation\", \"tilt\", \"flexion\"";
constexpr std::string_view kDirectionAllowed =
    "must be one of \"away_from_pull\", \"toward_pull\", \"left\", \"right\", \"up\", \"down\"";
constexpr std::string_view kToleranceTable = "tolerance_deg";
constexpr std::string_view kToleranceAllowed =
    "must be a table [tolerance_deg] with rotation, tilt and flexion in degrees";

// Reads every number of the exercise type into `params`; adds the keys it knows to `known`.
void read_numbers(TomlFieldReader& reader, const toml::table& root, ExerciseType type,
                  ExerciseParams& params, std::vector<std::string>& known) {
  const toml::table* tolerance = nullptr;
  bool has_tolerance = false;
  std::vector<std::string> tolerance_known;
  for (const auto& field : number_fields(type)) {
    const std::string key(field.key);
    const std::string allowed = describe_allowed(field);
    if (key.starts_with(std::string(kToleranceTable) + ".")) {
      if (!has_tolerance) {
        has_tolerance = true;
        known.emplace_back(kToleranceTable);
        tolerance = reader.read_table(root, std::string(kToleranceTable), true, kToleranceAllowed);
      }
      tolerance_known.push_back(key.substr(kToleranceTable.size() + 1));
      if (tolerance == nullptr) continue;
      if (auto value = reader.read_number(*tolerance, key, true, field.whole, allowed)) {
        field.set(params, *value);
      }
      continue;
    }
    known.push_back(key);
    if (auto value = reader.read_number(root, key, !field.optional_in_file, field.whole, allowed)) {
      field.set(params, *value);  // kept out of range: validate_level then names the limits
    }
  }
  if (tolerance != nullptr) {
    reader.flag_unknown_keys(*tolerance, std::string(kToleranceTable), tolerance_known);
  }
}

void read_guided_path(TomlFieldReader& reader, const toml::table& root,
                      GuidedMovementParams& params, std::vector<std::string>& known) {
  known.insert(known.end(), {"axis", "direction"});
  if (auto name = reader.read_string(root, "axis", true, kAxisAllowed)) {
    if (auto axis = parse_axis(*name)) {
      params.axis = *axis;
    } else {
      reader.add_problem("axis", "is " + toml_string(*name) + "; it " + std::string(kAxisAllowed));
    }
  }
  if (auto name = reader.read_string(root, "direction", true, kDirectionAllowed)) {
    if (auto direction = parse_movement_direction(*name)) {
      params.direction = *direction;
    } else {
      reader.add_problem("direction",
                         "is " + toml_string(*name) + "; it " + std::string(kDirectionAllowed));
    }
  }
}

LevelFileResult parse_with(TomlFieldReader& reader, std::string_view text) {
  auto root = reader.parse(text);
  if (!root) return {std::nullopt, reader.problems()};

  Level level;
  std::vector<std::string> known{"id", "title", "instruction", "exercise",
                                 "sensory_trick_allowed"};
  level.id = reader.read_string(*root, "id", true, kIdAllowed).value_or("");
  level.title = reader.read_string(*root, "title", true, kTitleAllowed).value_or("");
  level.instruction =
      reader.read_string(*root, "instruction", true, kInstructionAllowed).value_or("");
  level.sensory_trick_allowed =
      reader.read_bool(*root, "sensory_trick_allowed", true, kTrickAllowed).value_or(false);
  bool type_known = false;
  if (auto name = reader.read_string(*root, "exercise", true, exercise_allowed())) {
    if (auto type = parse_exercise_type(*name)) {
      type_known = true;
      level.params = default_params(*type);
      read_numbers(reader, *root, *type, level.params, known);
      if (auto* guided = std::get_if<GuidedMovementParams>(&level.params)) {
        read_guided_path(reader, *root, *guided, known);
      }
    } else {
      reader.add_problem("exercise",
                         "is " + toml_string(*name) + "; it " + std::string(exercise_allowed()));
    }
  }
  if (type_known) reader.flag_unknown_keys(*root, "", known);

  // The numbers of an unknown exercise were never read: nothing to check them against.
  auto problems = reader.all_problems(type_known ? validate_level(level) : std::vector<FieldProblem>{});
  if (!problems.empty()) return {std::nullopt, std::move(problems)};
  return {LoadedLevel{std::move(level), reader.file(), reader.positions()}, {}};
}

}  // namespace

LevelFileResult parse_level(std::string_view text, const std::string& file) {
  TomlFieldReader reader(file);
  return parse_with(reader, text);
}

LevelFileResult load_level_file(const std::filesystem::path& path) {
  TomlFieldReader reader(path.string());
  const auto text = reader.read_file(path);
  if (!text) return {std::nullopt, reader.problems()};
  return parse_with(reader, *text);
}

const LoadedLevel* LevelLibrary::find(std::string_view id) const {
  for (const auto& loaded : levels) {
    if (loaded.level.id == id) return &loaded;
  }
  return nullptr;
}

LevelLibrary load_levels(std::span<const std::filesystem::path> paths) {
  LevelLibrary library;
  auto load_one = [&library](const std::filesystem::path& file) {
    ++library.files_read;
    auto result = load_level_file(file);
    if (result.level) {
      if (const auto* earlier = library.find(result.level->level.id)) {
        result.problems = place_problems(
            std::vector<FieldProblem>{{"id", toml_string(result.level->level.id) + " is already used by " + earlier->file +
                        "; each level needs its own id"}},
            result.level->file, result.level->positions);
        result.level.reset();
      }
    }
    if (result.level) {
      library.levels.push_back(std::move(*result.level));
    } else {
      ++library.broken_files;
    }
    library.problems.insert(library.problems.end(), result.problems.begin(),
                            result.problems.end());
  };

  for (const auto& path : paths) {
    std::error_code error;
    if (!std::filesystem::is_directory(path, error)) {
      load_one(path);
      continue;
    }
    std::vector<std::filesystem::path> files;
    for (std::filesystem::directory_iterator entry(path, error), end; !error && entry != end;
         entry.increment(error)) {
      if (entry->path().extension() == ".toml" && !entry->is_directory(error)) {
        files.push_back(entry->path());
      }
    }
    if (error) {
      library.problems.push_back({path.string(), {}, "folder", "cannot be read: " + error.message()});
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) load_one(file);
  }
  return library;
}

LevelFolders level_folders(const std::filesystem::path& chosen,
                           const std::filesystem::path& shipped,
                           const std::filesystem::path& data_dir) {
  if (!chosen.empty()) return {chosen};
  if (data_dir.empty()) return {shipped};
  return {shipped, data_dir / "levels"};
}

LevelLibrary load_levels(const LevelFolders& folders) {
  const std::filesystem::path shipped_folder[] = {folders.shipped};
  LevelLibrary library = load_levels(shipped_folder);
  std::error_code error;
  if (!folders.own || !std::filesystem::is_directory(*folders.own, error)) return library;
  const std::filesystem::path own_folder[] = {*folders.own};
  LevelLibrary own = load_levels(own_folder);
  std::erase_if(library.levels, [&own](const LoadedLevel& l) { return own.find(l.level.id); });
  for (LoadedLevel& level : own.levels) library.levels.push_back(std::move(level));
  std::sort(library.levels.begin(), library.levels.end(),
            [](const LoadedLevel& a, const LoadedLevel& b) { return a.level.id < b.level.id; });
  library.problems.insert(library.problems.end(), own.problems.begin(), own.problems.end());
  library.files_read += own.files_read;
  library.broken_files += own.broken_files;
  return library;
}

std::string level_to_toml(const Level& level) {
  const ExerciseType type = exercise_type(level.params);
  std::string out;
  // A comment ends at the line: a title's control characters (a stray carriage return) would
  // end it early and leave the rest as broken TOML (found by the level-parser fuzzer).
  std::string title_line = level.title;
  for (char& c : title_line)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  out += "# Midline level: " + title_line + "\n";
  out += "# Written by Midline's level editor. Each number's comment gives the range the safety\n";
  out += "# limits allow and why; `midline levels check FILE` checks an edited file.\n\n";
  out += "id = " + toml_string(level.id) + "\n";
  out += "title = " + toml_string(level.title) + "\n";
  out += "instruction = " + toml_string(level.instruction) + "\n";
  out += "exercise = " + toml_string(exercise_type_name(type)) + "\n";
  out += "sensory_trick_allowed = " + std::string(level.sensory_trick_allowed ? "true" : "false") +
         "\n";
  if (const auto* guided = std::get_if<GuidedMovementParams>(&level.params)) {
    out += "axis = " + toml_string(axis_name(guided->axis)) + "\n";
    out += "direction = " + toml_string(movement_direction_name(guided->direction)) +
           "  # away_from_pull: toward the side opposite the patient's pull\n";
  }
  out += "\n";
  std::string tolerance_lines;
  for (const auto& field : number_fields(type)) {
    std::string key(field.key);
    const std::string line_value = number_text(field.get(level.params));
    if (key.starts_with(std::string(kToleranceTable) + ".")) {
      key = key.substr(kToleranceTable.size() + 1);
      tolerance_lines += key + " = " + line_value + "  " + limits_comment(field) + "\n";
    } else {
      out += key + " = " + line_value + "  " + limits_comment(field) + "\n";
    }
  }
  if (!tolerance_lines.empty()) {
    out += "\n[tolerance_deg]  # how far from the target still counts, per axis\n" +
           tolerance_lines;
  }
  return out;
}

void save_level_file(const Level& level, const std::filesystem::path& path,
                     const ClinicianKey* seal_with) {
  EditedFile edited;
  edited.generated = level_to_toml(level);
  edited.generated_from = [](std::string_view text) -> std::optional<std::string> {
    const auto held = parse_level(text, "");
    if (!held.level) return std::nullopt;
    return level_to_toml(held.level->level);
  };
  edited.holds_value = [&level](std::string_view text) {
    const auto held = parse_level(text, "");
    return held.level && held.level->level == level;
  };
  save_edited_file(path, edited, seal_with);
}

}  // namespace midline
