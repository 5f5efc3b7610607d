#pragma once
// Copying what is readable out of a damaged session database, with SQLite's own recovery (the
// sqlite3 shell's .recover), into a new session database that the game and `midline export`
// open as usual. The damaged file is only read, never changed.

#include <cstdint>
#include <filesystem>

namespace midline::storage {

struct RecoveryResult {
  std::filesystem::path database;  // the new session database
  int64_t patients = 0, sessions = 0, exercises = 0, samples = 0;
  int64_t samples_from_lost_pages = 0;  // found on pages no table led to any more
  int64_t rows_left_unplaced = 0;       // readable rows of no known table: its lost_and_found
};

// Recovers `damaged` (a session database, its -wal beside it read too) into
// `into_dir`/midline.db, which must not exist yet. Needs the `sqlite3` shell on the PATH.
// Throws StorageError naming what failed.
RecoveryResult recover_database(const std::filesystem::path& damaged,
                                const std::filesystem::path& into_dir);

}  // namespace midline::storage
