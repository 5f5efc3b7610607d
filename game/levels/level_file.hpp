#pragma once
// Level files (levels/*.toml): one level a file, in TOML a physiotherapist edits by hand.
// Loading never throws on what a file holds: each problem comes back as a FileProblem, the
// broken level is skipped, and the other levels still load.

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "levels/level.hpp"
#include "levels/problem.hpp"

namespace midline {

struct LoadedLevel {
  Level level;
  std::string file;          // as given to the loader; problems name it
  FieldPositions positions;  // where each field was written, for later problems (plans)
};

struct LevelFileResult {
  std::optional<LoadedLevel> level;  // nullopt when the file has any problem
  std::vector<FileProblem> problems;
};

// Parses and checks one level; `file` names it in problems.
LevelFileResult parse_level(std::string_view text, const std::string& file);
LevelFileResult load_level_file(const std::filesystem::path& path);

struct LevelLibrary {
  std::vector<LoadedLevel> levels;  // the good ones, sorted by file name within each folder
  std::vector<FileProblem> problems;
  int files_read = 0;
  int broken_files = 0;  // files that gave no level (a duplicate id breaks the second file)

  const LoadedLevel* find(std::string_view id) const;
};

// Loads every given file, and every *.toml file directly in every given folder.
LevelLibrary load_levels(std::span<const std::filesystem::path> paths);

// Where the game's levels come from: the shipped folder, and over it the clinic's own levels
// (DATA_DIR/levels) unless one folder was chosen alone (--levels). A level of the clinic's
// own replaces the shipped level with its id; the editor saves there, since an installed
// Midline's shipped folder cannot be written.
struct LevelFolders {
  std::filesystem::path shipped;
  std::optional<std::filesystem::path> own{};
  const std::filesystem::path& save_to() const { return own ? *own : shipped; }
};
// The folders a game or the editor uses: `chosen` alone when one is (--levels, the editor's
// folder argument); else `shipped` with the clinic's own levels in DATA_DIR/levels over it (no
// own levels when `data_dir` is empty: nothing is kept).
LevelFolders level_folders(const std::filesystem::path& chosen,
                           const std::filesystem::path& shipped,
                           const std::filesystem::path& data_dir);
// The levels of both folders, in id order; a broken level of the clinic's own is reported and
// the shipped one of its id kept.
LevelLibrary load_levels(const LevelFolders& folders);

// The level as a readable TOML file with a comment header; parse_level reads it back equal.
std::string level_to_toml(const Level& level);
class ClinicianKey;

// Writes the level to `path` through a temporary file, so a crash leaves the old file. A file
// already there keeps its comments, blank lines and order: only the values that changed are
// rewritten in its text (toml_text_edit.hpp); a new file is level_to_toml. Sealed with
// `seal_with` when given (file_seal.hpp). Throws std::runtime_error naming the path when it
// cannot be written.
void save_level_file(const Level& level, const std::filesystem::path& path,
                     const ClinicianKey* seal_with = nullptr);

}  // namespace midline
