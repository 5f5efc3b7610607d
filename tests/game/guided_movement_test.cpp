#include "exercises/guided_movement.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "game/synthetic_samples.hpp"

namespace midline {
namespace {

using testing::kFrameS;
using testing::lost_at;
using testing::sample_at;

GuidedMovementParams params(int repetitions = 1) {
  GuidedMovementParams p;
  p.axis = Axis::rotation;
  p.amplitude_deg = 15.0;
  p.speed_deg_per_s = 10.0;
  p.hold_at_end_s = 3.0;
  p.tolerance = {5.0, 5.0, 5.0};
  p.repetitions = repetitions;
  p.rest_between_s = 5.0;
  return p;
}

// Plays one repetition with a head placed by `head(target)`; returns its metrics.
template <typename Head>
RepetitionMetrics play_repetition(GuidedMovement& guided, Head head) {
  const size_t before = guided.finished_repetitions().size();
  double lagged = 0.0;
  for (int i = 0; i < 100000 && guided.finished_repetitions().size() == before; ++i) {
    const double target = guided.target_now();
    lagged = head(target, lagged);
    guided.update(kFrameS, sample_at(guided.time_s(), on_axis(Axis::rotation, lagged)));
  }
  return guided.finished_repetitions().back();
}

TEST(GuidedMovement, TheTargetEasesOutHoldsAndReturnsNeverFasterThanItsSpeed) {
  GuidedMovement guided(params(), movement_side(MovementDirection::right, Axis::rotation, {}));
  const double duration = guided.repetition_duration_s();
  double peak_speed = 0.0, furthest = 0.0;
  const double dt = 0.001;
  for (double t = 0.0; t < duration; t += dt) {
    peak_speed = std::max(peak_speed, std::abs(guided.target_at(t + dt) - guided.target_at(t)) / dt);
    furthest = std::min(furthest, guided.target_at(t));  // right is negative rotation
  }
  EXPECT_LE(peak_speed, 10.0 + 1e-3);
  EXPECT_GT(peak_speed, 9.5);
  EXPECT_NEAR(furthest, -15.0, 1e-9);
  EXPECT_NEAR(guided.target_at(0.0), 0.0, 1e-9);
  EXPECT_NEAR(guided.target_at(duration), 0.0, 1e-9);
  const double ease = 15.0 * M_PI / 20.0;
  EXPECT_NEAR(guided.target_at(ease + 1.5), -15.0, 1e-9);  // waiting at the end
}

TEST(GuidedMovement, FollowingCloselyScoresBetterThanLaggingOrReachingFurther) {
  GuidedMovement guided(params(3), +1);
  const RepetitionMetrics close =
      play_repetition(guided, [](double target, double) { return target + 1.0; });
  guided.skip_rest();
  const RepetitionMetrics lagging = play_repetition(guided, [](double target, double head) {
    return head + (target - head) * kFrameS / 0.8;  // a 0.8 s lag
  });
  guided.skip_rest();
  const RepetitionMetrics further =
      play_repetition(guided, [](double target, double) { return target * 1.6; });

  EXPECT_TRUE(close.goal_reached);
  EXPECT_NEAR(close.time_in_zone_s, close.active_s, 0.05);
  EXPECT_NEAR(close.path_error_deg, 1.0, 0.05);  // plus the one frame the head trails by
  EXPECT_LT(lagging.time_in_zone_s, close.time_in_zone_s);
  EXPECT_GT(lagging.path_error_deg, close.path_error_deg);
  EXPECT_LT(further.time_in_zone_s, close.time_in_zone_s);  // reaching further earns nothing
  EXPECT_GT(further.peak_deviation_deg, 8.0);
  EXPECT_EQ(guided.phase(), ExercisePhase::done);
}

TEST(GuidedMovement, TheTargetWaitsWhileTheFaceIsLost) {
  GuidedMovement guided(params(), +1);
  for (int i = 0; i < 30; ++i)
    guided.update(kFrameS, sample_at(guided.time_s(), on_axis(Axis::rotation, guided.target_now())));
  const double target = guided.target_now();
  EXPECT_GT(target, 0.5);
  for (int i = 0; i < 60; ++i) guided.update(kFrameS, lost_at(guided.time_s()));
  EXPECT_EQ(guided.pause(), PauseReason::face_lost);
  EXPECT_DOUBLE_EQ(guided.target_now(), target);
  EXPECT_TRUE(guided.finished_repetitions().empty());
}

TEST(GuidedMovement, StartsAndEndsAtATargetMidlineWhenOneIsSet) {
  const HeadAngles midline{-6.0, 3.0, 0.0};
  GuidedMovement guided(params(), +1, midline);
  const RepetitionMetrics m = [&] {
    while (guided.finished_repetitions().empty()) {
      const HeadAngles t = guided.target_angles_now();
      guided.update(kFrameS, sample_at(guided.time_s(), t));
    }
    return guided.finished_repetitions()[0];
  }();
  EXPECT_NEAR(m.time_in_zone_s, m.active_s, 1e-9);
  EXPECT_NEAR(*guided.head_on_axis(), 0.0, 0.5);  // back at the midline, measured from it
  EXPECT_DOUBLE_EQ(guided.target_angles_now().tilt_deg, 3.0);
}

TEST(GuidedMovement, DirectionsMapToTheClinicalSigns) {
  EXPECT_EQ(movement_side(MovementDirection::left, Axis::rotation, {}), +1);
  EXPECT_EQ(movement_side(MovementDirection::right, Axis::tilt, {}), -1);
  EXPECT_EQ(movement_side(MovementDirection::down, Axis::flexion, {}), +1);
  EXPECT_EQ(movement_side(MovementDirection::up, Axis::flexion, {}), -1);
  EXPECT_EQ(movement_side(MovementDirection::away_from_pull, Axis::rotation, +1), -1);
  EXPECT_EQ(movement_side(MovementDirection::toward_pull, Axis::rotation, -1), -1);
}

TEST(GuidedMovement, RejectsDirectionsThatDoNotFitTheAxis) {
  try {
    movement_side(MovementDirection::up, Axis::rotation, {});
    FAIL() << "expected a throw";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("'up'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("rotation"), std::string::npos) << e.what();
  }
  EXPECT_THROW(movement_side(MovementDirection::away_from_pull, Axis::tilt, {}),
               std::invalid_argument);
  GuidedMovementParams p = params();
  p.speed_deg_per_s = 0.0;
  EXPECT_THROW(GuidedMovement(p, 1), std::invalid_argument);
}

}  // namespace
}  // namespace midline
