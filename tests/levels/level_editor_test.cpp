// The level editor's model: limits cannot be left, undo, and save-reload round trips.

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "levels/level_editor.hpp"
#include "levels/level_file.hpp"
#include "levels/level_files.hpp"
#include "levels/safety_limits.hpp"

namespace midline {
namespace {

TEST(LevelEditor, NewLevelsOfEveryTypeStartWithinTheLimits) {
  for (const ExerciseType type :
       {ExerciseType::hold_midline, ExerciseType::guided_movement, ExerciseType::range_check}) {
    const auto editor = LevelEditor::create(type, "new-level", "New level", "Do it gently.");
    EXPECT_EQ(exercise_type(editor.level().params), type);
    EXPECT_TRUE(validate_level(editor.level()).empty());
    EXPECT_TRUE(editor.changed());  // not saved yet
  }
  EXPECT_THROW(LevelEditor::create(ExerciseType::hold_midline, "Bad Id", "T", "I"),
               std::invalid_argument);
}

TEST(LevelEditor, NumbersOutsideTheLimitsAreClampedAndSaidSo) {
  auto editor = LevelEditor(testing::valid_hold_level());
  auto answer = editor.set_number("tolerance_deg.rotation", 3.0);
  EXPECT_TRUE(answer.accepted);
  EXPECT_NE(answer.message.find("set to 5"), std::string::npos) << answer.message;
  EXPECT_EQ(std::get<HoldMidlineParams>(editor.level().params).tolerance.rotation_deg, 5.0);

  answer = editor.set_number("repetitions", 7.6);
  EXPECT_TRUE(answer.accepted);
  EXPECT_EQ(std::get<HoldMidlineParams>(editor.level().params).repetitions, 8);

  answer = editor.set_number("hold_s", 20.0);
  EXPECT_TRUE(answer.accepted);
  EXPECT_TRUE(answer.message.empty());
  EXPECT_FALSE(editor.set_number("hold_s", std::nan("")).accepted);
  EXPECT_FALSE(editor.set_number("amplitude_deg", 10.0).accepted);  // not a hold's number
  EXPECT_TRUE(validate_level(editor.level()).empty());
}

TEST(LevelEditor, ChangesThatBreakARuleBetweenFieldsAreRefused) {
  auto editor = LevelEditor(testing::valid_hold_level());  // 15 s holds, 20 s rests
  ASSERT_TRUE(editor.set_number("rest_between_s", 10.0).accepted);
  const auto answer = editor.set_number("hold_s", 45.0);  // a long hold needs 15 s rests
  EXPECT_FALSE(answer.accepted);
  EXPECT_NE(answer.message.find("rest_between_s"), std::string::npos) << answer.message;
  EXPECT_EQ(std::get<HoldMidlineParams>(editor.level().params).hold_s, 15.0);

  auto guided = LevelEditor(testing::valid_guided_level());  // tilt
  EXPECT_FALSE(guided.set_direction(MovementDirection::up).accepted);
  EXPECT_FALSE(guided.set_number("amplitude_deg", 30.0).accepted);  // over the tilt cap
  EXPECT_TRUE(guided.set_axis(Axis::rotation).accepted);
  EXPECT_TRUE(guided.set_number("amplitude_deg", 30.0).accepted);  // rotation allows 40
  EXPECT_FALSE(guided.set_title("").accepted);
  EXPECT_FALSE(LevelEditor(testing::valid_hold_level()).set_axis(Axis::tilt).accepted);
}

TEST(LevelEditor, UndoStepsBackThroughTheCurrentEdit) {
  const Level original = testing::valid_guided_level();
  auto editor = LevelEditor(original);
  EXPECT_FALSE(editor.changed());
  EXPECT_FALSE(editor.can_undo());
  editor.set_title("Tilt, slowly");
  editor.set_number("speed_deg_per_s", 25.0);  // clamped to 20
  editor.set_direction(MovementDirection::left);
  EXPECT_TRUE(editor.changed());
  editor.undo();
  EXPECT_EQ(std::get<GuidedMovementParams>(editor.level().params).direction,
            MovementDirection::away_from_pull);
  EXPECT_EQ(std::get<GuidedMovementParams>(editor.level().params).speed_deg_per_s, 20.0);
  editor.undo();
  editor.undo();
  EXPECT_EQ(editor.level(), original);
  EXPECT_FALSE(editor.can_undo());
  EXPECT_FALSE(editor.changed());
  editor.undo();  // nothing left: harmless
  EXPECT_EQ(editor.level(), original);
}

class LevelEditorFiles : public testing::TempFolderTest {};

TEST_F(LevelEditorFiles, AnEditedLevelSavesAndReloadsTheSame) {
  const auto path = folder_ / "edited.toml";
  save_level_file(testing::valid_hold_level(), path);
  auto loaded = load_level_file(path);
  ASSERT_TRUE(loaded.level.has_value());

  auto editor = LevelEditor(loaded.level->level);
  editor.set_title("Hold \"steady\", then rest");  // quotes must survive the file
  editor.set_instruction("Find your midline.\nBreathe out slowly.");
  editor.set_number("tolerance_deg.flexion", 7.25);
  editor.set_number("hold_s", 30.0);
  editor.set_number("rest_between_s", 25.0);
  editor.set_sensory_trick_allowed(false);
  editor.save(path);
  EXPECT_FALSE(editor.changed());
  EXPECT_FALSE(editor.can_undo());

  const auto reloaded = load_level_file(path);
  for (const auto& problem : reloaded.problems) ADD_FAILURE() << format_problem(problem);
  ASSERT_TRUE(reloaded.level.has_value());
  EXPECT_EQ(reloaded.level->level, editor.level());
  EXPECT_NE(reloaded.level->level, loaded.level->level);
}

TEST_F(LevelEditorFiles, ADuplicateGetsItsOwnIdAndFile) {
  auto copy = LevelEditor::duplicate(testing::valid_guided_level(), "guided-test-copy");
  copy.set_direction(MovementDirection::right);
  copy.save(folder_ / "copy.toml");
  save_level_file(testing::valid_guided_level(), folder_ / "original.toml");
  const std::vector<std::filesystem::path> folders{folder_};
  const auto library = load_levels(folders);
  EXPECT_TRUE(library.problems.empty());
  ASSERT_NE(library.find("guided-test-copy"), nullptr);
  EXPECT_EQ(std::get<GuidedMovementParams>(library.find("guided-test-copy")->level.params).direction,
            MovementDirection::right);
  EXPECT_THROW(LevelEditor::duplicate(testing::valid_guided_level(), ""), std::invalid_argument);
}

// A level as a physiotherapist writes it by hand: comments above, beside and between keys.
constexpr const char* kAnnotatedLevel = R"(# Mrs B's first rung. Keep the holds short: her tremor
# tires her after about ten seconds (seen on 3 March).

id = "hold-test"
title = "Hold test"   # she asked for a plain name
instruction = "Hold your midline."
exercise = "hold_midline"
sensory_trick_allowed = false

# Short holds, many of them.
hold_s = 15          # raise to 20 once she manages 4 of 5
repetitions = 8
rest_between_s = 20  # never less: she needs the rest

[tolerance_deg]  # wide on rotation, where the pull is
rotation = 12
tilt = 11   # tilt is her better axis
flexion = 10
)";

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

TEST_F(LevelEditorFiles, SavingKeepsTheHandWrittenComments) {
  const auto path = folder_ / "hold-test.toml";
  std::ofstream(path) << kAnnotatedLevel;
  const auto loaded = load_level_file(path);
  ASSERT_TRUE(loaded.level.has_value());
  LevelEditor editor(loaded.level->level);
  editor.set_number("hold_s", 18.0);
  editor.set_number("tolerance_deg.tilt", 9.5);
  editor.set_title("Hold, short");
  editor.save(path);

  const std::string saved = read_text(path);
  for (const char* kept :
       {"# Mrs B's first rung. Keep the holds short: her tremor\n",
        "# tires her after about ten seconds (seen on 3 March).\n", "# Short holds, many of them.\n",
        "hold_s = 18          # raise to 20 once she manages 4 of 5\n",
        "title = \"Hold, short\"   # she asked for a plain name\n",
        "rest_between_s = 20  # never less: she needs the rest\n",
        "[tolerance_deg]  # wide on rotation, where the pull is\n",
        "tilt = 9.5   # tilt is her better axis\n"}) {
    EXPECT_NE(saved.find(kept), std::string::npos) << "lost: " << kept << "\nin:\n" << saved;
  }
  // Nothing else moved: the file is the original with three values changed.
  std::string expected = kAnnotatedLevel;
  expected = testing::replace_line(expected, "hold_s =", "hold_s = 18          # raise to 20 once she manages 4 of 5");
  expected = testing::replace_line(expected, "title =", "title = \"Hold, short\"   # she asked for a plain name");
  expected = testing::replace_line(expected, "tilt =", "tilt = 9.5   # tilt is her better axis");
  EXPECT_EQ(saved, expected);
  const auto reloaded = load_level_file(path);
  ASSERT_TRUE(reloaded.level.has_value());
  EXPECT_EQ(reloaded.level->level, editor.level());
}

TEST_F(LevelEditorFiles, ANewExerciseTypeKeepsTheCommentsOfWhatStays) {
  const auto path = folder_ / "hold-test.toml";
  std::ofstream(path) << kAnnotatedLevel;
  LevelEditor editor(load_level_file(path).level->level);
  editor.set_exercise_type(ExerciseType::guided_movement);
  editor.save(path);
  const std::string saved = read_text(path);
  EXPECT_NE(saved.find("# tires her after about ten seconds"), std::string::npos) << saved;
  EXPECT_NE(saved.find("title = \"Hold test\"   # she asked for a plain name"), std::string::npos);
  EXPECT_EQ(saved.find("hold_s"), std::string::npos) << saved;  // a guided movement has none
  const auto reloaded = load_level_file(path);
  for (const auto& problem : reloaded.problems) ADD_FAILURE() << format_problem(problem);
  ASSERT_TRUE(reloaded.level.has_value());
  EXPECT_EQ(reloaded.level->level, editor.level());
}

}  // namespace
}  // namespace midline
