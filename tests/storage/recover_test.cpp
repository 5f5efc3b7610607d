// `midline recover`: every readable row of a store damaged inside comes out into a new store
// that opens as usual, through SQLite's own recovery; the damaged file is never changed.

#include "store_files.hpp"
#include "storage/recover.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>

#include "storage/session_store.hpp"
#include "temp_dir.hpp"

namespace midline::storage {
namespace {

namespace fs = std::filesystem;
using testing::contents;
using testing::overwrite;

constexpr int kSamples = 30000;

// A real store: two patients, a session each; the first with kSamples head samples.
void make_store(const fs::path& dir) {
  SessionStore store(dir);
  store.add_patient("P-1", "Ann", 0);
  store.add_patient("P-2", "Bob", 0);
  Database& db = store.database();
  db.execute(
      "INSERT INTO sessions (patient_id, started_ms, last_activity_ms, ended_ms, "
      "end_reason) VALUES (1, 1000, 61000, 61000, 'finished'), "
      "(2, 2000, 9000, 9000, 'finished')");
  db.execute(
      "INSERT INTO exercises (session_id, ordinal, exercise_type, started_ms) "
      "VALUES (1, 1, 'hold_midline', 1000)");
  db.execute("WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < " +
             std::to_string(kSamples - 1) +
             ") INSERT INTO samples (session_id, t_ms, rotation_tenth_deg, tilt_tenth_deg, "
             "flexion_tenth_deg, quality_pct, face_lost, sensory_trick) "
             "SELECT 1, i * 40, i % 300, 0, 0, 90, 0, 0 FROM n");
}

int64_t pragma(const fs::path& dir, const std::string& sql) {
  SessionStore store(dir, SessionStore::Mode::inspect);
  Statement q(store.database(), sql);
  q.step();
  return q.column_int(0);
}

RecoveryResult recover_and_check(const fs::path& damaged, const fs::path& into) {
  const std::string before = contents(damaged);
  const RecoveryResult r = recover_database(damaged, into);
  EXPECT_EQ(contents(damaged), before);  // only read
  EXPECT_EQ(r.database, SessionStore::database_file(into));
  // The new store opens as any other, for the game and for exports.
  SessionStore store(into, SessionStore::Mode::inspect);
  EXPECT_EQ(store.patients().size(), 2u);
  const auto ann = store.find_patient("P-1");
  EXPECT_TRUE(ann && ann->display_name == "Ann");
  EXPECT_EQ(store.sessions(1).size(), 1u);
  EXPECT_EQ(static_cast<int64_t>(store.samples(1).size()), r.samples);
  return r;
}

TEST(Recover, RandomBytesInTheMiddleLoseOnlyTheRowsOnThosePages) {
  testing::TempDir dir;
  make_store(dir.path());
  const fs::path file = SessionStore::database_file(dir.path());
  const int64_t page = pragma(dir.path(), "PRAGMA page_size");
  const auto size = static_cast<int64_t>(fs::file_size(file));
  const size_t damaged_bytes = 16 * static_cast<size_t>(page);
  overwrite(file, size / 2 / page * page, damaged_bytes, 3);
  const RecoveryResult r = recover_and_check(file, dir.path() / "recovered");
  EXPECT_EQ(r.patients, 2);
  EXPECT_EQ(r.sessions, 2);
  EXPECT_EQ(r.exercises, 1);
  // About 16 leaf pages of samples are gone (each holds a few hundred); everything else is back.
  EXPECT_LT(r.samples, kSamples);
  EXPECT_GT(r.samples, kSamples - 16 * page / 10);
}

TEST(Recover, SamplesBehindADamagedRootPageComeBack) {
  testing::TempDir dir;
  make_store(dir.path());
  const fs::path file = SessionStore::database_file(dir.path());
  const int64_t page = pragma(dir.path(), "PRAGMA page_size");
  const int64_t root =
      pragma(dir.path(), "SELECT rootpage FROM sqlite_schema WHERE name = 'samples'");
  overwrite(file, (root - 1) * page, static_cast<size_t>(page), 5);
  const RecoveryResult r = recover_and_check(file, dir.path() / "recovered");
  EXPECT_GT(r.samples_from_lost_pages, kSamples * 9 / 10);
  EXPECT_GT(r.samples, kSamples * 9 / 10);
}

TEST(Recover, NeverWritesIntoAFolderThatHoldsAStore) {
  testing::TempDir dir;
  make_store(dir.path());
  const fs::path file = SessionStore::database_file(dir.path());
  const std::string before = contents(file);
  EXPECT_THROW(recover_database(file, dir.path()), StorageError);
  EXPECT_EQ(contents(file), before);
  EXPECT_THROW(recover_database(dir.path() / "missing.db", dir.path() / "out"), StorageError);
  {  // a database, but not Midline's
    Database other(dir.path() / "other.db", Database::Access::create);
    other.execute("CREATE TABLE t (x); INSERT INTO t VALUES (1)");
  }
  EXPECT_THROW(recover_database(dir.path() / "other.db", dir.path() / "out"), StorageError);
  EXPECT_FALSE(fs::exists(dir.path() / "out" / "midline.db"));
}

}  // namespace
}  // namespace midline::storage
