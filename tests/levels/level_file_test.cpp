// Level files: every field and limit, malformed files, folders with broken levels, and the
// shipped ladder. Each problem must name the file, the line and the field.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "levels/level_file.hpp"
#include "levels/safety_limits.hpp"
#include "levels/level_files.hpp"

namespace midline {
namespace {

using testing::line_starting_with;
using testing::replace_line;

constexpr const char* kFile = "levels/test.toml";

// The one problem a text gives; fails the test when there is not exactly one.
FileProblem only_problem(const std::string& text) {
  const auto result = parse_level(text, kFile);
  EXPECT_FALSE(result.level.has_value());
  if (result.problems.size() != 1u) {
    ADD_FAILURE() << "expected one problem, got " << result.problems.size();
    for (const auto& problem : result.problems) ADD_FAILURE() << format_problem(problem);
  }
  return result.problems.empty() ? FileProblem{} : result.problems.front();
}

void expect_problem_at(const FileProblem& problem, int line, const std::string& field,
                       const std::string& message_part) {
  EXPECT_EQ(problem.file, kFile);
  EXPECT_EQ(problem.position.line, line) << format_problem(problem);
  EXPECT_EQ(problem.field, field) << format_problem(problem);
  EXPECT_NE(problem.message.find(message_part), std::string::npos) << format_problem(problem);
}

TEST(LevelFile, WrittenLevelsOfEachTypeReadBackEqual) {
  for (const Level& level : {testing::valid_hold_level(), testing::valid_guided_level(),
                             testing::valid_range_check_level()}) {
    const auto result = parse_level(level_to_toml(level), kFile);
    for (const auto& problem : result.problems) ADD_FAILURE() << format_problem(problem);
    ASSERT_TRUE(result.level.has_value());
    EXPECT_EQ(result.level->level, level);
    EXPECT_EQ(result.level->file, kFile);
  }
}

// A title holding a carriage return (the fuzzer's find) is written into the file's first
// comment too: the comment must not end there and leave the rest of it as broken TOML.
TEST(LevelFile, ATitleWithAControlCharacterStillReadsBack) {
  Level level = testing::valid_hold_level();
  level.title = "Longer\rand narrower";
  const auto result = parse_level(level_to_toml(level), kFile);
  for (const auto& problem : result.problems) ADD_FAILURE() << format_problem(problem);
  ASSERT_TRUE(result.level.has_value());
  EXPECT_EQ(result.level->level.title, level.title);
}

TEST(LevelFile, FormatsProblemsAsFileLineColumnFieldMessage) {
  EXPECT_EQ(format_problem({"a.toml", {3, 7}, "hold_s", "is text"}), "a.toml:3:7: hold_s: is text");
}

// Every number of every exercise type, just outside each limit and just inside.
TEST(LevelFile, EveryNumberIsCheckedAgainstItsLimitsAtItsLine) {
  for (const Level& level : {testing::valid_hold_level(), testing::valid_guided_level(),
                             testing::valid_range_check_level()}) {
    const ExerciseType type = exercise_type(level.params);
    const std::string text = level_to_toml(level);
    for (const auto& field : number_fields(type)) {
      const std::string key(field.key);
      const auto dot = key.find('.');
      const std::string written = dot == std::string::npos ? key : key.substr(dot + 1);
      const int line = line_starting_with(text, written + " =");
      ASSERT_GT(line, 0) << key;
      const double step = field.whole ? 1.0 : 0.5;
      for (const double bad : {field.min - step, field.max + step}) {
        SCOPED_TRACE(key + " = " + std::to_string(bad));
        char value[32];
        std::snprintf(value, sizeof value, "%g", bad);
        const auto problem = only_problem(replace_line(text, written + " =", written + " = " + value));
        expect_problem_at(problem, line, key, "must be");
        EXPECT_NE(problem.message.find("from "), std::string::npos);
      }
      for (const double good : {field.min, field.max}) {
        Level edited = level;
        field.set(edited.params, good);
        // At a limit a field may still break a rule between fields (a long hold's rest);
        // what must not appear is a problem with this field's own range.
        for (const auto& problem : validate_level(edited)) {
          EXPECT_EQ(problem.message.find("must be a number from"), std::string::npos) << key;
          EXPECT_EQ(problem.message.find("must be a whole number from"), std::string::npos) << key;
        }
      }
    }
  }
}

// Fading feedback is a field added after level files were written: a file without it shows
// the scene for the whole hold; with it, the value is read and kept within 0-100.
TEST(LevelFile, HowMuchOfAHoldTheSceneIsShownIsReadOrLeftAtTheWholeHold) {
  const std::string text = level_to_toml(testing::valid_hold_level());
  const int line = line_starting_with(text, "scene_shown_percent =");
  ASSERT_GT(line, 0) << text;
  const auto without = parse_level(replace_line(text, "scene_shown_percent =", ""), kFile);
  for (const auto& problem : without.problems) ADD_FAILURE() << format_problem(problem);
  ASSERT_TRUE(without.level);
  EXPECT_EQ(std::get<HoldMidlineParams>(without.level->level.params).scene_shown_percent, 100);
  const auto half = parse_level(replace_line(text, "scene_shown_percent =", "scene_shown_percent = 50"), kFile);
  ASSERT_TRUE(half.level);
  EXPECT_EQ(std::get<HoldMidlineParams>(half.level->level.params).scene_shown_percent, 50);
  expect_problem_at(only_problem(replace_line(text, "scene_shown_percent =", "scene_shown_percent = 120")),
                    line, "scene_shown_percent", "from 0 to 100 percent of the hold");
  expect_problem_at(only_problem(replace_line(text, "scene_shown_percent =", "scene_shown_percent = \"half\"")),
                    line, "scene_shown_percent", "from 0 to 100");
}

TEST(LevelFile, ToleranceNeverUnderFiveDegrees) {
  const std::string text = level_to_toml(testing::valid_hold_level());
  const auto problem = only_problem(replace_line(text, "tilt =", "tilt = 4.9"));
  expect_problem_at(problem, line_starting_with(text, "tilt ="), "tolerance_deg.tilt",
                    "from 5 to 30 degrees");
}

TEST(LevelFile, SpeedNeverOverTwentyDegreesPerSecond) {
  const std::string text = level_to_toml(testing::valid_guided_level());
  const auto problem = only_problem(replace_line(text, "speed_deg_per_s =", "speed_deg_per_s = 20.5"));
  expect_problem_at(problem, line_starting_with(text, "speed_deg_per_s ="), "speed_deg_per_s",
                    "to 20 degrees per second");
}

TEST(LevelFile, RestIsAtLeastFifteenSecondsAfterLongHolds) {
  std::string text = level_to_toml(testing::valid_hold_level());
  text = replace_line(text, "hold_s =", "hold_s = 30");
  const auto problem = only_problem(replace_line(text, "rest_between_s =", "rest_between_s = 10"));
  expect_problem_at(problem, line_starting_with(text, "rest_between_s ="), "rest_between_s",
                    "at least 15 seconds");
  // The same rest after a short hold is fine.
  text = replace_line(text, "hold_s =", "hold_s = 29");
  EXPECT_TRUE(parse_level(replace_line(text, "rest_between_s =", "rest_between_s = 10"), kFile)
                  .level.has_value());
}

TEST(LevelFile, LongGuidedMovementsAlsoNeedLongRests) {
  // Out 30 deg at 2 deg/s, 10 s pause, back: 40 s of effort per repetition.
  std::string text = level_to_toml(testing::valid_guided_level());
  text = replace_line(text, "axis =", "axis = \"rotation\"");
  text = replace_line(text, "amplitude_deg =", "amplitude_deg = 30");
  text = replace_line(text, "speed_deg_per_s =", "speed_deg_per_s = 2");
  text = replace_line(text, "hold_at_end_s =", "hold_at_end_s = 10");
  const auto problem = only_problem(replace_line(text, "rest_between_s =", "rest_between_s = 10"));
  EXPECT_EQ(problem.field, "rest_between_s");
}

TEST(LevelFile, AmplitudeIsCappedPerAxis) {
  std::string text = level_to_toml(testing::valid_guided_level());  // a tilt
  const auto problem = only_problem(replace_line(text, "amplitude_deg =", "amplitude_deg = 23"));
  expect_problem_at(problem, line_starting_with(text, "amplitude_deg ="), "amplitude_deg",
                    "at most 22 degrees on the tilt axis");
  text = replace_line(text, "axis =", "axis = \"rotation\"");  // rotation allows more
  EXPECT_TRUE(parse_level(replace_line(text, "amplitude_deg =", "amplitude_deg = 23"), kFile)
                  .level.has_value());
}

TEST(LevelFile, DirectionMustFitTheAxis) {
  const std::string text = level_to_toml(testing::valid_guided_level());
  const auto problem = only_problem(replace_line(text, "direction =", "direction = \"up\""));
  expect_problem_at(problem, line_starting_with(text, "direction ="), "direction",
                    "left, right, away_from_pull or toward_pull");
}

TEST(LevelFile, UnknownNamesSayWhatIsAllowed) {
  const std::string text = level_to_toml(testing::valid_guided_level());
  expect_problem_at(only_problem(replace_line(text, "axis =", "axis = \"yaw\"")),
                    line_starting_with(text, "axis ="), "axis", "\"rotation\", \"tilt\", \"flexion\"");
  expect_problem_at(only_problem(replace_line(text, "direction =", "direction = \"sideways\"")),
                    line_starting_with(text, "direction ="), "direction", "\"away_from_pull\"");
  expect_problem_at(only_problem(replace_line(text, "exercise =", "exercise = \"juggling\"")),
                    line_starting_with(text, "exercise ="), "exercise", "\"hold_midline\"");
}

TEST(LevelFile, LongLevelsAreRefused) {
  // 20 holds of 60 s with 60 s rests: 39 minutes, over the 15 a session lasts.
  std::string text = level_to_toml(testing::valid_hold_level());
  text = replace_line(text, "hold_s =", "hold_s = 60");
  text = replace_line(text, "rest_between_s =", "rest_between_s = 60");
  const auto problem = only_problem(replace_line(text, "repetitions =", "repetitions = 20"));
  expect_problem_at(problem, line_starting_with(text, "repetitions ="), "repetitions",
                    "at most 15 minutes");
}

TEST(LevelFile, TextsAndIdAreChecked) {
  const std::string text = level_to_toml(testing::valid_hold_level());
  expect_problem_at(only_problem(replace_line(text, "id =", "id = \"Hold Test\"")),
                    line_starting_with(text, "id ="), "id", "lowercase letters");
  expect_problem_at(only_problem(replace_line(text, "title =", "title = \"\"")),
                    line_starting_with(text, "title ="), "title", "1 to 60 characters");
  expect_problem_at(only_problem(replace_line(text, "instruction =",
                                              "instruction = \"" + std::string(301, 'a') + "\"")),
                    line_starting_with(text, "instruction ="), "instruction", "1 to 300");
}

TEST(LevelFile, WrongTypesNameTheTypeFoundAndTheOneAllowed) {
  const std::string text = level_to_toml(testing::valid_hold_level());
  expect_problem_at(only_problem(replace_line(text, "hold_s =", "hold_s = \"15\"")),
                    line_starting_with(text, "hold_s ="), "hold_s", "is text; it must be a number");
  expect_problem_at(only_problem(replace_line(text, "sensory_trick_allowed =",
                                              "sensory_trick_allowed = \"yes\"")),
                    line_starting_with(text, "sensory_trick_allowed ="), "sensory_trick_allowed",
                    "must be true or false");
  expect_problem_at(only_problem(replace_line(text, "title =", "title = 3")),
                    line_starting_with(text, "title ="), "title", "is a whole number; it must be text");
  expect_problem_at(only_problem(replace_line(text, "repetitions =", "repetitions = 6.5")),
                    line_starting_with(text, "repetitions ="), "repetitions", "not a whole number");
  expect_problem_at(only_problem(replace_line(text, "hold_s =", "hold_s = [15]")),
                    line_starting_with(text, "hold_s ="), "hold_s", "is a list");
  const std::string without_table = text.substr(0, text.find("[tolerance_deg]"));
  expect_problem_at(only_problem(without_table + "tolerance_deg = 10\n"),
                    line_starting_with(text, "[tolerance_deg]"), "tolerance_deg", "must be a table");
}

TEST(LevelFile, UnknownKeysAreFlaggedWhereTheyAre) {
  std::string text = level_to_toml(testing::valid_hold_level());
  text = replace_line(text, "hold_s =", "hold_seconds = 15");
  const auto result = parse_level(text, kFile);
  ASSERT_EQ(result.problems.size(), 2u);  // hold_s is missing, hold_seconds is unknown
  std::set<std::string> fields;
  for (const auto& problem : result.problems) fields.insert(problem.field);
  EXPECT_EQ(fields, (std::set<std::string>{"hold_s", "hold_seconds"}));
  for (const auto& problem : result.problems) {
    if (problem.field == "hold_seconds") {
      EXPECT_EQ(problem.position.line, line_starting_with(text, "hold_seconds ="));
      EXPECT_NE(problem.message.find("known keys: "), std::string::npos);
    } else {
      EXPECT_NE(problem.message.find("is missing"), std::string::npos);
    }
  }
  // In a table too, and keys of another exercise type are unknown here.
  const std::string tolerance = level_to_toml(testing::valid_hold_level()) + "yaw = 10\n";
  expect_problem_at(only_problem(tolerance), line_starting_with(tolerance, "yaw ="),
                    "tolerance_deg.yaw", "not a known key");
  const std::string other_type =
      replace_line(level_to_toml(testing::valid_hold_level()), "hold_s =",
                   "hold_s = 15\namplitude_deg = 10");
  expect_problem_at(only_problem(other_type), line_starting_with(other_type, "amplitude_deg ="),
                    "amplitude_deg", "not a known key");
}

TEST(LevelFile, OddQuotedKeysAreNamedInQuotes) {
  // Found by the fuzzer: an empty quoted key gave a problem with no field name.
  const std::string text = "''=''\n" + level_to_toml(testing::valid_hold_level());
  expect_problem_at(only_problem(text), 1, "\"\"", "not a known key");
  const std::string dotted = level_to_toml(testing::valid_hold_level()) + "\"a.b\\n\" = 1\n";
  expect_problem_at(only_problem(dotted), line_starting_with(dotted, "\"a.b"), "tolerance_deg.\"a.b\\n\"",
                    "not a known key");
}

TEST(LevelFile, MissingKeysInATableArePlacedAtTheTable) {
  const std::string text = level_to_toml(testing::valid_hold_level());
  expect_problem_at(only_problem(replace_line(text, "flexion =", "")),
                    line_starting_with(text, "[tolerance_deg]"), "tolerance_deg.flexion",
                    "is missing; it must be a number from 5 to 30 degrees");
}

TEST(LevelFile, TruncatedFilesNameTheLineAndTheFieldCut) {
  const std::string text = level_to_toml(testing::valid_hold_level());
  const auto cut = text.find("instruction = \"") + 20;  // inside the instruction's text
  const auto problem = only_problem(text.substr(0, cut));
  expect_problem_at(problem, line_starting_with(text, "instruction ="), "instruction",
                    "not valid TOML");
  // Cut after a key's "=": the value is missing.
  const auto after_equals = text.find("hold_s = ") + 9;
  expect_problem_at(only_problem(text.substr(0, after_equals)), line_starting_with(text, "hold_s ="),
                    "hold_s", "not valid TOML");
}

TEST(LevelFile, NonUtf8TextIsRefusedAtItsLine) {
  const std::string text = level_to_toml(testing::valid_hold_level());
  expect_problem_at(only_problem(replace_line(text, "title =", "title = \"Hold \xff\xfe\"")),
                    line_starting_with(text, "title ="), "title", "utf-8");
}

TEST(LevelFile, HugeAndNonFiniteNumbersAreRefused) {
  const std::string text = level_to_toml(testing::valid_hold_level());
  const int line = line_starting_with(text, "hold_s =");
  expect_problem_at(only_problem(replace_line(text, "hold_s =", "hold_s = 1e300")), line, "hold_s",
                    "from 1 to 120 seconds");
  expect_problem_at(only_problem(replace_line(text, "hold_s =", "hold_s = 1e400")), line, "hold_s",
                    "not valid TOML");
  expect_problem_at(only_problem(replace_line(text, "hold_s =", "hold_s = inf")), line, "hold_s",
                    "not a finite number");
  expect_problem_at(only_problem(replace_line(text, "hold_s =", "hold_s = nan")), line, "hold_s",
                    "not a finite number");
  const int repetitions = line_starting_with(text, "repetitions =");
  expect_problem_at(
      only_problem(replace_line(text, "repetitions =", "repetitions = 9223372036854775807")),
      repetitions, "repetitions", "from 1 to 20");
  expect_problem_at(
      only_problem(replace_line(text, "repetitions =", "repetitions = -9223372036854775808")),
      repetitions, "repetitions", "from 1 to 20");
  expect_problem_at(
      only_problem(replace_line(text, "repetitions =", "repetitions = 99999999999999999999")),
      repetitions, "repetitions", "not valid TOML");
}

TEST(LevelFile, EveryProblemOfAFileIsReportedInOneGo) {
  std::string text = level_to_toml(testing::valid_hold_level());
  text = replace_line(text, "hold_s =", "hold_s = \"long\"");
  text = replace_line(text, "rotation =", "rotation = 2");
  text = replace_line(text, "title =", "titel = \"Hold\"");
  const auto result = parse_level(text, kFile);
  std::set<std::string> fields;
  for (const auto& problem : result.problems) fields.insert(problem.field);
  EXPECT_EQ(fields, (std::set<std::string>{"hold_s", "tolerance_deg.rotation", "title", "titel"}));
}

class LevelFolder : public testing::TempFolderTest {
 protected:
  std::filesystem::path write(const std::string& name, const std::string& text) {
    const auto path = folder_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
};

TEST_F(LevelFolder, ABrokenLevelIsSkippedAndTheOthersLoad) {
  write("a.toml", level_to_toml(testing::valid_hold_level()));
  const auto broken = write("b.toml", replace_line(level_to_toml(testing::valid_guided_level()),
                                                   "speed_deg_per_s =", "speed_deg_per_s = 45"));
  write("c.toml", level_to_toml(testing::valid_range_check_level()));
  write("notes.txt", "not a level");
  const std::vector<std::filesystem::path> paths{folder_};
  const LevelLibrary library = load_levels(paths);
  EXPECT_EQ(library.files_read, 3);
  EXPECT_EQ(library.broken_files, 1);
  ASSERT_EQ(library.levels.size(), 2u);
  EXPECT_EQ(library.levels[0].level.id, "hold-test");
  EXPECT_EQ(library.levels[1].level.id, "range-test");
  ASSERT_EQ(library.problems.size(), 1u);
  EXPECT_EQ(library.problems[0].file, broken.string());
  EXPECT_EQ(library.problems[0].field, "speed_deg_per_s");
}

TEST_F(LevelFolder, ASecondLevelWithTheSameIdIsBroken) {
  write("a.toml", level_to_toml(testing::valid_hold_level()));
  const auto second = write("b.toml", level_to_toml(testing::valid_hold_level()));
  const std::vector<std::filesystem::path> paths{folder_};
  const LevelLibrary library = load_levels(paths);
  EXPECT_EQ(library.levels.size(), 1u);
  ASSERT_EQ(library.problems.size(), 1u);
  EXPECT_EQ(library.problems[0].file, second.string());
  EXPECT_EQ(library.problems[0].field, "id");
  EXPECT_EQ(library.problems[0].position.line,
            line_starting_with(level_to_toml(testing::valid_hold_level()), "id ="));
}

// An installed Midline's shipped levels cannot be written, so a clinic's changes live in the
// data folder's levels/ and replace the shipped level with the same id.
TEST_F(LevelFolder, TheClinicsOwnLevelReplacesTheShippedOneWithItsId) {
  std::filesystem::create_directories(folder_ / "shipped");
  std::filesystem::create_directories(folder_ / "data" / "levels");
  write("shipped/hold-test.toml", level_to_toml(testing::valid_hold_level()));
  write("shipped/range-test.toml", level_to_toml(testing::valid_range_check_level()));
  Level longer = testing::valid_hold_level();
  longer.title = "Hold test, the clinic's";
  write("data/levels/hold-test.toml", level_to_toml(longer));
  write("data/levels/guided-test.toml", level_to_toml(testing::valid_guided_level()));
  write("data/levels/range-test.toml", "id = \"range-test\"\n");  // broken: shipped one kept

  const LevelFolders folders = level_folders({}, folder_ / "shipped", folder_ / "data");
  EXPECT_EQ(folders.save_to(), folder_ / "data" / "levels");
  const LevelLibrary library = load_levels(folders);
  ASSERT_EQ(library.levels.size(), 3u);
  EXPECT_EQ(library.levels[0].level.id, "guided-test");  // in id order across both folders
  EXPECT_EQ(library.levels[1].level.title, "Hold test, the clinic's");
  EXPECT_EQ(library.levels[1].file, (folder_ / "data/levels/hold-test.toml").string());
  EXPECT_EQ(library.levels[2].file, (folder_ / "shipped/range-test.toml").string());
  ASSERT_FALSE(library.problems.empty());
  EXPECT_EQ(library.problems[0].file, (folder_ / "data/levels/range-test.toml").string());
  EXPECT_EQ(library.files_read, 5);

  // A folder chosen alone is read and written alone; nothing kept means no own levels.
  EXPECT_EQ(load_levels(level_folders(folder_ / "shipped", folder_ / "x", folder_ / "data"))
                .levels.size(),
            2u);
  EXPECT_EQ(level_folders({}, folder_ / "shipped", {}).save_to(), folder_ / "shipped");
}

TEST_F(LevelFolder, MissingAndOversizedFilesAreProblemsNotCrashes) {
  const auto huge = write("huge.toml", "# " + std::string(kMaxTomlFileBytes, 'x') + "\n");
  const std::vector<std::filesystem::path> paths{folder_ / "absent.toml", huge};
  const LevelLibrary library = load_levels(paths);
  EXPECT_TRUE(library.levels.empty());
  EXPECT_EQ(library.broken_files, 2);
  ASSERT_EQ(library.problems.size(), 2u);
  EXPECT_EQ(library.problems[0].field, "file");
  EXPECT_NE(library.problems[0].message.find("cannot be read"), std::string::npos);
  EXPECT_NE(library.problems[1].message.find("at most"), std::string::npos);
}

TEST_F(LevelFolder, SavedLevelsLoadBackEqual) {
  const Level level = testing::valid_guided_level();
  save_level_file(level, folder_ / "saved.toml");
  const auto loaded = load_level_file(folder_ / "saved.toml");
  ASSERT_TRUE(loaded.level.has_value());
  EXPECT_EQ(loaded.level->level, level);
  EXPECT_FALSE(std::filesystem::exists(folder_ / "saved.toml.tmp"));
}

// The shipped ladder: every level loads with no problem, and the ladder covers what the
// clinical background asks for.
TEST(ShippedLevels, AllLoadWithoutProblemsAndFormALadder) {
  const std::vector<std::filesystem::path> paths{std::filesystem::path(MIDLINE_SOURCE_DIR) / "levels"};
  const LevelLibrary library = load_levels(paths);
  for (const auto& problem : library.problems) ADD_FAILURE() << format_problem(problem);
  EXPECT_GE(library.levels.size(), 10u);
  EXPECT_EQ(library.broken_files, 0);

  std::vector<double> hold_tolerances;
  std::vector<double> hold_times;
  std::vector<int> scene_shown;  // fading feedback, in ladder order
  std::set<std::pair<int, int>> guided_paths;  // (axis, direction)
  int range_checks = 0, look_and_returns = 0, felt_midline_tests = 0;
  for (const auto& loaded : library.levels) {
    if (const auto* hold = std::get_if<HoldMidlineParams>(&loaded.level.params)) {
      hold_tolerances.push_back(hold->tolerance.rotation_deg);
      hold_times.push_back(hold->hold_s);
      scene_shown.push_back(hold->scene_shown_percent);
      EXPECT_GE(hold->repetitions, 6) << loaded.file;
      EXPECT_LE(hold->repetitions, 10) << loaded.file;
      EXPECT_GE(hold->rest_between_s, 15.0) << loaded.file;
      EXPECT_LE(hold->rest_between_s, 30.0) << loaded.file;
    } else if (const auto* guided = std::get_if<GuidedMovementParams>(&loaded.level.params)) {
      guided_paths.insert({static_cast<int>(guided->axis), static_cast<int>(guided->direction)});
      EXPECT_LE(guided->speed_deg_per_s, 20.0) << loaded.file;
    } else if (const auto* look = std::get_if<LookAndReturnParams>(&loaded.level.params)) {
      EXPECT_LE(look->share_of_range, 0.5) << loaded.file;  // a gentle mark
      ++look_and_returns;
    } else if (const auto* felt = std::get_if<FeltMidlineParams>(&loaded.level.params)) {
      EXPECT_LE(felt->turn_deg, 45.0) << loaded.file;  // well over, within a comfortable range
      ++felt_midline_tests;
    } else if (std::holds_alternative<RangeCheckParams>(loaded.level.params)) {
      ++range_checks;
    } else {
      ADD_FAILURE() << loaded.file << ": a type this ladder check does not know";
    }
  }
  EXPECT_EQ(look_and_returns, 1);
  EXPECT_EQ(felt_midline_tests, 1);
  // The hold ladder narrows 15 -> 12 -> 10 -> 7 -> 5 and lengthens 5 -> 15 -> 30 -> 45 -> 60.
  const std::vector<double> first_five_tolerances(hold_tolerances.begin(),
                                                  hold_tolerances.begin() + 5);
  const std::vector<double> first_five_holds(hold_times.begin(), hold_times.begin() + 5);
  EXPECT_EQ(first_five_tolerances, (std::vector<double>{15, 12, 10, 7, 5}));
  EXPECT_EQ(first_five_holds, (std::vector<double>{5, 15, 30, 45, 60}));
  EXPECT_EQ(range_checks, 1);
  // Fading feedback comes last: the scene for every hold until then, then half, then none.
  ASSERT_GE(scene_shown.size(), 2u);
  EXPECT_EQ(std::vector<int>(scene_shown.end() - 2, scene_shown.end()), (std::vector<int>{50, 0}));
  for (size_t k = 0; k + 2 < scene_shown.size(); ++k) EXPECT_EQ(scene_shown[k], 100) << k;
  // Guided movements in every direction of every axis, and away from the pull.
  for (const auto& [axis, direction] :
       std::vector<std::pair<Axis, MovementDirection>>{
           {Axis::rotation, MovementDirection::left}, {Axis::rotation, MovementDirection::right},
           {Axis::tilt, MovementDirection::left}, {Axis::tilt, MovementDirection::right},
           {Axis::flexion, MovementDirection::up}, {Axis::flexion, MovementDirection::down},
           {Axis::rotation, MovementDirection::away_from_pull}}) {
    EXPECT_TRUE(guided_paths.count({static_cast<int>(axis), static_cast<int>(direction)}))
        << axis_name(axis) << " " << movement_direction_name(direction);
  }
}

}  // namespace
}  // namespace midline
