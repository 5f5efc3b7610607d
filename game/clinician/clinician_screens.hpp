#pragma once
// The clinician's side of Midline (`midline levels edit`): behind the PIN, the levels of a
// folder to create, duplicate and edit through LevelEditor, with a preview of the edited level
// played by the demo head on the game's own exercise screen.

#include <filesystem>
#include <memory>
#include <string>

#include "levels/clinician_pin.hpp"
#include "levels/level_file.hpp"
#include "screens/screen.hpp"

namespace midline {

struct ClinicianSetup {
  LevelFolders levels;               // the level files edited, and where they are saved
  std::filesystem::path data_dir;    // holds the patients' plans
  bool from_game = false;  // opened from the game's home page: its pages lead back there
  double game_text_scale = 1.0;  // from the game: the player's text size, restored on the way back
  std::filesystem::path settings_dir = clinician_settings_dir();  // holds the PIN
  std::shared_ptr<const ClinicianKey> key{};  // after the PIN: seals what is saved
};

// The first screen: asks for the PIN, or says why clinician mode is unavailable (no PIN set
// by the administrator) and who can set it up.
std::unique_ptr<Screen> make_clinician_pin_screen(GameContext& ctx, ClinicianSetup setup);

struct ClinicianRunOptions {
  double quit_after_s = 0.0;   // > 0: end after that long
  std::string screenshot_dir;  // a PNG each time a new view appears
};

// Opens a window on the clinician screens with the demo head; returns the exit code.
// Throws on set-up failures (platform::NoDisplayError without a display).
int run_clinician(const ClinicianSetup& setup, const ClinicianRunOptions& options);

}  // namespace midline
