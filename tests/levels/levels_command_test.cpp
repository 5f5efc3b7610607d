// `midline levels check`: runs the real executable, as a physiotherapist would.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "levels/clinician_pin.hpp"
#include "levels/file_seal.hpp"
#include "levels/level_file.hpp"
#include "levels/level_files.hpp"

namespace midline {
namespace {

struct CommandRun {
  int exit_code = -1;
  std::string output;
};

// `before` goes ahead of the command: environment settings, or a pipe into it.
CommandRun run_midline(const std::string& arguments, const std::string& before = {}) {
  const std::string command = before + std::string(MIDLINE_EXECUTABLE) + " " + arguments + " 2>&1";
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

class LevelsCommandFiles : public testing::TempFolderTest {
 protected:
  std::string with_settings() const { return "MIDLINE_CLINICIAN_DIR='" + settings().string() + "' "; }
  std::filesystem::path settings() const { return folder_ / "settings"; }
};

TEST_F(LevelsCommandFiles, FilesChangedOutsideTheEditorAreReportedToTheClinician) {
  install_pin(settings(), "31415926", minimal_pin_cost());
  const auto key = PinGate(settings()).try_pin("31415926", 0.0).key;
  ASSERT_NE(key, nullptr);
  const auto levels = folder_ / "levels";
  std::filesystem::create_directories(levels);
  save_level_file(testing::valid_hold_level(), levels / "hold-test.toml", key.get());
  save_level_file(testing::valid_guided_level(), levels / "guided-test.toml", key.get());
  std::ifstream in(levels / "guided-test.toml");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::ofstream(levels / "guided-test.toml")
      << testing::replace_line(text, "amplitude_deg =", "amplitude_deg = 14");  // by hand
  // A plan nobody saved in the editor (the patient's own, say).
  std::ifstream example(std::string(MIDLINE_SOURCE_DIR) + "/levels/plans/example.toml");
  const std::string plan_text((std::istreambuf_iterator<char>(example)), std::istreambuf_iterator<char>());
  std::ofstream(folder_ / "P-1.toml") << testing::replace_line(plan_text, "levels = [", "levels = [\"hold-test\",") ;

  const CommandRun run = run_midline("levels check " + levels.string(), with_settings());
  EXPECT_EQ(run.exit_code, 0) << run.output;  // hand edits are allowed; they are reported
  EXPECT_NE(run.output.find("note: " + (levels / "guided-test.toml").string() +
                            ": changed outside the clinician's editor"),
            std::string::npos)
      << run.output;
  EXPECT_EQ(run.output.find("hold-test.toml:"), std::string::npos) << run.output;  // as saved
  EXPECT_NE(run.output.find("1 file is not as the clinician last saved it in the editor"), std::string::npos)
      << run.output;

  const CommandRun with_plan = run_midline(
      "levels check " + levels.string() + " --plan " + (folder_ / "P-1.toml").string(), with_settings());
  EXPECT_NE(with_plan.output.find("note: " + (folder_ / "P-1.toml").string() +
                                  ": not saved in the clinician's editor"),
            std::string::npos)
      << with_plan.output;
}

TEST_F(LevelsCommandFiles, SetPinTakesThePinFromStandardInput) {
  CommandRun run = run_midline("clinician set-pin", "printf '1234\\n1234\\n' | " + with_settings());
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("8 to 16 digits"), std::string::npos) << run.output;
  EXPECT_FALSE(std::filesystem::exists(pin_path(settings())));

  run = run_midline("clinician set-pin", "printf '12345678\\n12345679\\n' | " + with_settings());
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("differ"), std::string::npos) << run.output;
  EXPECT_FALSE(std::filesystem::exists(pin_path(settings())));

  run = run_midline("clinician set-pin", "printf '27182818\\n27182818\\n' | " + with_settings());
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(PinGate(settings()).try_pin("27182818", 0.0).result, PinGate::Result::accepted);
}

TEST_F(LevelsCommandFiles, SetPinIsRefusedWhereOthersMayChangeTheFolder) {
  std::filesystem::create_directories(settings());
  std::filesystem::permissions(settings(), std::filesystem::perms(0777));
  const CommandRun run =
      run_midline("clinician set-pin", "printf '12345678\\n' | " + with_settings());
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("chmod go-w"), std::string::npos) << run.output;
  EXPECT_FALSE(std::filesystem::exists(pin_path(settings())));
}

}  // namespace
}  // namespace midline
