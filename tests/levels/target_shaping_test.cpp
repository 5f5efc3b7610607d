#include "levels/target_shaping.hpp"

#include <gtest/gtest.h>

namespace midline {
namespace {

// A head that rests 25 deg to the patient's right and 8 deg toward the left shoulder.
const HeadAngles kResting{-25.0, 8.0, 0.0};

TEST(TargetShaping, WithoutAPlanStartItStartsAtTheRestingPosture) {
  const TargetShaping shaping{};
  const HeadAngles t = shaping.target(kResting);
  EXPECT_DOUBLE_EQ(t.rotation_deg, -25.0);
  EXPECT_DOUBLE_EQ(t.tilt_deg, 8.0);
}

TEST(TargetShaping, StepsTowardTheBodyMidlineWithEachLevelMasteredAndNeverPastIt) {
  TargetShaping shaping;
  shaping.start = HeadAngles{-20.0, 8.0, 0.0};
  shaping.step_deg = 5.0;
  shaping.mastered_levels = 1;
  EXPECT_DOUBLE_EQ(shaping.target(kResting).rotation_deg, -15.0);  // the plan's start, not rest
  EXPECT_DOUBLE_EQ(shaping.target(kResting).tilt_deg, 3.0);
  shaping.mastered_levels = 3;
  EXPECT_DOUBLE_EQ(shaping.target(kResting).rotation_deg, -5.0);
  EXPECT_DOUBLE_EQ(shaping.target(kResting).tilt_deg, 0.0);  // at 0, not past it
  shaping.mastered_levels = 9;
  EXPECT_DOUBLE_EQ(shaping.target(kResting).rotation_deg, 0.0);
}

TEST(TargetShaping, NeverFurtherOutThanTheRecordedRangeNorTheTrustedRange) {
  TargetShaping shaping;
  shaping.start = HeadAngles{-60.0, 0.0, 0.0};
  shaping.step_deg = 0.0;
  EXPECT_DOUBLE_EQ(shaping.target(std::nullopt).rotation_deg, -kTrustedTargetDeg);
  shaping.range.rotation_right = 30.0;
  EXPECT_DOUBLE_EQ(shaping.target(std::nullopt).rotation_deg, -30.0);
}

}  // namespace
}  // namespace midline
