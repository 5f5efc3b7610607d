#include "exercises/range_check.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "exercises/guided_movement.hpp"
#include "game/synthetic_samples.hpp"

namespace midline {
namespace {

using testing::kFrameS;
using testing::sample_at;

// A player who eases toward each asked direction, stops at `reach[i]` degrees, and comes back
// when asked.
void play(RangeCheck& check, const std::array<double, 6>& reach, double limit_s = 400.0) {
  double along = 0.0;
  while (check.phase() != ExercisePhase::done && check.time_s() < limit_s) {
    const int i = check.repetition() > 0 ? check.repetition() - 1 : 0;
    const double goal =
        check.phase() == ExercisePhase::repetition && check.stage() != RangeCheck::Stage::returning
            ? reach[i]
            : 0.0;
    along += std::clamp(goal - along, -15.0 * kFrameS, 15.0 * kFrameS);  // 15 deg/s at most
    const RangeDirection& dir = range_directions()[i];
    check.update(kFrameS, sample_at(check.time_s(), on_axis(dir.axis, along * dir.side)));
  }
}

TEST(RangeCheck, RecordsWhereTheHeadSettledInEachDirection) {
  RangeCheck check({});
  const std::array<double, 6> reach{40, 32, 20, 25, 30, 18};
  play(check, reach);
  ASSERT_EQ(check.phase(), ExercisePhase::done);
  ASSERT_EQ(check.results().size(), 6u);
  for (size_t i = 0; i < 6; ++i) {
    EXPECT_TRUE(check.results()[i].settled) << range_directions()[i].name;
    EXPECT_NEAR(check.results()[i].reached_deg, reach[i], 0.5) << range_directions()[i].name;
  }
  for (const RepetitionMetrics& m : check.finished_repetitions()) EXPECT_EQ(m.time_in_zone_s, 0.0);  // no score
}

TEST(RangeCheck, AHeadThatDoesNotMoveIsRecordedAsNotSettledAndTheCheckGoesOn) {
  RangeCheck check({});
  play(check, {0, 0, 0, 0, 0, 0});
  ASSERT_EQ(check.phase(), ExercisePhase::done);
  ASSERT_EQ(check.results().size(), 6u);
  for (const RangeResult& r : check.results()) {
    EXPECT_FALSE(r.settled);
    EXPECT_NEAR(r.reached_deg, 0.0, 1e-9);
  }
}

TEST(RangeCheck, AsksForEveryDirectionOnce) {
  const auto& dirs = range_directions();
  for (Axis axis : {Axis::rotation, Axis::tilt, Axis::flexion})
    for (int side : {-1, +1})
      EXPECT_EQ(std::count_if(dirs.begin(), dirs.end(),
                              [&](const RangeDirection& d) { return d.axis == axis && d.side == side; }),
                1);
}

}  // namespace
}  // namespace midline
