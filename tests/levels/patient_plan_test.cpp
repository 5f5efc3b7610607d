// Patient plans: reading and writing, every limit, and the plan's levels for one patient.

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "levels/level_files.hpp"
#include "levels/patient_plan.hpp"
#include "levels/safety_limits.hpp"

namespace midline {
namespace {

using testing::line_starting_with;
using testing::replace_line;

constexpr const char* kPlanFile = "plans/p1.toml";

PatientPlan sample_plan() {
  PatientPlan plan;
  plan.patient = "P-0042";
  plan.levels = {"hold-test", "guided-test"};
  plan.tolerance_scale = 1.25;
  plan.pull.rotation = +1;
  plan.pull.tilt = -1;
  plan.midline_offset = {2.5, -1.0, 0.0};
  plan.flexion_zero_deg = -6.5;
  plan.range.tilt_left = 20.0;
  plan.range.extension = 30.0;
  plan.daily = {2, 30.0, 12.0, 45.0};
  plan.mastery = {0.75, 4};
  plan.progression = {"", "guided-test"};
  return plan;
}

FileProblem only_plan_problem(const std::string& text) {
  const auto result = parse_plan(text, kPlanFile);
  EXPECT_FALSE(result.plan.has_value());
  if (result.problems.size() != 1u) {
    ADD_FAILURE() << "expected one problem, got " << result.problems.size();
    for (const auto& problem : result.problems) ADD_FAILURE() << format_problem(problem);
    return {};
  }
  EXPECT_EQ(result.problems[0].file, kPlanFile);
  return result.problems[0];
}

// The line `key =` is written on inside `[table]` of `text`.
int line_in_table(const std::string& text, const std::string& table, const std::string& key) {
  const int table_line = line_starting_with(text, "[" + table + "]");
  const auto table_start = text.find("[" + table + "]");
  return table_line + line_starting_with(std::string_view(text).substr(table_start), key + " =") - 1;
}

TEST(PatientPlan, WrittenPlansReadBackTheSame) {
  const auto result = parse_plan(plan_to_toml(sample_plan()), kPlanFile);
  for (const auto& problem : result.problems) ADD_FAILURE() << format_problem(problem);
  ASSERT_TRUE(result.plan.has_value());
  EXPECT_TRUE(result.plan->plan == sample_plan());
}

// The flexion zero is the patient's, set once: a plan without one reads as not set (0), and
// one set reads back as set.
TEST(PatientPlan, AFlexionZeroIsKeptOnlyWhenSet) {
  PatientPlan plan = sample_plan();
  plan.flexion_zero_deg.reset();
  const auto unset = parse_plan(plan_to_toml(plan), kPlanFile);
  ASSERT_TRUE(unset.plan);
  EXPECT_FALSE(unset.plan->plan.flexion_zero_deg);
  EXPECT_FALSE(unset.plan->plan == sample_plan());  // -6.5 and none differ
  EXPECT_EQ(plan_number_label("flexion_zero_deg").find("Flexion zero"), 0u);
}

TEST(PatientPlan, EachLimitIsCheckedAtItsLine) {
  const std::string text = plan_to_toml(sample_plan());
  struct Case {
    std::string table, key, bad, message;
  };
  const std::vector<Case> cases{
      {"", "tolerance_scale", "0.4", "from 0.5 to 2"},
      {"midline_offset_deg", "rotation", "50", "from -45 to 45 degrees"},
      {"", "shaping_step_deg", "20", "from 0 to 15 degrees"},
      {"", "flexion_zero_deg", "16", "from -15 to 15 degrees"},
      {"range_deg", "tilt_left", "95", "from 5 to 90 degrees"},
      {"daily", "max_sessions", "7", "from 1 to 6"},
      {"daily", "max_sessions", "2.5", "not a whole number"},
      {"daily", "max_minutes", "4", "from 5 to 90 minutes"},
      {"daily", "minutes_per_session", "60", "from 3 to 45 minutes"},
      {"daily", "rest_after_set_s", "5", "from 10 to 180 seconds"},
      {"mastery", "success_rate", "0.3", "from 0.5 to 1"},
      {"mastery", "over_sessions", "0", "from 1 to 20"},
      {"pull", "rotation", "\"up\"", "\"left\", \"right\" or \"none\""},
      {"pull", "flexion", "\"left\"", "\"forward\""},
      {"progression", "hold_at", "\"05-a-full-minute\"", "not in the plan's levels"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.key + " = " + c.bad);
    std::string edited = text;
    int line = 0;
    if (c.table.empty()) {
      line = line_starting_with(text, c.key + " =");
      edited = replace_line(text, c.key + " =", c.key + " = " + c.bad);
    } else {
      line = line_in_table(text, c.table, c.key);
      const auto table_start = edited.find("[" + c.table + "]");
      edited = edited.substr(0, table_start) +
               replace_line(edited.substr(table_start), c.key + " =", c.key + " = " + c.bad);
    }
    const auto problem = only_plan_problem(edited);
    EXPECT_EQ(problem.position.line, line) << format_problem(problem);
    EXPECT_EQ(problem.field, c.table.empty() ? c.key : c.table + "." + c.key);
    EXPECT_NE(problem.message.find(c.message), std::string::npos) << format_problem(problem);
  }
}

TEST(PatientPlan, EveryProblemOfAPlanIsReportedInOneGo) {
  std::string text = plan_to_toml(sample_plan());
  text = replace_line(text, "tolerance_scale =", "tolerance_scale = 3");
  text = replace_line(text, "patient =", "patient = 42");
  text = replace_line(text, "max_minutes =", "max_minutes = 600");
  const auto result = parse_plan(text, kPlanFile);
  std::set<std::string> fields;
  for (const auto& problem : result.problems) fields.insert(problem.field);
  EXPECT_EQ(fields, (std::set<std::string>{"tolerance_scale", "patient", "daily.max_minutes"}));
}

TEST(PatientPlan, LevelListsMustNameLevelsOnceEach) {
  const std::string text = plan_to_toml(sample_plan());
  const int line = line_starting_with(text, "levels =");
  std::string empty_list = text.substr(0, text.find("levels = [")) + "levels = []\n" +
                           text.substr(text.find("]\n") + 2);
  auto problem = only_plan_problem(empty_list);
  EXPECT_EQ(problem.field, "levels");
  EXPECT_EQ(problem.position.line, line);
  EXPECT_NE(problem.message.find("is empty"), std::string::npos);

  PatientPlan twice = sample_plan();
  twice.levels.push_back("hold-test");
  twice.progression.hold_at.clear();
  problem = only_plan_problem(plan_to_toml(twice));
  EXPECT_EQ(problem.field, "levels");
  EXPECT_NE(problem.message.find("twice"), std::string::npos);

  problem = only_plan_problem(replace_line(text, "  \"hold-test\",", "  3,"));
  EXPECT_EQ(problem.field, "levels");
  EXPECT_EQ(problem.position.line, line_starting_with(text, "  \"hold-test\","));
}

TEST(PatientPlan, UnknownAndMissingKeysAreFlagged) {
  const std::string text = plan_to_toml(sample_plan());
  auto problem = only_plan_problem(replace_line(text, "tolerance_scale =", "tolerence_scale = 1"));
  EXPECT_EQ(problem.field, "tolerence_scale");
  EXPECT_NE(problem.message.find("not a known key"), std::string::npos);
  problem = only_plan_problem(replace_line(text, "patient =", ""));
  EXPECT_EQ(problem.field, "patient");
  EXPECT_NE(problem.message.find("is missing"), std::string::npos);
}

// Plans written before a session's minutes and the rest between sets were plan keys still
// read, with the defaults the game used for everyone then.
TEST(PatientPlan, APlanWithoutTheSessionsMinutesOrRestKeepsTheDefaults) {
  std::string text = plan_to_toml(sample_plan());
  text = replace_line(text, "minutes_per_session =", "");
  text = replace_line(text, "rest_after_set_s =", "");
  const auto result = parse_plan(text, kPlanFile);
  for (const auto& problem : result.problems) ADD_FAILURE() << format_problem(problem);
  ASSERT_TRUE(result.plan.has_value());
  EXPECT_EQ(result.plan->plan.daily.minutes_per_session, 15.0);
  EXPECT_EQ(result.plan->plan.daily.rest_after_set_s, 30.0);
  EXPECT_EQ(result.plan->plan.daily.max_minutes, 30.0);
}

TEST(PatientPlan, ThePathIsInThePlansFolderAndRefusesOddKeys) {
  EXPECT_EQ(plan_path("/data", "P-0042"), std::filesystem::path("/data/plans/P-0042.toml"));
  EXPECT_FALSE(plan_path("/data", "../escape").has_value());
  EXPECT_FALSE(plan_path("/data", "").has_value());
}

LevelLibrary test_library() {
  LevelLibrary library;
  library.levels.push_back({testing::valid_hold_level(), "hold.toml", {{"tolerance_deg", {14, 1}}}});
  library.levels.push_back({testing::valid_guided_level(), "guided.toml",
                            {{"direction", {9, 1}}, {"amplitude_deg", {11, 1}}}});
  return library;
}

TEST(PatientLevels, TolerancesAreScaledButNeverUnderFiveOrOverThirty) {
  LoadedPlan plan{sample_plan(), kPlanFile, {}};
  const auto wider = levels_for_patient(plan, test_library());
  ASSERT_EQ(wider.levels.size(), 2u);
  const auto& hold = std::get<HoldMidlineParams>(wider.levels[0].params);
  EXPECT_DOUBLE_EQ(hold.tolerance.rotation_deg, 12.0 * 1.25);

  plan.plan.tolerance_scale = 0.5;  // 12, 11, 10 deg would become 6, 5.5, 5
  LevelLibrary narrow_library = test_library();
  std::get<HoldMidlineParams>(narrow_library.levels[0].level.params).tolerance = {6.0, 7.0, 28.0};
  const auto narrow = levels_for_patient(plan, narrow_library);
  const auto& narrowed = std::get<HoldMidlineParams>(narrow.levels[0].params);
  EXPECT_DOUBLE_EQ(narrowed.tolerance.rotation_deg, limits::kMinToleranceDeg);
  EXPECT_DOUBLE_EQ(narrowed.tolerance.tilt_deg, limits::kMinToleranceDeg);
  EXPECT_DOUBLE_EQ(narrowed.tolerance.flexion_deg, 14.0);

  plan.plan.tolerance_scale = 2.0;
  const auto widest = levels_for_patient(plan, narrow_library);
  EXPECT_DOUBLE_EQ(std::get<HoldMidlineParams>(widest.levels[0].params).tolerance.flexion_deg,
                   limits::kMaxToleranceDeg);
}

TEST(PatientLevels, AwayFromThePullGoesToTheOtherSide) {
  LoadedPlan plan{sample_plan(), kPlanFile, {}};  // tilt pull to the right (-1)
  const auto levels = levels_for_patient(plan, test_library());
  ASSERT_EQ(levels.levels.size(), 2u);
  const auto direction = [](const Level& level) {
    return std::get<GuidedMovementParams>(level.params).direction;
  };
  EXPECT_EQ(direction(levels.levels[1]), MovementDirection::left);  // away from a right pull
  plan.plan.pull.tilt = +1;
  EXPECT_EQ(direction(levels_for_patient(plan, test_library()).levels[1]), MovementDirection::right);
  // Concrete directions need no pull, and stay as they are.
  LevelLibrary library = test_library();
  std::get<GuidedMovementParams>(library.levels[1].level.params).direction = MovementDirection::right;
  plan.plan.pull.tilt.reset();
  EXPECT_EQ(direction(levels_for_patient(plan, library).levels[1]), MovementDirection::right);
}

TEST(PatientLevels, AGuidedMovementPastTheRecordedRangeIsSkippedAtTheLevelsLine) {
  LoadedPlan plan{sample_plan(), kPlanFile, {}};
  plan.plan.range.tilt_left = 8.0;  // the level tilts 8.5 deg to the left for this patient
  const auto levels = levels_for_patient(plan, test_library());
  ASSERT_EQ(levels.levels.size(), 1u);
  ASSERT_EQ(levels.problems.size(), 1u);
  EXPECT_EQ(levels.problems[0].file, "guided.toml");
  EXPECT_EQ(levels.problems[0].position.line, 11);
  EXPECT_EQ(levels.problems[0].field, "amplitude_deg");
  EXPECT_NE(levels.problems[0].message.find("recorded range of 8 degrees"), std::string::npos);
  plan.plan.range.tilt_left = 8.5;  // exactly the range is allowed
  EXPECT_EQ(levels_for_patient(plan, test_library()).levels.size(), 2u);
}

TEST(PatientLevels, AwayFromAPullThePlanDoesNotRecordIsSkipped) {
  LoadedPlan plan{sample_plan(), kPlanFile, {}};
  plan.plan.pull.tilt.reset();
  const auto levels = levels_for_patient(plan, test_library());
  ASSERT_EQ(levels.problems.size(), 1u);
  EXPECT_EQ(levels.problems[0].file, "guided.toml");
  EXPECT_EQ(levels.problems[0].field, "direction");
  EXPECT_EQ(levels.problems[0].position.line, 9);
}

TEST(PatientLevels, AMissingLevelIsReportedAtThePlansLevelsLine) {
  LoadedPlan plan{sample_plan(), kPlanFile, {{"levels", {5, 1}}}};
  plan.plan.levels.insert(plan.plan.levels.begin(), "no-such-level");
  const auto levels = levels_for_patient(plan, test_library());
  EXPECT_EQ(levels.levels.size(), 2u);
  ASSERT_EQ(levels.problems.size(), 1u);
  EXPECT_EQ(format_problem(levels.problems[0]).substr(0, 24), "plans/p1.toml:5:1: level");
  EXPECT_NE(levels.problems[0].message.find("\"no-such-level\""), std::string::npos);
}

// Look and return's marks are a share of the textbook range; a patient whose recorded range
// is shorter in one direction never gets a mark beyond it.
TEST(PatientLevels, ALookAndReturnMarkPastTheRecordedRangeIsSkipped) {
  const std::filesystem::path source(MIDLINE_SOURCE_DIR);
  const std::vector<std::filesystem::path> folders{source / "levels"};
  const LevelLibrary library = load_levels(folders);
  LoadedPlan plan{sample_plan(), kPlanFile, {}};
  plan.plan.levels = {"15-look-and-return"};
  plan.plan.range = {};
  plan.plan.range.rotation_right = 20.0;  // the level's mark: 30% of 80 = 24 deg
  auto levels = levels_for_patient(plan, library);
  EXPECT_TRUE(levels.levels.empty());
  ASSERT_EQ(levels.problems.size(), 1u);
  EXPECT_EQ(levels.problems[0].field, "share_of_range");
  EXPECT_NE(levels.problems[0].message.find("asks 24 degrees (turn your head to your right)"),
            std::string::npos)
      << levels.problems[0].message;
  plan.plan.range.rotation_right = 24.0;  // exactly the range is allowed
  levels = levels_for_patient(plan, library);
  EXPECT_EQ(levels.levels.size(), 1u);
  EXPECT_TRUE(levels.problems.empty());
}

TEST(PatientLevels, TheExamplePlanUsesTheShippedLadderWithoutProblems) {
  const std::filesystem::path source(MIDLINE_SOURCE_DIR);
  const auto plan = load_plan_file(source / "levels/plans/example.toml");
  for (const auto& problem : plan.problems) ADD_FAILURE() << format_problem(problem);
  ASSERT_TRUE(plan.plan.has_value());
  const std::vector<std::filesystem::path> folders{source / "levels"};
  const auto levels = levels_for_patient(*plan.plan, load_levels(folders));
  for (const auto& problem : levels.problems) ADD_FAILURE() << format_problem(problem);
  EXPECT_EQ(levels.levels.size(), plan.plan->plan.levels.size());
}

}  // namespace
}  // namespace midline
