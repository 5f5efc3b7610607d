#include "exercises/direction_cue.hpp"

#include <gtest/gtest.h>

namespace midline {
namespace {

const AxisTolerance kZone{10.0, 8.0, 6.0};

TEST(DirectionCue, NoneWhileTheHeadIsInTheZone) {
  EXPECT_TRUE(way_back({9.0, -7.0, 5.5}, kZone).empty());
}

// Turned too far to the patient's right (negative rotation): the way back is to the left,
// which is the screen's left in the mirror; and the other way round.
TEST(DirectionCue, RotationPointsBackForBothSigns) {
  const auto right = way_back({-25.0, 0.0, 0.0}, kZone);
  ASSERT_EQ(right.size(), 1u);
  EXPECT_EQ(right[0].axis, Axis::rotation);
  EXPECT_EQ(right[0].sign, 1);
  EXPECT_EQ(right[0].words, "Turn a little to your left");
  EXPECT_LT(right[0].arrow_x, 0.0f);
  const auto left = way_back({14.0, 0.0, 0.0}, kZone);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].sign, -1);
  EXPECT_EQ(left[0].words, "Turn a little to your right");
  EXPECT_GT(left[0].arrow_x, 0.0f);
}

TEST(DirectionCue, TiltPointsBackForBothSigns) {
  const auto left_ear_down = way_back({0.0, 12.0, 0.0}, kZone);
  ASSERT_EQ(left_ear_down.size(), 1u);
  EXPECT_EQ(left_ear_down[0].axis, Axis::tilt);
  EXPECT_EQ(left_ear_down[0].words, "Tilt your head a little toward your right shoulder");
  EXPECT_GT(left_ear_down[0].arrow_x, 0.0f);
  const auto right_ear_down = way_back({0.0, -12.0, 0.0}, kZone);
  ASSERT_EQ(right_ear_down.size(), 1u);
  EXPECT_EQ(right_ear_down[0].words, "Tilt your head a little toward your left shoulder");
  EXPECT_LT(right_ear_down[0].arrow_x, 0.0f);
}

TEST(DirectionCue, FlexionPointsBackForBothSigns) {
  const auto chin_down = way_back({0.0, 0.0, 9.0}, kZone);
  ASSERT_EQ(chin_down.size(), 1u);
  EXPECT_EQ(chin_down[0].axis, Axis::flexion);
  EXPECT_EQ(chin_down[0].words, "Raise your chin a little");
  EXPECT_LT(chin_down[0].arrow_y, 0.0f);  // up the screen
  const auto chin_up = way_back({0.0, 0.0, -9.0}, kZone);
  ASSERT_EQ(chin_up.size(), 1u);
  EXPECT_EQ(chin_up[0].words, "Lower your chin a little");
  EXPECT_GT(chin_up[0].arrow_y, 0.0f);
}

TEST(DirectionCue, EachAxisOutOfTheZoneHasItsOwnCue) {
  EXPECT_EQ(way_back({-20.0, 10.0, -8.0}, kZone).size(), 3u);
}

}  // namespace
}  // namespace midline
