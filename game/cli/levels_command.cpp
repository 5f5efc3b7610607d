#include "cli/levels_command.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

#include "clinician/clinician_screens.hpp"
#include "levels/level_file.hpp"
#include "levels/patient_plan.hpp"

namespace midline {

LevelsCommand::LevelsCommand(CLI::App& app) {
  CLI::App* levels = app.add_subcommand("levels", "Work with level files");
  levels->require_subcommand(1);
  check_ = levels->add_subcommand(
      "check",
      "Check level files and folders of levels against the format and the safety limits; "
      "prints file:line:column: field: message for each problem and exits 1 when any "
      "level is broken");
  check_->add_option("paths", paths_, "Level files (.toml) or folders of them")->required();
  check_->add_option("--plan", plan_,
                     "A patient's plan: also check it, and its levels against this patient");
  edit_ = levels->add_subcommand(
      "edit", "The clinician's level editor (behind the clinician PIN), in a window");
  edit_->add_option("folder", edit_folder_, "The folder of level files to edit")
      ->capture_default_str();
  edit_->add_option("--data-dir", data_dir_, "Midline's data folder (holds the PIN's hash)")
      ->required();
  edit_->add_option("--quit-after", quit_after_s_, "End after SECONDS")
      ->check(CLI::PositiveNumber);
  edit_->add_option("--screenshot-dir", screenshot_dir_,
                    "Save a PNG here each time a new view appears");
}

bool LevelsCommand::chosen() const { return check_->parsed() || edit_->parsed(); }

int LevelsCommand::run() const {
  if (edit_->parsed()) {
    try {
      return run_clinician({edit_folder_, data_dir_}, {quit_after_s_, screenshot_dir_});
    } catch (const std::exception& error) {
      std::cerr << "midline levels edit: " << error.what() << "\n";
      return 1;
    }
  }
  return check_levels({paths_.begin(), paths_.end()}, plan_, std::cout);
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

}  // namespace midline
