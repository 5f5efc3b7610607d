#include "cli/levels_command.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

#include "levels/level_file.hpp"

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
}

bool LevelsCommand::chosen() const { return check_->parsed(); }

int LevelsCommand::run() const {
  return check_levels({paths_.begin(), paths_.end()}, std::cout);
}

int check_levels(const std::vector<std::filesystem::path>& paths, std::ostream& out) {
  const LevelLibrary library = load_levels(paths);
  for (const auto& problem : library.problems) out << format_problem(problem) << "\n";
  if (library.files_read == 0) {
    out << "no level files (*.toml) found in the paths given\n";
    return 1;
  }
  out << library.files_read << (library.files_read == 1 ? " level file" : " level files")
      << " checked: " << library.levels.size() << " good, " << library.broken_files
      << " broken\n";
  return library.broken_files == 0 && library.problems.empty() ? 0 : 1;
}

}  // namespace midline
