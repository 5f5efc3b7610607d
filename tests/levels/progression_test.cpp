// Progression: mastery over the latest sessions, and the physiotherapist's hold and move-on.

#include <gtest/gtest.h>

#include "levels/progression.hpp"

namespace midline {
namespace {

const std::vector<std::string> kLevels{"a", "b", "c", "d"};
const MasteryRule kTwoOfThree{0.66, 3};

std::vector<SessionResult> sessions(const std::string& id, std::initializer_list<bool> outcomes) {
  std::vector<SessionResult> result;
  for (const bool success : outcomes) result.push_back({id, success});
  return result;
}

std::vector<SessionResult> operator+(std::vector<SessionResult> a, const std::vector<SessionResult>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

TEST(Progression, StartsAtTheFirstLevel) {
  const auto progression = decide_progression(kLevels, kTwoOfThree, {}, {});
  ASSERT_TRUE(progression.current.has_value());
  EXPECT_EQ(*progression.current, 0u);
  EXPECT_EQ(progression.reason, ProgressionReason::first_not_mastered);
  ASSERT_EQ(progression.levels.size(), 4u);
  EXPECT_EQ(progression.levels[0].sessions, 0);
}

TEST(Progression, ALevelIsMasteredAtTheRateOverTheLatestSessions) {
  // 1 of 3 is under two thirds: stay.
  auto history = sessions("a", {true, false, false});
  EXPECT_EQ(*decide_progression(kLevels, kTwoOfThree, {}, history).current, 0u);
  // The latest three are 2 of 3: move on, the early failures no longer count.
  history = history + sessions("a", {true, true});
  const auto progression = decide_progression(kLevels, kTwoOfThree, {}, history);
  EXPECT_EQ(*progression.current, 1u);
  EXPECT_TRUE(progression.levels[0].mastered);
  EXPECT_EQ(progression.levels[0].sessions, 5);
  EXPECT_EQ(progression.levels[0].recent_successes, 2);
}

TEST(Progression, TooFewSessionsAreNotMasteryEvenWhenAllSucceed) {
  const auto history = sessions("a", {true, true});
  const auto progression = decide_progression(kLevels, kTwoOfThree, {}, history);
  EXPECT_EQ(*progression.current, 0u);
  EXPECT_FALSE(progression.levels[0].mastered);
  EXPECT_EQ(progression.levels[0].recent_successes, 2);
}

TEST(Progression, AFullRateNeedsEverySession) {
  const MasteryRule all{1.0, 2};
  EXPECT_EQ(*decide_progression(kLevels, all, {}, sessions("a", {true, false})).current, 0u);
  EXPECT_EQ(*decide_progression(kLevels, all, {}, sessions("a", {false, true, true})).current, 1u);
}

TEST(Progression, ThePhysiotherapistCanMoveThePatientOn) {
  const ProgressionChoice move_on{"c", ""};
  auto progression = decide_progression(kLevels, kTwoOfThree, move_on, {});
  EXPECT_EQ(*progression.current, 2u);
  EXPECT_EQ(progression.reason, ProgressionReason::moved_on);
  // From there progression goes on by itself.
  progression = decide_progression(kLevels, kTwoOfThree, move_on, sessions("c", {true, true, true}));
  EXPECT_EQ(*progression.current, 3u);
  EXPECT_EQ(progression.reason, ProgressionReason::first_not_mastered);
}

TEST(Progression, ThePhysiotherapistCanHoldThePatientBack) {
  const auto history = sessions("a", {true, true, true}) + sessions("b", {true, true, true});
  EXPECT_EQ(*decide_progression(kLevels, kTwoOfThree, {}, history).current, 2u);
  const auto held = decide_progression(kLevels, kTwoOfThree, {"", "a"}, history);
  EXPECT_EQ(*held.current, 0u);
  EXPECT_EQ(held.reason, ProgressionReason::held_back);
  // A hold at or after where the patient is changes nothing.
  const auto later = decide_progression(kLevels, kTwoOfThree, {"", "d"}, history);
  EXPECT_EQ(*later.current, 2u);
  EXPECT_EQ(later.reason, ProgressionReason::first_not_mastered);
}

TEST(Progression, WhenAllAreMasteredTheLastStays) {
  std::vector<SessionResult> history;
  for (const auto& id : kLevels) history = history + sessions(id, {true, true, true});
  const auto progression = decide_progression(kLevels, kTwoOfThree, {}, history);
  EXPECT_EQ(*progression.current, 3u);
  EXPECT_EQ(progression.reason, ProgressionReason::all_mastered);
}

TEST(Progression, SessionsOfOtherLevelsAndEmptyPlansAreHarmless) {
  const auto history = sessions("retired-level", {true, true, true});
  EXPECT_EQ(*decide_progression(kLevels, kTwoOfThree, {}, history).current, 0u);
  EXPECT_FALSE(decide_progression({}, kTwoOfThree, {}, history).current.has_value());
}

}  // namespace
}  // namespace midline
