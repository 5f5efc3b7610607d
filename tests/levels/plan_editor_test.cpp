// The plan editor's model: limits cannot be left, the level list stays sound, undo, and
// save-reload round trips.

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "levels/level_files.hpp"
#include "levels/plan_editor.hpp"

namespace midline {
namespace {

PatientPlan three_level_plan() {
  PatientPlan plan;
  plan.patient = "P-7";
  plan.levels = {"a", "b", "c"};
  plan.pull.rotation = +1;
  return plan;
}

TEST(PlanEditor, NumbersAreClampedIntoTheirLimitsAndSaidSo) {
  PlanEditor editor(three_level_plan());
  auto answer = editor.set_number("tolerance_scale", 5.0);
  EXPECT_TRUE(answer.accepted);
  EXPECT_NE(answer.message.find("set to 2"), std::string::npos) << answer.message;
  EXPECT_EQ(editor.plan().tolerance_scale, 2.0);
  EXPECT_TRUE(editor.set_number("daily.max_sessions", 2.4).accepted);
  EXPECT_EQ(editor.plan().daily.max_sessions, 2);
  EXPECT_TRUE(editor.set_number("range_deg.tilt_left", 3.0).accepted);
  EXPECT_EQ(editor.plan().range.tilt_left, 5.0);
  EXPECT_TRUE(editor.set_number("range_deg.tilt_left", std::nullopt).accepted);  // not recorded
  EXPECT_FALSE(editor.plan().range.tilt_left.has_value());
  EXPECT_FALSE(editor.set_number("speed_deg_per_s", 10.0).accepted);
  EXPECT_FALSE(editor.set_number("tolerance_scale", std::nan("")).accepted);
  EXPECT_TRUE(validate_plan(editor.plan()).empty());
}

TEST(PlanEditor, AMeasuredRangeIsTakenInOneStepKeepingWhatItDidNotMeasure) {
  PatientPlan plan = three_level_plan();
  plan.range.tilt_left = 30.0;
  plan.range.rotation_left = 40.0;
  PlanEditor editor(plan);
  RecordedRange measured;
  measured.rotation_left = 62.4;
  measured.rotation_right = 2.0;  // below the smallest range a plan records
  measured.flexion = 35.0;
  const EditAnswer answer = editor.take_measured_range(measured);
  EXPECT_TRUE(answer.accepted);
  EXPECT_EQ(editor.plan().range.rotation_left, 62.4);
  EXPECT_EQ(editor.plan().range.rotation_right, 5.0);
  EXPECT_NE(answer.message.find("range_deg.rotation_right"), std::string::npos) << answer.message;
  EXPECT_EQ(editor.plan().range.flexion, 35.0);
  EXPECT_EQ(editor.plan().range.tilt_left, 30.0);  // not measured: kept
  EXPECT_FALSE(editor.plan().range.extension.has_value());
  editor.undo();  // one step back restores every direction at once
  EXPECT_EQ(editor.plan(), plan);
}

TEST(PlanEditor, TheLevelListStaysSound) {
  PlanEditor editor(three_level_plan());
  EXPECT_FALSE(editor.add_level("b").accepted);  // each level once
  EXPECT_TRUE(editor.add_level("d").accepted);
  EXPECT_TRUE(editor.move_level(3, 0).accepted);
  EXPECT_EQ(editor.plan().levels, (std::vector<std::string>{"d", "a", "b", "c"}));
  EXPECT_TRUE(editor.move_level(0, 2).accepted);
  EXPECT_EQ(editor.plan().levels, (std::vector<std::string>{"a", "b", "d", "c"}));
  EXPECT_TRUE(editor.set_hold_at("b").accepted);
  const auto refused = editor.remove_level(1);  // progression holds at "b"
  EXPECT_FALSE(refused.accepted);
  EXPECT_NE(refused.message.find("progression.hold_at"), std::string::npos) << refused.message;
  EXPECT_FALSE(editor.set_start_from("zzz").accepted);
  EXPECT_FALSE(editor.move_level(0, 9).accepted);
  EXPECT_FALSE(editor.set_patient("").accepted);
  EXPECT_FALSE(editor.set_pull(Axis::tilt, 2).accepted);
}

TEST(PlanEditor, UndoStepsBackThroughTheCurrentEdit) {
  const PatientPlan original = three_level_plan();
  PlanEditor editor(original);
  EXPECT_FALSE(editor.changed());
  editor.set_pull(Axis::rotation, -1);
  editor.remove_level(2);
  EXPECT_TRUE(editor.changed());
  editor.undo();
  EXPECT_EQ(editor.plan().levels.size(), 3u);
  EXPECT_EQ(editor.plan().pull.rotation, -1);
  editor.undo();
  EXPECT_TRUE(editor.plan() == original);
  EXPECT_FALSE(editor.changed());
  EXPECT_FALSE(editor.can_undo());
}

class PlanEditorFiles : public testing::TempFolderTest {};

TEST_F(PlanEditorFiles, AnEditedPlanSavesAndReloadsTheSame) {
  PlanEditor editor(three_level_plan(), false);
  EXPECT_TRUE(editor.changed());  // a new plan is unsaved
  editor.set_patient("Patient \"seven\"");
  editor.set_number("midline_offset_deg.tilt", -2.5);
  editor.set_number("range_deg.rotation_right", 33.5);
  editor.set_number("mastery.success_rate", 0.7);
  editor.set_number("mastery.over_sessions", 4);
  editor.set_pull(Axis::flexion, -1);
  editor.set_start_from("b");
  const auto path = folder_ / "P-7.toml";
  editor.save(path);
  EXPECT_FALSE(editor.changed());
  const auto reloaded = load_plan_file(path);
  for (const auto& problem : reloaded.problems) ADD_FAILURE() << format_problem(problem);
  ASSERT_TRUE(reloaded.plan.has_value());
  EXPECT_TRUE(reloaded.plan->plan == editor.plan());
  EXPECT_FALSE(reloaded.plan->plan == three_level_plan());
}

TEST_F(PlanEditorFiles, SavingKeepsTheHandWrittenComments) {
  // The shipped example plan is annotated throughout.
  std::ifstream example(std::string(MIDLINE_SOURCE_DIR) + "/levels/plans/example.toml");
  const std::string original((std::istreambuf_iterator<char>(example)), std::istreambuf_iterator<char>());
  const auto path = folder_ / "P-7.toml";
  std::ofstream(path) << original;
  const auto loaded = load_plan_file(path);
  ASSERT_TRUE(loaded.plan.has_value());
  PlanEditor editor(loaded.plan->plan);
  editor.set_number("daily.max_sessions", 3);
  editor.set_number("range_deg.tilt_left", 20);  // not recorded before: a new line
  editor.set_number("range_deg.rotation_right", std::nullopt);  // no longer recorded
  editor.save(path);

  std::ifstream in(path);
  const std::string saved((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const char* kept :
       {"# guided movements go to the right, away from the pull, and not past the range recorded.",
        "rotation = 20  # the head rests about 30 degrees to the left; practice starts at 20 and steps to 0",
        "tolerance_scale = 1.2  # a little wider than the ladder",
        "[mastery]  # mastered when 4 of the latest 5 sessions of a level succeed",
        "levels = [  # practised in this order",
        "max_sessions = 3   # 1-3 a day is usual; two while the injection wears off"}) {
    EXPECT_NE(saved.find(kept), std::string::npos) << "lost: " << kept << "\nin:\n" << saved;
  }
  EXPECT_EQ(saved.find("rotation_right"), std::string::npos) << saved;
  const auto reloaded = load_plan_file(path);
  for (const auto& problem : reloaded.problems) ADD_FAILURE() << format_problem(problem);
  ASSERT_TRUE(reloaded.plan.has_value());
  EXPECT_TRUE(reloaded.plan->plan == editor.plan());
}

}  // namespace
}  // namespace midline
