#include "cli/levels_command.hpp"

#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "clinician/clinician_screens.hpp"
#include "levels/clinician_pin.hpp"
#include "levels/file_seal.hpp"
#include "levels/level_file.hpp"
#include "levels/patient_plan.hpp"
#include "program_files/program_files.hpp"
#include "storage/session_store.hpp"

namespace midline::cli {

namespace {

struct CheckOptions {
  std::vector<std::string> paths;
  std::string plan;
};

struct EditOptions {
  std::string folder;  // empty: the game's own folders
  std::optional<std::string> data_dir;  // default: SessionStore::default_data_dir()
  double quit_after_s = 0.0;
  std::string screenshot_dir;
};

int edit_levels(const EditOptions& options) {
  try {
    const std::filesystem::path data_dir = options.data_dir
                                               ? std::filesystem::path(*options.data_dir)
                                               : storage::SessionStore::default_data_dir();
    if (!options.folder.empty() && !std::filesystem::is_directory(options.folder))
      throw std::runtime_error("no such folder of levels: " + options.folder);
    const LevelFolders folders =
        level_folders(options.folder, program_files::program_files().levels, data_dir);
    return run_clinician({folders, data_dir, false, 1.0},
                         {options.quit_after_s, options.screenshot_dir});
  } catch (const std::exception& error) {
    std::cerr << "midline levels edit: " << error.what() << "\n";
    return 1;
  }
}

// One line from standard input; without echo when it is a terminal.
std::string read_secret_line(const char* prompt) {
  const bool terminal = ::isatty(STDIN_FILENO) != 0;
  termios saved{};
  if (terminal) {
    std::cerr << prompt << std::flush;
    ::tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (terminal) {
    ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::cerr << "\n";
  }
  return line;
}

int set_pin() {
  const std::filesystem::path settings = clinician_settings_dir();
  try {
    if (auto problem = settings_folder_problem(settings)) {
      std::cerr << "midline clinician set-pin: " << *problem << "\n";
      return 1;
    }
    const std::string pin = read_secret_line("New clinician PIN (8 to 16 digits): ");
    if (!is_acceptable_pin(pin)) {
      std::cerr << "midline clinician set-pin: a clinician PIN is " << kPinMinDigits << " to "
                << kPinMaxDigits << " digits; nothing was changed\n";
      return 1;
    }
    // Typed twice at a terminal; a script may give it once, or twice on two lines.
    const std::string again = read_secret_line("The same PIN again: ");
    if ((::isatty(STDIN_FILENO) != 0 || !again.empty()) && again != pin) {
      std::cerr << "midline clinician set-pin: the two PINs differ; nothing was changed\n";
      return 1;
    }
    install_pin(settings, pin);
    std::cout << "The clinician PIN is set in " << pin_path(settings).string()
              << ". Clinician mode and the calibration page's therapist buttons ask for it.\n";
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "midline clinician set-pin: " << error.what() << "\n";
    return 1;
  }
}

// Notes on the files changed outside the clinician's editor, when a PIN is set here.
void report_seals(const std::vector<std::filesystem::path>& files, std::ostream& out) {
  const auto public_key = read_seal_public_key(clinician_settings_dir());
  if (!public_key) return;  // no PIN set here: nothing to check the seals against
  int reported = 0;
  for (const auto& file : files) {
    if (!writable_here(file)) continue;  // a file this account cannot change needs no seal
    const std::string note = describe_seal(file, check_seal(file, *public_key));
    if (note.empty()) continue;
    out << "note: " << note << "\n";
    ++reported;
  }
  if (reported > 0) {
    out << reported
        << (reported == 1 ? " file is not as the clinician last saved it in the editor\n"
                          : " files are not as the clinician last saved them in the editor\n");
  }
}

}  // namespace

void add_clinician_command(CLI::App& app) {
  CLI::App* clinician = app.add_subcommand("clinician", "Clinician mode's set-up, for the administrator");
  clinician->require_subcommand(1);
  CLI::App* set_pin_command = clinician->add_subcommand(
      "set-pin",
      "Set the clinician PIN (8 to 16 digits, read from the terminal or standard input) in the "
      "clinician settings folder (" + clinician_settings_dir().string() +
      "; MIDLINE_CLINICIAN_DIR overrides it for installers and tests). Run as root or as the "
      "folder's owner; refused when others may change the folder");
  set_pin_command->callback([] { throw CLI::RuntimeError(set_pin()); });
}

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
  edit_command->add_option("folder", edit->folder,
                           "Edit this folder of level files alone (default: the shipped levels, "
                           "with the clinic's own in the data folder's levels/, where edits are "
                           "saved)");
  edit_command->add_option("--data-dir", edit->data_dir,
                           "Midline's data folder, which holds the patients' plans (default: "
                           "the game's)");
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
  std::vector<std::filesystem::path> checked_files;
  for (const auto& loaded : library.levels) checked_files.emplace_back(loaded.file);
  if (!plan.empty()) checked_files.push_back(plan);
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
  report_seals(checked_files, out);
  return good ? 0 : 1;
}

}  // namespace midline::cli
