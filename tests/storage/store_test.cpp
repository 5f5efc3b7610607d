#include "storage/session_store.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "store_files.hpp"
#include "temp_dir.hpp"

namespace midline::storage {
namespace {

namespace fs = std::filesystem;
using testing::contents;
using testing::set_aside_files;

unsigned mode_of(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
  return st.st_mode & 0777;
}

TEST(SessionStore, TheDatabaseAndItsCompanionsAreReadableByTheOwnerOnly) {
  testing::TempDir dir;
  const fs::path data = dir.path() / "nested" / "midline";
  ::umask(022);  // a usual umask would give 0644
  SessionStore store(data);
  store.add_patient("P-1", "Ann", 1);  // forces the WAL file into being
  EXPECT_EQ(mode_of(data), 0700u);
  EXPECT_EQ(mode_of(store.file()), 0600u);
  EXPECT_EQ(mode_of(store.file().string() + "-wal"), 0600u);
}

TEST(SessionStore, AnExistingFileOpenToOthersIsNarrowedToTheOwner) {
  testing::TempDir dir;
  { SessionStore store(dir.path()); }
  const fs::path file = SessionStore::database_file(dir.path());
  ::chmod(file.c_str(), 0644);
  SessionStore store(dir.path());
  EXPECT_EQ(mode_of(file), 0600u);
}

TEST(SessionStore, ACorruptFileIsSetAsideUnchangedAndAFreshOneStarted) {
  testing::TempDir dir;
  const fs::path file = SessionStore::database_file(dir.path());
  const std::string garbage(8192, 'x');
  std::ofstream(file, std::ios::binary) << garbage;

  SessionStore store(dir.path(), SessionStore::Mode::record);
  ASSERT_EQ(store.notices().size(), 1u);
  EXPECT_NE(store.notices()[0].find(file.string()), std::string::npos) << store.notices()[0];
  const auto aside = set_aside_files(dir.path());
  ASSERT_EQ(aside.size(), 1u);
  EXPECT_NE(store.notices()[0].find(aside[0].string()), std::string::npos);
  EXPECT_EQ(contents(aside[0]), garbage);
  // The fresh database works.
  store.add_patient("P-1", "", 1);
  EXPECT_EQ(store.patients().size(), 1u);
}

TEST(SessionStore, TheGamesReaderAlsoSetsACorruptFileAside) {
  testing::TempDir dir;
  const fs::path file = SessionStore::database_file(dir.path());
  std::ofstream(file, std::ios::binary) << std::string(4096, 'z');
  SessionStore store(dir.path());  // Mode::read, with nobody recording
  ASSERT_EQ(store.notices().size(), 1u);
  ASSERT_EQ(set_aside_files(dir.path()).size(), 1u);
  EXPECT_EQ(contents(set_aside_files(dir.path())[0]), std::string(4096, 'z'));
  store.add_patient("P-1", "", 1);
}

TEST(SessionStore, InspectingACorruptFileReportsItAndLeavesItAlone) {
  testing::TempDir dir;
  const fs::path file = SessionStore::database_file(dir.path());
  const std::string garbage(8192, 'x');
  std::ofstream(file, std::ios::binary) << garbage;
  try {
    SessionStore store(dir.path(), SessionStore::Mode::inspect);  // an export, or progress
    FAIL() << "a corrupt file was opened for reading";
  } catch (const StorageError& e) {
    EXPECT_TRUE(e.is_corruption());
    EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
  }
  EXPECT_EQ(contents(file), garbage);
  EXPECT_TRUE(set_aside_files(dir.path()).empty());
}

TEST(SessionStore, ASecondCorruptFileNeverReplacesTheFirstOneSetAside) {
  testing::TempDir dir;
  const fs::path file = SessionStore::database_file(dir.path());
  std::ofstream(file, std::ios::binary) << std::string(4096, 'a');
  { SessionStore store(dir.path(), SessionStore::Mode::record); }
  fs::remove(file.string() + "-wal");
  fs::remove(file.string() + "-shm");
  std::ofstream(file, std::ios::binary | std::ios::trunc) << std::string(4096, 'b');
  { SessionStore store(dir.path(), SessionStore::Mode::record); }
  const auto aside = set_aside_files(dir.path());
  ASSERT_EQ(aside.size(), 2u);  // within the same second: a second, different name
  std::set<std::string> kept{contents(aside[0]), contents(aside[1])};
  EXPECT_TRUE(kept.count(std::string(4096, 'a')));
  EXPECT_TRUE(kept.count(std::string(4096, 'b')));
}

TEST(SessionStore, PatientsNeedAUniquePseudonym) {
  testing::TempDir dir;
  SessionStore store(dir.path());
  const Patient ann = store.add_patient("P-1", "Ann", 10);
  EXPECT_THROW(store.add_patient("P-1", "Bob", 11), std::invalid_argument);
  EXPECT_THROW(store.add_patient("", "Bob", 11), std::invalid_argument);
  ASSERT_TRUE(store.find_patient("P-1"));
  EXPECT_EQ(store.find_patient("P-1")->id, ann.id);
  EXPECT_FALSE(store.find_patient("P-2"));
}

TEST(SessionStore, InjectionDatesAreCheckedAndKeptInOrder) {
  testing::TempDir dir;
  SessionStore store(dir.path());
  const Patient p = store.add_patient("P-1", "", 0);
  store.add_injection({p.id, "2026-09-01", "200 U"});
  store.add_injection({p.id, "2026-06-02", ""});
  EXPECT_THROW(store.add_injection({p.id, "2026-13-01", ""}), std::invalid_argument);
  EXPECT_THROW(store.add_injection({p.id, "1 June", ""}), std::invalid_argument);
  const auto injections = store.injections(p.id);
  ASSERT_EQ(injections.size(), 2u);
  EXPECT_EQ(injections[0].date, "2026-06-02");
  EXPECT_EQ(injections[1].note, "200 U");
}

}  // namespace
}  // namespace midline::storage
