#pragma once
// Where Midline's own files are: the level files, the assets (icons) and the page-table
// extension `midline recover` loads. One lookup for all of them, from where the running
// program is: an installed Midline (PREFIX/bin/midline) finds them where `cmake --install`
// put them, under PREFIX/share/midline and PREFIX/lib/midline, wherever PREFIX was moved;
// any other program (the build tree's midline, the tests) finds them where this build made
// them. No SDL here: storage uses it too.

#include <filesystem>

namespace midline::program_files {

struct ProgramFiles {
  bool installed = false;                      // an installed layout, not the build tree
  std::filesystem::path levels;                // the folder of level files
  std::filesystem::path assets;                // icons (see assets/README.md)
  std::filesystem::path page_table_extension;  // midline_page_table.so, for `midline recover`

  // The PNG the game window shows as its icon.
  std::filesystem::path window_icon() const;
};

// Where `cmake --install` puts each part, relative to the install prefix (CMake's
// GNUInstallDirs, as the install rules use): bin, share/midline, lib/midline by default.
std::filesystem::path installed_bin_dir();
std::filesystem::path installed_data_dir();
std::filesystem::path installed_lib_dir();

// The files for a program at `executable`: the installed layout around it when it sits in
// an install prefix's bin folder beside that prefix's data folder; else the build tree's.
ProgramFiles program_files_for(const std::filesystem::path& executable);

// The files for the running program (/proc/self/exe), looked up once.
const ProgramFiles& program_files();

}  // namespace midline::program_files
