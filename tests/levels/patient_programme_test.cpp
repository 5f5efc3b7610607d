// One call for the game: levels, plan, the patient's levels and progression together.

#include <gtest/gtest.h>

#include <fstream>

#include "levels/level_files.hpp"
#include "levels/patient_programme.hpp"

namespace midline {
namespace {

class PatientProgrammeFiles : public testing::TempFolderTest {
 protected:
  std::filesystem::path levels_dir() const {
    return std::filesystem::path(MIDLINE_SOURCE_DIR) / "levels";
  }
};

TEST_F(PatientProgrammeFiles, ThePatientsPlanGivesTheLevelsAndWhereTheyStand) {
  std::filesystem::create_directories(folder_ / "plans");
  std::filesystem::copy_file(levels_dir() / "plans/example.toml", folder_ / "plans/P-1.toml");
  // Mastery in the example: 4 of the latest 5 sessions.
  std::vector<SessionResult> history;
  for (int i = 0; i < 5; ++i) history.push_back({"00-range-check", true});
  for (int i = 0; i < 5; ++i) history.push_back({"01-find-your-midline", i != 2});

  const auto programme = load_patient_programme(levels_dir(), folder_, "P-1", history);
  for (const auto& problem : programme.problems) ADD_FAILURE() << format_problem(problem);
  EXPECT_TRUE(programme.plan_from_file);
  EXPECT_EQ(programme.plan.patient, "Example patient");
  ASSERT_EQ(programme.levels.size(), 9u);
  ASSERT_TRUE(programme.progression.current.has_value());
  EXPECT_EQ(programme.levels[*programme.progression.current].id, "02-stay-a-little-longer");
  // The plan's pull is to the left, so "away from the pull" turns right.
  EXPECT_EQ(std::get<GuidedMovementParams>(programme.levels[3].params).direction,
            MovementDirection::right);
}

TEST_F(PatientProgrammeFiles, WithoutAPlanTheLadderIsPlayedWithoutPullLevels) {
  const auto programme = load_patient_programme(levels_dir(), folder_, "P-2", {});
  EXPECT_FALSE(programme.plan_from_file);
  EXPECT_EQ(programme.plan.patient, "P-2");
  // The two "away from the pull" levels need a pull the default plan does not record.
  EXPECT_EQ(programme.levels.size(), programme.plan.levels.size() - 2);
  EXPECT_EQ(programme.problems.size(), 2u);
  for (const auto& problem : programme.problems) EXPECT_EQ(problem.field, "direction");
  EXPECT_EQ(*programme.progression.current, 0u);
}

TEST_F(PatientProgrammeFiles, ABrokenPlanIsReportedAndTheDefaultPlanUsed) {
  std::filesystem::create_directories(folder_ / "plans");
  std::ofstream(folder_ / "plans/P-3.toml") << "patient = \"P-3\"\nlevels = [\n";
  const auto programme = load_patient_programme(levels_dir(), folder_, "P-3", {});
  EXPECT_FALSE(programme.plan_from_file);
  ASSERT_FALSE(programme.problems.empty());
  EXPECT_EQ(programme.problems.front().file, (folder_ / "plans/P-3.toml").string());
  EXPECT_FALSE(programme.levels.empty());
}

}  // namespace
}  // namespace midline
