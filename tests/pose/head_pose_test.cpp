#include "pose/head_pose.hpp"

#include <gtest/gtest.h>

namespace midline {
namespace {

// The nose points along -Z in head coordinates (the face looks into the camera at identity).
glm::dvec3 nose_direction(const HeadAngles& a) { return rotation_matrix(a) * glm::dvec3(0, 0, -1); }
glm::dvec3 head_top_direction(const HeadAngles& a) {
  return rotation_matrix(a) * glm::dvec3(0, -1, 0);
}

TEST(HeadPoseConvention, PositiveRotationTurnsTheNoseToTheImageRight) {
  EXPECT_GT(nose_direction({30, 0, 0}).x, 0.4);
  EXPECT_LT(nose_direction({-30, 0, 0}).x, -0.4);
}

TEST(HeadPoseConvention, PositiveFlexionTakesTheChinDown) {
  EXPECT_GT(nose_direction({0, 0, 20}).y, 0.3);  // camera Y points down
  EXPECT_LT(nose_direction({0, 0, -20}).y, -0.3);
}

TEST(HeadPoseConvention, PositiveTiltMovesTheHeadTopToTheImageRight) {
  EXPECT_GT(head_top_direction({0, 15, 0}).x, 0.2);
  EXPECT_NEAR(nose_direction({0, 15, 0}).x, 0.0, 1e-12);  // tilt alone leaves the nose facing us
}

TEST(HeadPoseConvention, AnglesRoundTripThroughTheMatrix) {
  for (double rot : {-70.0, -30.0, 0.0, 12.5, 45.0})
    for (double tilt : {-35.0, 0.0, 20.0})
      for (double flex : {-40.0, -5.0, 0.0, 30.0}) {
        const HeadAngles back = head_angles(rotation_matrix({rot, tilt, flex}));
        EXPECT_NEAR(back.rotation_deg, rot, 1e-9);
        EXPECT_NEAR(back.tilt_deg, tilt, 1e-9);
        EXPECT_NEAR(back.flexion_deg, flex, 1e-9);
      }
}

TEST(HeadPoseConvention, RotationIsAppliedFirstThenFlexionThenTilt) {
  // With rotation applied first (outermost), a flexed head turned 90 degrees nods about the
  // camera's Z axis no more: its nose moves along X only, and stays level.
  const glm::dvec3 n = nose_direction({90, 0, 20});
  EXPECT_NEAR(n.y, std::sin(20.0 * 3.14159265358979 / 180.0), 1e-9);
  EXPECT_GT(n.x, 0.9);
}

TEST(HeadPoseConvention, RelativeOrientationRemovesTheNeutral) {
  const glm::dmat3 neutral = rotation_matrix({10, -5, 8});
  const glm::dmat3 target = rotation_matrix({25, 3, -12});
  // Undo the neutral: relative then composed with neutral gives back the absolute pose.
  const glm::dmat3 rel = relative_orientation(neutral, target);
  const glm::dmat3 back = neutral * rel;
  EXPECT_NEAR(angular_distance_deg(back, target), 0.0, 1e-6);
  EXPECT_NEAR(angular_distance_deg(neutral, neutral), 0.0, 1e-6);
  EXPECT_NEAR(angular_distance_deg(glm::dmat3(1.0), rotation_matrix({30, 0, 0})), 30.0, 1e-9);
}

}  // namespace
}  // namespace midline
