#pragma once
// Helpers for level tests: valid levels of each type, and edits of their file text.

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <string_view>

#include "levels/level.hpp"

namespace midline::testing {

// A fresh folder for each test, named after it and removed afterwards.
class TempFolderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Named by suite and test: tests of the same name in two suites (the level and plan
    // editors' SavingKeepsTheHandWrittenComments) run at once under ctest -j.
    const ::testing::TestInfo& test = *::testing::UnitTest::GetInstance()->current_test_info();
    folder_ = std::filesystem::path(::testing::TempDir()) /
              ("midline-" + std::string(test.test_suite_name()) + "-" + test.name());
    std::filesystem::remove_all(folder_);
    std::filesystem::create_directories(folder_);
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }
  std::filesystem::path folder_;
};

inline Level valid_hold_level() {
  Level level;
  level.id = "hold-test";
  level.title = "Hold test";
  level.instruction = "Hold your midline.";
  level.params = HoldMidlineParams{{12.0, 11.0, 10.0}, 15.0, 8, 20.0};
  return level;
}

inline Level valid_guided_level() {
  Level level;
  level.id = "guided-test";
  level.title = "Guided test";
  level.instruction = "Follow the dot.";
  level.sensory_trick_allowed = false;
  GuidedMovementParams params;
  params.axis = Axis::tilt;
  params.direction = MovementDirection::away_from_pull;
  params.amplitude_deg = 8.5;
  params.speed_deg_per_s = 12.0;
  params.hold_at_end_s = 2.5;
  params.tolerance = {9.0, 8.0, 7.0};
  params.repetitions = 6;
  params.rest_between_s = 20.0;
  level.params = params;
  return level;
}

inline Level valid_range_check_level() {
  Level level;
  level.id = "range-test";
  level.title = "Range test";
  level.instruction = "Move only as far as is comfortable.";
  level.params = RangeCheckParams{2.0, 1.5};
  return level;
}

// The 1-based number of the first line of `text` that starts with `prefix`; 0 when none.
inline int line_starting_with(std::string_view text, std::string_view prefix) {
  int line = 1;
  std::size_t start = 0;
  while (start <= text.size()) {
    if (text.substr(start).starts_with(prefix)) return line;
    start = text.find('\n', start);
    if (start == std::string_view::npos) return 0;
    ++start;
    ++line;
  }
  return 0;
}

// `text` with the whole line starting with `prefix` replaced by `replacement`.
inline std::string replace_line(std::string text, std::string_view prefix,
                                std::string_view replacement) {
  const int line = line_starting_with(text, prefix);
  if (line == 0) return text;
  std::size_t start = 0;
  for (int current = 1; current < line; ++current) start = text.find('\n', start) + 1;
  const std::size_t end = text.find('\n', start);
  text.replace(start, end - start, replacement);
  return text;
}

}  // namespace midline::testing
