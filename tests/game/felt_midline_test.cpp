#include "exercises/felt_midline.hpp"

#include <gtest/gtest.h>

#include "exercises/catalogue.hpp"
#include "exercises/outcome.hpp"
#include "game/synthetic_samples.hpp"

namespace midline {
namespace {

using testing::kFrameS;
using testing::sample_at;

void feed(FeltMidline& test, double seconds, double rotation_deg) {
  for (int i = 0; i < static_cast<int>(seconds / kFrameS + 0.5); ++i)
    test.update(kFrameS, sample_at(test.time_s(), {rotation_deg, 0, 0}));
}

// One trial, scripted: out to the side, back to `stop_deg`, then still (or Space).
void trial(FeltMidline& test, double stop_deg, bool with_key) {
  const int side = test.side();
  feed(test, 1.0, side * 35.0);
  ASSERT_EQ(test.stage(), FeltMidline::Stage::returning);
  feed(test, 0.5, side * 10.0);
  feed(test, 0.3, stop_deg);
  if (with_key) test.say_here();
  feed(test, with_key ? 0.1 : 2.0, stop_deg);
}

// The error is exactly where the scripted head stopped, from the body midline, whatever the
// target the session aims at; the mean absolute error is kept per direction.
TEST(FeltMidline, TheErrorIsWhereTheHeadStoppedAndIsAveragedPerDirection) {
  FeltMidline test(FeltMidlineParams{});
  const double stops[FeltMidline::kTrials] = {4.0, -2.0, 6.0, 3.0, -1.0, -5.0};
  for (int i = 0; i < FeltMidline::kTrials; ++i) {
    ASSERT_EQ(test.phase(), ExercisePhase::repetition) << "trial " << i + 1;
    EXPECT_EQ(test.side(), i % 2 == 0 ? 1 : -1);  // left, right, in turn
    trial(test, stops[i], i % 3 == 0);
    ASSERT_EQ(test.trials().size(), static_cast<size_t>(i + 1));
    EXPECT_NEAR(test.trials().back().error_deg, stops[i], 1e-9);
    EXPECT_EQ(test.trials().back().said_with_key, i % 3 == 0);
    if (test.phase() == ExercisePhase::rest) test.skip_rest();
    test.update(kFrameS, sample_at(test.time_s(), {0, 0, 0}));
  }
  EXPECT_EQ(test.phase(), ExercisePhase::done);
  // After turning left: 4, 6, -1 -> mean |error| 11/3; after turning right: -2, 3, -5 -> 10/3.
  EXPECT_NEAR(*felt_midline_error(test.trials(), 1), 11.0 / 3.0, 1e-9);
  EXPECT_NEAR(*felt_midline_error(test.trials(), -1), 10.0 / 3.0, 1e-9);
  ExerciseOutcome outcome;
  outcome.type = ExerciseType::felt_midline;
  test.add_results(outcome);
  const std::string summary = exercise_kind(ExerciseType::felt_midline).summary(outcome);
  EXPECT_NE(summary.find("4 deg after turning left, 3 deg after turning right"), std::string::npos)
      << summary;
}

// The pause out at the side is not taken for "here"; nor is Space before turning.
TEST(FeltMidline, KeepingStillAtTheSideOrSpaceBeforeTurningSaysNothing) {
  FeltMidline test(FeltMidlineParams{});
  test.say_here();
  feed(test, 3.0, 35.0);  // still, at the side
  EXPECT_TRUE(test.trials().empty());
  EXPECT_EQ(test.stage(), FeltMidline::Stage::returning);
}

TEST(FeltMidline, ATurnOutOfRangeIsRefusedByName) {
  FeltMidlineParams p;
  p.turn_deg = 80.0;
  EXPECT_THROW(FeltMidline{p}, std::invalid_argument);
}

}  // namespace
}  // namespace midline
