#include "cli/levels_command.hpp"

#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "clinician/clinician_screens.hpp"
#include "levels/level_file.hpp"
#include "levels/patient_plan.hpp"
#include "storage/session_store.hpp"

namespace midline::cli {

namespace {

struct CheckOptions {
  std::vector<std::string> paths;
  std::string plan;
};

struct EditOptions {
  std::string folder = "levels";
  std::optional<std::string> data_dir;  // default: SessionStore::default_data_dir()
  double quit_after_s = 0.0;
  std::string screenshot_dir;
};

int edit_levels(const EditOptions& options) {
  try {
    const std::filesystem::path data_dir = options.data_dir
                                               ? std::filesystem::path(*options.data_dir)
                                               : storage::SessionStore::default_data_dir();
    return run_clinician({options.folder, data_dir},
                         {options.quit_after_s, options.screenshot_dir});
  } catch (const std::exception& error) {
    std::cerr << "midline levels edit: " << error.what() << "\n";
    return 1;
  }
}

}  // namespace

void add_levels_command(CLI::App& app) {
  CLI::App* levels = app.add_subcommand("levels", "Level files and the clinician's editor");
  levels->require_subcommand(1);

  auto check = std::make_shared<CheckOptions>();
  CLI::App* check_command = levels->add_subcommand(
      "check",
      "Check level files and folders of levels against the format and the safety limits; "
      "prints file:line:column: field: message for each problem and exits 1 when any "
      "level is broken");
  check_command->add_option("paths", check->paths, "Level files (.toml) or folders of them")
      ->required();
  check_command->add_option("--plan", check->plan,
                            "A patient's plan: also check it, and its levels against this patient");
  check_command->callback([check] {
    throw CLI::RuntimeError(check_levels({check->paths.begin(), check->paths.end()}, check->plan,
                                         std::cout));
  });

  auto edit = std::make_shared<EditOptions>();
  CLI::App* edit_command = levels->add_subcommand(
      "edit", "The clinician's level editor (behind the clinician PIN), in a window");
  edit_command->add_option("folder", edit->folder, "The folder of level files to edit")
      ->capture_default_str();
  edit_command->add_option("--data-dir", edit->data_dir,
                           "Midline's data folder, which holds the PIN's hash (default: the "
                           "game's)");
  edit_command->add_option("--quit-after", edit->quit_after_s, "End after SECONDS")
      ->check(CLI::PositiveNumber);
  edit_command->add_option("--screenshot-dir", edit->screenshot_dir,
                           "Save a PNG here each time a new view appears");
  edit_command->callback([edit] { throw CLI::RuntimeError(edit_levels(*edit)); });
}

int check_levels(const std::vector<std::filesystem::path>& paths,
                 const std::filesystem::path& plan, std::ostream& out) {
  const LevelLibrary library = load_levels(paths);
  for (const auto& problem : library.problems) out << format_problem(problem) << "\n";
  if (library.files_read == 0) {
    out << "no level files (*.toml) found in the paths given\n";
    return 1;
  }
  out << library.files_read << (library.files_read == 1 ? " level file" : " level files")
      << " checked: " << library.levels.size() << " good, " << library.broken_files
      << " broken\n";
  bool good = library.problems.empty();
  if (!plan.empty()) {
    const PlanFileResult loaded = load_plan_file(plan);
    std::vector<FileProblem> problems = loaded.problems;
    std::size_t playable = 0;
    if (loaded.plan) {
      const PatientLevels levels = levels_for_patient(*loaded.plan, library);
      problems = levels.problems;
      playable = levels.levels.size();
    }
    for (const auto& problem : problems) out << format_problem(problem) << "\n";
    if (loaded.plan) {
      out << "plan " << plan.string() << ": " << playable << " of "
          << loaded.plan->plan.levels.size() << " levels playable for this patient\n";
    } else {
      out << "plan " << plan.string() << ": broken\n";
    }
    good = good && problems.empty();
  }
  return good ? 0 : 1;
}

}  // namespace midline::cli
