#include "pose/neutral.hpp"

#include <gtest/gtest.h>

namespace midline {
namespace {

HeadPose pose_at(HeadAngles a, glm::dvec3 position = {0, 0, 600}) {
  return HeadPose{rotation_matrix(a), position};
}

TEST(NeutralCapture, AcceptsAStillHoldAndAveragesIt) {
  NeutralCapture capture;
  for (int i = 0; i <= 95; ++i) {
    const double wobble = (i % 2 ? 0.5 : -0.5);
    capture.add(i / 30.0, pose_at({4 + wobble, -2, 6 - wobble}));
  }
  ASSERT_TRUE(capture.complete());
  const auto result = capture.finish();
  ASSERT_TRUE(result.neutral) << result.problem;
  const HeadAngles a = head_angles(result.neutral->pose.orientation);
  EXPECT_NEAR(a.rotation_deg, 4.0, 0.1);
  EXPECT_NEAR(a.tilt_deg, -2.0, 0.1);
  EXPECT_NEAR(a.flexion_deg, 6.0, 0.1);
}

TEST(NeutralCapture, RejectsAHoldWithMovementAndSaysSo) {
  NeutralCapture capture;
  for (int i = 0; i <= 95; ++i) capture.add(i / 30.0, pose_at({i * 0.2, 0, 0}));
  const auto result = capture.finish();
  EXPECT_FALSE(result.neutral);
  EXPECT_TRUE(result.moved);
  EXPECT_NE(result.problem.find("moved"), std::string::npos) << result.problem;
}

TEST(NeutralCapture, RejectsAHoldThatShiftedAndSaysSo) {
  NeutralCapture capture;
  for (int i = 0; i <= 95; ++i) capture.add(i / 30.0, pose_at({}, {i * 1.0, 0, 600}));
  const auto result = capture.finish();
  EXPECT_FALSE(result.neutral);
  EXPECT_TRUE(result.moved);
  EXPECT_NE(result.problem.find("shifted"), std::string::npos) << result.problem;
}

TEST(NeutralCapture, RejectsAHoldWhenTheFaceWasMostlyUnseen) {
  NeutralCapture capture;
  for (int i = 0; i <= 95; ++i)
    capture.add(i / 30.0, i % 3 ? std::nullopt : std::optional<HeadPose>(pose_at({})));
  const auto result = capture.finish();
  EXPECT_FALSE(result.neutral);
  EXPECT_FALSE(result.moved);
  EXPECT_NE(result.problem.find("not seen"), std::string::npos) << result.problem;
}

TEST(NeutralCapture, IsIncompleteBeforeTheHoldTime) {
  NeutralCapture capture;
  for (int i = 0; i < 30; ++i) capture.add(i / 30.0, pose_at({}));
  EXPECT_FALSE(capture.complete());
  EXPECT_LT(capture.progress(), 0.5);
  EXPECT_FALSE(capture.finish().neutral);
}

}  // namespace
}  // namespace midline
