// `midline levels check`: runs the real executable, as a physiotherapist would.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "levels/level_file.hpp"
#include "levels/level_files.hpp"

namespace midline {
namespace {

struct CommandRun {
  int exit_code = -1;
  std::string output;
};

CommandRun run_midline(const std::string& arguments) {
  const std::string command = std::string(MIDLINE_EXECUTABLE) + " " + arguments + " 2>&1";
  CommandRun run;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[4096];
  while (const std::size_t read = std::fread(buffer, 1, sizeof buffer, pipe)) {
    run.output.append(buffer, read);
  }
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

TEST(LevelsCheckCommand, TheShippedLadderPasses) {
  const CommandRun run = run_midline("levels check " + std::string(MIDLINE_SOURCE_DIR) + "/levels");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("0 broken"), std::string::npos) << run.output;
}

TEST(LevelsCheckCommand, ABrokenLevelIsPrintedAsFileLineColumnFieldAndFails) {
  const auto folder = std::filesystem::path(::testing::TempDir()) / "levels-check-broken";
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  std::ofstream(folder / "good.toml") << level_to_toml(testing::valid_hold_level());
  const std::string broken_text = testing::replace_line(
      level_to_toml(testing::valid_guided_level()), "speed_deg_per_s =", "speed_deg_per_s = 30");
  std::ofstream(folder / "fast.toml") << broken_text;
  const int line = testing::line_starting_with(broken_text, "speed_deg_per_s =");

  const CommandRun run = run_midline("levels check " + folder.string());
  EXPECT_EQ(run.exit_code, 1) << run.output;
  const std::string expected =
      (folder / "fast.toml").string() + ":" + std::to_string(line) + ":1: speed_deg_per_s: ";
  EXPECT_NE(run.output.find(expected), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("1 good, 1 broken"), std::string::npos) << run.output;
  std::filesystem::remove_all(folder);
}

TEST(LevelsCheckCommand, NoLevelFilesIsAFailure) {
  const auto folder = std::filesystem::path(::testing::TempDir()) / "levels-check-empty";
  std::filesystem::create_directories(folder);
  const CommandRun run = run_midline("levels check " + folder.string());
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("no level files"), std::string::npos) << run.output;
}

TEST(LevelsCheckCommand, APlanIsCheckedAgainstItsPatient) {
  const std::string source(MIDLINE_SOURCE_DIR);
  CommandRun run = run_midline("levels check " + source + "/levels --plan " + source +
                               "/levels/plans/example.toml");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("9 of 9 levels playable"), std::string::npos) << run.output;

  // The same patient with a smaller range to the right: the right turn (15 deg) goes past it.
  const auto plan = std::filesystem::path(::testing::TempDir()) / "levels-check-plan.toml";
  std::ifstream example(source + "/levels/plans/example.toml");
  std::string text((std::istreambuf_iterator<char>(example)), std::istreambuf_iterator<char>());
  std::ofstream(plan) << testing::replace_line(text, "rotation_right =", "rotation_right = 14");
  run = run_midline("levels check " + source + "/levels --plan " + plan.string());
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("10-turn-right.toml:"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find(": amplitude_deg: is 15 degrees, beyond"), std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("8 of 9 levels playable"), std::string::npos) << run.output;
  std::filesystem::remove(plan);
}

}  // namespace
}  // namespace midline
