// Look and return: the six directions to a gentle mark and back, driven by time and samples.

#include "exercises/look_and_return.hpp"

#include <gtest/gtest.h>

#include "exercises/guided_movement.hpp"  // on_axis
#include "exercises/range_check.hpp"      // range_directions
#include "game/synthetic_samples.hpp"

namespace midline {
namespace {

using testing::kFrameS;

// Runs the exercise with a head that goes straight to where it is asked (after `lag_s`),
// optionally overshooting the mark by `overshoot_deg`. Returns the frames played.
int run(LookAndReturn& e, double overshoot_deg = 0.0, double limit_s = 400.0) {
  double t = 0.0;
  int frames = 0;
  while (e.phase() != ExercisePhase::done && t < limit_s) {
    HeadAngles at = e.asked().at;
    if (e.stage() == LookAndReturn::Stage::looking && overshoot_deg != 0.0) {
      const HeadAngles more = on_axis(e.axis(), e.side() * overshoot_deg);
      at = {at.rotation_deg + more.rotation_deg, at.tilt_deg + more.tilt_deg,
            at.flexion_deg + more.flexion_deg};
    }
    if (e.phase() == ExercisePhase::rest) e.skip_rest();
    e.update(kFrameS, testing::sample_at(t, at));
    t += kFrameS;
    ++frames;
  }
  return frames;
}

TEST(LookAndReturn, VisitsTheSixDirectionsInTheRangeChecksOrderAndComesBackEachTime) {
  LookAndReturnParams p;
  p.share_of_range = 0.3;
  LookAndReturn e(p);
  std::vector<std::pair<Axis, int>> seen;
  double t = 0.0;
  while (e.phase() != ExercisePhase::done && t < 400.0) {
    if (e.phase() == ExercisePhase::repetition &&
        (seen.empty() || seen.back() != std::pair{e.axis(), e.side()}))
      seen.emplace_back(e.axis(), e.side());
    if (e.phase() == ExercisePhase::rest) e.skip_rest();
    e.update(kFrameS, testing::sample_at(t, e.asked().at));
    t += kFrameS;
  }
  ASSERT_EQ(seen.size(), 6u);
  for (size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(seen[i].first, range_directions()[i].axis) << i;
    EXPECT_EQ(seen[i].second, range_directions()[i].side) << i;
  }
  ASSERT_EQ(e.finished_repetitions().size(), 6u);
  for (const RepetitionMetrics& m : e.finished_repetitions()) EXPECT_TRUE(m.goal_reached) << m.repetition;
}

TEST(LookAndReturn, TheMarkIsAGentleShareOfTheRangeAndNeverMoreThanHalf) {
  LookAndReturnParams p;
  p.share_of_range = 0.3;
  LookAndReturn e(p);
  EXPECT_NEAR(e.mark_deg(), 24.0, 1e-9);  // rotation first: 30% of 80
  EXPECT_NEAR(e.asked().at.rotation_deg, 24.0, 1e-9);  // to the left: + in the clinical convention
  p.share_of_range = 0.6;
  EXPECT_THROW(LookAndReturn{p}, std::invalid_argument);
}

TEST(LookAndReturn, GoingFurtherThanTheMarkEarnsNothing) {
  LookAndReturnParams p;
  LookAndReturn on_mark(p), beyond(p);
  run(on_mark);
  run(beyond, 15.0);  // well past the mark's tolerance: never "at the mark"
  for (const RepetitionMetrics& m : on_mark.finished_repetitions()) EXPECT_TRUE(m.goal_reached);
  for (const RepetitionMetrics& m : beyond.finished_repetitions()) EXPECT_FALSE(m.goal_reached) << m.repetition;
}

TEST(LookAndReturn, ALostFacePausesWithoutPenalty) {
  LookAndReturnParams p;
  LookAndReturn e(p);
  for (int i = 0; i < 20; ++i) e.update(kFrameS, testing::lost_at(i * kFrameS));
  EXPECT_EQ(e.pause(), PauseReason::face_lost);
  EXPECT_TRUE(e.finished_repetitions().empty());
  run(e);
  ASSERT_EQ(e.finished_repetitions().size(), 6u);
  EXPECT_TRUE(e.finished_repetitions()[0].goal_reached);
}

}  // namespace
}  // namespace midline
