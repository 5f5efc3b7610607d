// A store damaged inside (not only a file of garbage): checked when the game starts, set aside
// with its companions and replaced by a new one, with the patient told; an export leaves it as
// it is. Files with an unknown schema version are refused, untouched. Exports read without
// writing, on a read-only copy too.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>

#include "store_files.hpp"
#include "storage/schema.hpp"
#include "storage/session_store.hpp"
#include "temp_dir.hpp"

namespace midline::storage {
namespace {

namespace fs = std::filesystem;
using testing::contents;
using testing::set_aside_files;
using testing::overwrite;

// A real store: one patient, one finished session of `samples` head samples.
int64_t make_store(const fs::path& dir, int samples, bool leave_open = false) {
  SessionStore store(dir);
  const int64_t patient = store.add_patient("P-1", "Ann", 0).id;
  Database& db = store.database();
  db.execute(std::string("INSERT INTO sessions (patient_id, started_ms, last_activity_ms, "
                         "ended_ms, end_reason) VALUES (1, 1000, 61000, ") +
             (leave_open ? "NULL, NULL)" : "61000, 'finished')"));
  db.execute("WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < " +
             std::to_string(samples - 1) +
             ") INSERT INTO samples (session_id, t_ms, rotation_tenth_deg, tilt_tenth_deg, "
             "flexion_tenth_deg, quality_pct, face_lost, sensory_trick) "
             "SELECT 1, i * 40, i % 300, 0, 0, 90, 0, 0 FROM n");
  return patient;
}

int page_size_of(const fs::path& dir) {
  SessionStore store(dir, SessionStore::Mode::inspect);
  Statement q(store.database(), "PRAGMA page_size");
  q.step();
  return static_cast<int>(q.column_int(0));
}

int64_t root_page_of(const fs::path& dir, const std::string& table) {
  SessionStore store(dir, SessionStore::Mode::inspect);
  Statement q(store.database(), "SELECT rootpage FROM sqlite_schema WHERE name = ?1");
  q.bind(1, table);
  EXPECT_TRUE(q.step());
  return q.column_int(0);
}

void expect_set_aside_at_start(const fs::path& dir, const std::string& damaged_bytes) {
  SessionStore store(dir);  // the game's start
  ASSERT_EQ(store.notices().size(), 1u);
  const std::string& notice = store.notices()[0];
  const auto aside = set_aside_files(dir);
  ASSERT_EQ(aside.size(), 1u);
  EXPECT_NE(notice.find(aside[0].string()), std::string::npos) << notice;
  EXPECT_NE(notice.find("midline recover"), std::string::npos) << notice;
  EXPECT_EQ(contents(aside[0]), damaged_bytes);  // renamed, not changed
  // The new store works, and the next start is quiet.
  EXPECT_TRUE(store.patients().empty());
  store.add_patient("P-1", "Ann", 1);
  SessionStore again(dir);
  EXPECT_TRUE(again.notices().empty());
}

TEST(Integrity, RandomBytesInTheMiddleOfAStoreSetItAsideAtStart) {
  testing::TempDir dir;
  make_store(dir.path(), 40000);
  const fs::path file = SessionStore::database_file(dir.path());
  const auto size = static_cast<int64_t>(fs::file_size(file));
  ASSERT_GT(size, 256 * 1024);
  overwrite(file, size / 2, 64 * 1024, 7);  // 64 KiB in the middle of the samples
  const std::string damaged = contents(file);
  {  // an export says so and leaves the file alone
    bool refused = false;
    try {
      SessionStore exporting(dir.path(), SessionStore::Mode::inspect);
      for (const auto& s : exporting.sessions(1)) (void)exporting.samples(s.id);
    } catch (const StorageError& e) {
      refused = e.is_corruption();
    }
    EXPECT_TRUE(refused);
    EXPECT_EQ(contents(file), damaged);
    EXPECT_TRUE(set_aside_files(dir.path()).empty());
  }
  expect_set_aside_at_start(dir.path(), damaged);
}

TEST(Integrity, ADamagedRootPageOfTheSamplesIsSetAsideAtStart) {
  testing::TempDir dir;
  make_store(dir.path(), 20000);
  const fs::path file = SessionStore::database_file(dir.path());
  const int page = page_size_of(dir.path());
  const int64_t root = root_page_of(dir.path(), "samples");
  overwrite(file, (root - 1) * page, static_cast<size_t>(page), 11);
  expect_set_aside_at_start(dir.path(), contents(file));
}

TEST(Integrity, AfterAnUncleanEndADamagedIndexIsSetAsideAtStart) {
  testing::TempDir dir;
  make_store(dir.path(), 2000, /*leave_open=*/true);  // as a crash leaves it
  const fs::path file = SessionStore::database_file(dir.path());
  const int page = page_size_of(dir.path());
  // One byte of an index entry's key changed, the kind of damage only a check that reads the
  // index finds.
  const int64_t index_root = root_page_of(dir.path(), "sessions_by_patient");
  {
    std::fstream f(file, std::ios::binary | std::ios::in | std::ios::out);
    std::string bytes(static_cast<size_t>(page), '\0');
    f.seekg((index_root - 1) * page);
    f.read(bytes.data(), page);
    // The last bytes of the page hold the one index entry's record: change its key.
    bytes[static_cast<size_t>(page) - 2] ^= 0x55;
    f.seekp((index_root - 1) * page);
    f.write(bytes.data(), page);
  }
  expect_set_aside_at_start(dir.path(), contents(file));
}

TEST(Integrity, DamageSQLiteMeetsWhileTheGameRunsSetsTheFileAsideAtTheNextStart) {
  testing::TempDir dir;
  make_store(dir.path(), 40000);
  const fs::path file = SessionStore::database_file(dir.path());
  const std::string sound = contents(file);
  {
    SessionStore game(dir.path());  // checked at start: sound
    const auto size = static_cast<int64_t>(sound.size());
    overwrite(file, size / 2, 64 * 1024, 13);
    sqlite3_db_release_memory(game.database().handle());  // read the pages from the file again
    EXPECT_THROW(game.samples(1), StorageError);
  }
  // The damage came and went (a failing disk): the start's check alone would pass the file now,
  // and the patient would meet the same error on every start.
  std::ofstream(file, std::ios::binary | std::ios::trunc) << sound;
  expect_set_aside_at_start(dir.path(), sound);
  EXPECT_FALSE(fs::exists(file.string() + ".damaged"));
}

TEST(Integrity, AnUnknownSchemaVersionIsRefusedClearlyAndLeftUntouched) {
  for (const int version : {-1, kSchemaVersion + 1, 1'000'000}) {
    testing::TempDir dir;
    make_store(dir.path(), 10);
    const fs::path file = SessionStore::database_file(dir.path());
    {
      Database db(file, Database::Access::create);
      db.execute("PRAGMA user_version = " + std::to_string(version));
    }
    const std::string before = contents(file);
    for (const auto mode :
         {SessionStore::Mode::read, SessionStore::Mode::inspect, SessionStore::Mode::record}) {
      try {
        SessionStore store(dir.path(), mode);
        ADD_FAILURE() << "schema version " << version << " was opened";
      } catch (const StorageError& e) {
        const std::string said = e.what();
        EXPECT_NE(said.find("schema version " + std::to_string(version)), std::string::npos)
            << said;
        EXPECT_NE(said.find("left untouched"), std::string::npos) << said;
      }
      EXPECT_EQ(contents(file), before);
      EXPECT_TRUE(set_aside_files(dir.path()).empty());
    }
  }
}

TEST(Inspect, NeverWritesAndReadsASessionACrashLeftOpenAsInterrupted) {
  testing::TempDir dir;
  make_store(dir.path(), 500, /*leave_open=*/true);
  const fs::path file = SessionStore::database_file(dir.path());
  ::chmod(file.c_str(), 0400);  // a read-only copy (root could still write: the bytes tell)
  const std::string before = contents(file);
  {
    SessionStore exporting(dir.path(), SessionStore::Mode::inspect);
    const auto sessions = exporting.sessions(1);
    ASSERT_EQ(sessions.size(), 1u);
    EXPECT_EQ(sessions[0].end_reason, EndReason::interrupted);
    EXPECT_EQ(exporting.samples(sessions[0].id).size(), 500u);
    EXPECT_TRUE(exporting.notices().empty());
  }
  EXPECT_EQ(contents(file), before);
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0400u);
}

TEST(Inspect, AStoreFromAnOlderMidlineIsReadWithoutBeingMigrated) {
  testing::TempDir dir;
  const fs::path file = SessionStore::database_file(dir.path());
  {
    Database db(file, Database::Access::create);
    migrate(db, 1);
    db.execute("INSERT INTO patients (pseudonym, display_name, created_ms) VALUES ('P-7', '', 5)");
    db.execute(
        "INSERT INTO sessions (patient_id, started_ms, last_activity_ms, ended_ms, "
        "end_reason) VALUES (1, 10, 20, 20, 'finished')");
    db.execute("INSERT INTO samples VALUES (1, 0, 50, 0, 0, 90, 0, 0, NULL, NULL)");
  }
  const std::string before = contents(file);
  SessionStore exporting(dir.path(), SessionStore::Mode::inspect);
  ASSERT_EQ(exporting.sessions(1).size(), 1u);
  const auto samples = exporting.samples(1);
  ASSERT_EQ(samples.size(), 1u);
  EXPECT_TRUE(samples[0].calibrated);  // the migration's default, in the copy read
  EXPECT_EQ(contents(file), before);
  Database check(file, Database::Access::read_only);
  EXPECT_EQ(schema_version(check), 1);
}

}  // namespace
}  // namespace midline::storage
