#pragma once
// `midline levels`: level files and the clinician's editor.
//   midline levels check PATH... [--plan FILE]
//       checks level files and folders the way the game loads them, prints
//       `file:line:column: field: message` for each problem and exits 1 when any level is
//       broken; with a patient's plan, also checks the plan and its levels against that
//       patient (recorded range, the side of the pull).
//       Files changed outside the clinician's editor since it sealed them are reported too
//       (notes: they do not change the exit code).
//   midline levels edit [FOLDER] [--data-dir DIR]
//       the clinician's level editor, in a window, behind the clinician PIN.
// `midline clinician set-pin`: the administrator sets the clinician PIN (clinician_pin.hpp).

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iosfwd>
#include <vector>

namespace midline::cli {

// The check itself: problems and a summary on `out`; 0 when every level (and the plan, when
// `plan` is not empty) is good.
int check_levels(const std::vector<std::filesystem::path>& paths,
                 const std::filesystem::path& plan, std::ostream& out);

// Registers the subcommand; when chosen it runs during parsing and ends it with
// CLI::RuntimeError carrying the exit code (0 on success), which CLI::App::exit returns.
void add_levels_command(CLI::App& app);
// `midline clinician set-pin`, registered and run the same way.
void add_clinician_command(CLI::App& app);

}  // namespace midline::cli
