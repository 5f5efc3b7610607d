#include "session/todays_plan.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "exercises/catalogue.hpp"

namespace midline {
namespace {

Level hold_level(const std::string& id) {
  Level l;
  l.id = id;
  l.title = "Hold " + id;
  l.instruction = "Rest at the middle.";
  HoldMidlineParams p;
  p.repetitions = 5;
  l.params = p;
  return l;
}

LevelLibrary library_of(const std::vector<Level>& levels) {
  LevelLibrary library;
  for (const Level& l : levels) library.levels.push_back({l, l.id + ".toml", {}});
  library.files_read = static_cast<int>(levels.size());
  return library;
}

LoadedPlan plan_of(const std::vector<std::string>& ids) {
  LoadedPlan plan;
  plan.plan.patient = "Test patient";
  plan.plan.levels = ids;
  plan.plan.mastery = {0.8, 2};
  plan.file = "plans/P-0001.toml";
  return plan;
}

std::vector<std::string> titles(const TodaysPlan& today) {
  std::vector<std::string> out;
  for (const PlannedExercise& e : today.exercises) out.push_back(e.level_id);
  return out;
}

TEST(TodaysPlan, WithoutAPlanPlaysTheLaddersFirstRungsThatExist) {
  const LevelLibrary library = library_of(
      {hold_level("01-find-your-midline"), hold_level("02-later"), hold_level("00-range-check")});
  const TodaysPlan today = todays_plan(library, std::nullopt, {});
  EXPECT_EQ(titles(today), (std::vector<std::string>{"01-find-your-midline", "00-range-check"}));
  EXPECT_EQ(today.name, "first levels");
  EXPECT_EQ(today.exercises[0].instruction, "Rest at the middle.");
}

TEST(TodaysPlan, WithoutLevelFilesFallsBackToTheBuiltInPlanAndSaysSo) {
  const TodaysPlan today = todays_plan(LevelLibrary{}, std::nullopt, {});
  EXPECT_EQ(today.exercises.size(), default_plan().size());
  EXPECT_EQ(today.name, "built-in plan");
  ASSERT_EQ(today.notes.size(), 1u);
}

TEST(TodaysPlan, APlanPractisesTheCurrentLevelAfterUpToTwoMasteredOnes) {
  const LevelLibrary library =
      library_of({hold_level("a"), hold_level("b"), hold_level("c"), hold_level("d")});
  LoadedPlan plan = plan_of({"a", "b", "c", "d"});
  plan.plan.midline_offset = {2.0, 0.0, 0.0};
  // a and b mastered (2 of the latest 2 successful), c not yet.
  const std::vector<SessionResult> history{
      {"a", true}, {"a", true}, {"b", false}, {"b", true}, {"b", true}, {"c", false}};
  const TodaysPlan today = todays_plan(library, plan, history);
  EXPECT_EQ(titles(today), (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_TRUE(today.shaping.start);
  EXPECT_EQ(today.shaping.start->rotation_deg, 2.0);
  EXPECT_EQ(today.shaping.mastered_levels, 2);  // a and b: the target steps twice toward 0

  const TodaysPlan first_day = todays_plan(library, plan, {});
  EXPECT_EQ(titles(first_day), (std::vector<std::string>{"a"}));
}

TEST(TodaysPlan, ALevelThePlanNamesButTheLibraryLacksIsReportedAndLeftOut) {
  const LevelLibrary library = library_of({hold_level("a")});
  const TodaysPlan today = todays_plan(library, plan_of({"missing", "a"}), {});
  EXPECT_EQ(titles(today), (std::vector<std::string>{"a"}));
  ASSERT_FALSE(today.notes.empty());
  EXPECT_NE(today.notes[0].find("missing"), std::string::npos) << today.notes[0];
}

// A new plan used to hold only the library's first level, the range check: days of sessions
// that measured and never practised until the check counted as mastered.
TEST(TodaysPlan, ANewPlansFirstSessionIsPracticeWithTheShippedLevels) {
  const std::filesystem::path folders[] = {std::filesystem::path(MIDLINE_SOURCE_DIR) / "levels"};
  const LevelLibrary library = load_levels(folders);
  ASSERT_TRUE(library.problems.empty());
  LoadedPlan plan;
  plan.plan = starting_plan("P-0001", library);
  plan.file = "plans/P-0001.toml";
  EXPECT_TRUE(validate_plan(plan.plan).empty());

  const TodaysPlan first = todays_plan(library, plan, {});
  EXPECT_TRUE(first.notes.empty()) << first.notes.front();
  ASSERT_FALSE(first.exercises.empty());
  for (const PlannedExercise& e : first.exercises)
    EXPECT_FALSE(exercise_kind(e.params).assessment) << e.level_id;

  // Still practice once the first level is mastered, and the range check comes in time.
  std::vector<SessionResult> history;
  std::vector<std::string> seen;
  for (int session = 0; session < 12; ++session) {
    const TodaysPlan today = todays_plan(library, plan, history);
    ASSERT_FALSE(today.exercises.empty());
    bool practises = false;
    for (const PlannedExercise& e : today.exercises) {
      practises |= !exercise_kind(e.params).assessment;
      history.push_back({e.level_id, true});
      seen.push_back(e.level_id);
    }
    EXPECT_TRUE(practises) << "session " << session + 1;
  }
  EXPECT_NE(std::find(seen.begin(), seen.end(), "00-range-check"), seen.end());
}

TEST(TodaysPlan, TheExamplePlanPractisesWhereItsPatientStandsAwayFromTheirPull) {
  const std::filesystem::path levels = std::filesystem::path(MIDLINE_SOURCE_DIR) / "levels";
  const std::filesystem::path folders[] = {levels};
  const LevelLibrary library = load_levels(folders);
  PlanFileResult loaded = load_plan_file(levels / "plans" / "example.toml");
  ASSERT_TRUE(loaded.plan);
  // Mastery in the example: 4 of the latest 5 sessions.
  std::vector<SessionResult> history;
  for (int i = 0; i < 5; ++i) history.push_back({"00-range-check", true});
  for (int i = 0; i < 5; ++i) history.push_back({"01-find-your-midline", i != 2});

  const TodaysPlan today = todays_plan(library, loaded.plan, history);
  EXPECT_TRUE(today.notes.empty()) << today.notes.front();
  ASSERT_FALSE(today.exercises.empty());
  EXPECT_EQ(today.exercises.back().level_id, "02-stay-a-little-longer");
  ASSERT_TRUE(today.daily);

  // The plan's pull is to the left, so "away from the pull" turns right.
  const PatientLevels mine = levels_for_patient(*loaded.plan, library);
  const auto away = std::find_if(mine.levels.begin(), mine.levels.end(),
                                 [](const Level& l) { return l.id == "07-turn-away-from-the-pull"; });
  ASSERT_NE(away, mine.levels.end());
  EXPECT_EQ(std::get<GuidedMovementParams>(away->params).direction, MovementDirection::right);
}

}  // namespace
}  // namespace midline
