// The one lookup of Midline's own files: the build tree's for a program that is not
// installed (these tests), and an installed prefix's for a program in that prefix's bin
// folder, wherever the prefix was put.

#include "program_files/program_files.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "storage/temp_dir.hpp"

namespace midline::program_files {
namespace {

namespace fs = std::filesystem;
using midline::testing::TempDir;

bool holds_level_files(const fs::path& folder) {
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(folder, error))
    if (entry.path().extension() == ".toml") return true;
  return false;
}

TEST(ProgramFiles, TheBuildTreeHoldsEachFile) {
  const ProgramFiles& files = program_files();
  EXPECT_FALSE(files.installed);
  EXPECT_TRUE(holds_level_files(files.levels)) << files.levels;
  EXPECT_TRUE(fs::is_regular_file(files.window_icon())) << files.window_icon();
  EXPECT_TRUE(fs::is_regular_file(files.page_table_extension)) << files.page_table_extension;
}

// A made-up install prefix holding a program: PREFIX/bin/midline and its data folder.
fs::path make_prefix(const fs::path& prefix) {
  const fs::path program = prefix / installed_bin_dir() / "midline";
  fs::create_directories(program.parent_path());
  std::ofstream(program) << "";
  fs::create_directories(prefix / installed_data_dir() / "levels");
  fs::create_directories(prefix / installed_data_dir() / "assets");
  fs::create_directories(prefix / installed_lib_dir());
  return program;
}

TEST(ProgramFiles, AnInstalledProgramFindsItsFilesUnderItsOwnPrefix) {
  TempDir dir;
  const fs::path prefix = dir.path() / "moved" / "prefix";
  const ProgramFiles files = program_files_for(make_prefix(prefix));
  EXPECT_TRUE(files.installed);
  EXPECT_EQ(files.levels, prefix / installed_data_dir() / "levels");
  EXPECT_EQ(files.assets, prefix / installed_data_dir() / "assets");
  EXPECT_EQ(files.window_icon().parent_path().parent_path().parent_path(), files.assets);
  EXPECT_EQ(files.page_table_extension, prefix / installed_lib_dir() / "midline_page_table.so");
}

TEST(ProgramFiles, AProgramSpelledWithDotsFindsTheSamePrefix) {
  TempDir dir;
  const fs::path prefix = dir.path() / "prefix";
  make_prefix(prefix);
  const ProgramFiles files =
      program_files_for(prefix / "share" / ".." / installed_bin_dir() / "." / "midline");
  EXPECT_TRUE(files.installed);
  EXPECT_EQ(files.levels, prefix / installed_data_dir() / "levels");
}

TEST(ProgramFiles, WithoutAnInstalledDataFolderItIsTheBuildTree) {
  TempDir dir;
  const fs::path program = make_prefix(dir.path());
  fs::remove_all(dir.path() / installed_data_dir());
  const ProgramFiles files = program_files_for(program);
  EXPECT_FALSE(files.installed);
  EXPECT_EQ(files.levels, program_files().levels);
  EXPECT_EQ(files.page_table_extension, program_files().page_table_extension);
}

TEST(ProgramFiles, AProgramOutsideTheBinFolderIsNotTakenForAnInstalledOne) {
  TempDir dir;
  make_prefix(dir.path());
  // A build folder's program beside a data folder of the same name is still the build's.
  const fs::path program = dir.path() / "game" / "midline";
  EXPECT_FALSE(program_files_for(program).installed);
  EXPECT_FALSE(program_files_for(fs::path()).installed);
}

}  // namespace
}  // namespace midline::program_files
