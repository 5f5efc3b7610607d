#include "pose/body_midline.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace midline {
namespace {

void expect_angles(const HeadAngles& got, const HeadAngles& want, double tolerance = 1e-9) {
  EXPECT_NEAR(got.rotation_deg, want.rotation_deg, tolerance);
  EXPECT_NEAR(got.tilt_deg, want.tilt_deg, tolerance);
  EXPECT_NEAR(got.flexion_deg, want.flexion_deg, tolerance);
}

// A patient whose head rests 25 deg to their right and 8 deg toward their left shoulder.
const HeadAngles kResting{-25.0, 8.0, 0.0};

TEST(BodyMidline, AHeadAtRestReadsItsRestingPostureNotZero) {
  const BodyReference reference{rotation_matrix(kResting), 0.0};
  expect_angles(resting_posture(reference), kResting);
  // At rest the tracker's angles from the resting posture are zero; from the body midline
  // they are the posture itself.
  expect_angles(from_body_midline({}, reference), kResting);
}

TEST(BodyMidline, AHeadSquareToTheCameraReadsZeroWhateverItsRestingPosture) {
  const BodyReference reference{rotation_matrix(kResting), 0.0};
  const HeadAngles square_from_resting =
      head_angles(relative_orientation(reference.resting, glm::dmat3(1.0)));
  expect_angles(from_body_midline(square_from_resting, reference), {});
}

TEST(BodyMidline, TheFlexionZeroIsTheFacePitchOfALevelHead) {
  // This face's plane tips 7 deg chin-down when the head is level.
  const double zero = 7.0;
  expect_angles(body_midline_angles(rotation_matrix({0, 0, 7.0}), zero, 0.0), {});
  expect_angles(body_midline_angles(rotation_matrix({0, 0, 27.0}), zero, 0.0), {0, 0, 20.0});
  // With the head turned as well, the turn is kept and only the face's pitch comes off.
  expect_angles(body_midline_angles(rotation_matrix({-25.0, 0, 7.0}), zero, 0.0), {-25.0, 0, 0});
}

TEST(BodyMidline, ARestingPostureMeasuredBeforeTheFlexionZeroIsMeasuredAgainFromIt) {
  // Calibrated with no flexion zero: the head rests turned 25 right, tilted 8 and 10
  // chin-down, as the face's plane shows it. The patient's level look then finds the face tips 4 deg chin-down.
  const glm::dmat3 camera_orientation = rotation_matrix({-25.0, 8.0, 10.0});
  const HeadAngles before = body_midline_angles(camera_orientation, 0.0, 0.0);
  const HeadAngles after = with_flexion_zero(before, 0.0, 4.0, 0.0);
  expect_angles(after, body_midline_angles(camera_orientation, 4.0, 0.0));
  // Without the tilt, the rest is simply less the face's own pitch, and the turn is kept.
  expect_angles(with_flexion_zero({-25.0, 0.0, 10.0}, 0.0, 4.0, 0.0), {-25.0, 0.0, 6.0});
  // And back again, from one recorded zero to another.
  expect_angles(with_flexion_zero(after, 4.0, 0.0, 0.0), before);
}

TEST(BodyMidline, AFlexionZeroTheTracksTurnsShareIsTakenOffOnTheCamerasSide) {
  // A face model whose frame is pitched 9 deg chin-up on the camera's side: it reads every
  // orientation pitched so (the level look's flexion zero -9), and the look around's turns
  // about an axis pitched alike (the track pitch -9).
  const glm::dmat3 model_pitch = rotation_matrix({0, 0, -9.0});
  for (const HeadAngles head : {HeadAngles{}, HeadAngles{30, 0, 0}, HeadAngles{-45, 0, 0},
                                HeadAngles{0, 30, 0}, HeadAngles{-35, -15, 15}}) {
    const glm::dmat3 read = model_pitch * rotation_matrix(head);
    expect_angles(body_midline_angles(read, -9.0, -9.0), head, 1e-6);
  }
  // Taken off on the head's side instead, a 30 deg turn would read 4.7 deg of tilt.
  EXPECT_GT(
      std::abs(body_midline_angles(model_pitch * rotation_matrix({30, 0, 0}), -9.0, 0.0).tilt_deg),
      4.0);
}

TEST(BodyMidline, OnlyThePitchTheFlexionZeroAndTheTrackShareIsTheCamerasSide) {
  EXPECT_EQ(camera_side_pitch_deg(-9.7, -8.6), -8.6);
  EXPECT_EQ(camera_side_pitch_deg(-8.2, -16.4), -8.2);  // voc_c at another draw
  EXPECT_EQ(camera_side_pitch_deg(4.0, 7.5), 4.0);
  EXPECT_EQ(camera_side_pitch_deg(-3.3, -2.6), 0.0);  // voc_a's: not a frame's pitch
  EXPECT_EQ(camera_side_pitch_deg(-0.6, 5.5), 0.0);   // not the model's frame
  EXPECT_EQ(camera_side_pitch_deg(0.0, -9.0), 0.0);   // no level look yet
  // The face pitched 4 deg chin-down within the head, seen by a model pitched -8 on the
  // camera's side: the level look reads -4, and only those 4 of the 8 come off on the
  // camera's side. A 20 deg turn keeps some tilt, less than with all on the head's side.
  const glm::dmat3 read =
      rotation_matrix({0, 0, -8.0}) * rotation_matrix({20, 0, 0}) * rotation_matrix({0, 0, 4.0});
  const double tilt_shared = std::abs(body_midline_angles(read, -4.0, -8.0).tilt_deg);
  const double tilt_head_side = std::abs(body_midline_angles(read, -4.0, 0.0).tilt_deg);
  EXPECT_LT(tilt_shared, 1.5);
  EXPECT_LT(tilt_shared, tilt_head_side - 0.5);
}

TEST(BodyMidline, ARestingPostureIsMeasuredAgainWithTheTracksPitch) {
  // Calibrated with no flexion zero by a model pitched -8 on the camera's side; the level
  // look then reads -8.
  const glm::dmat3 camera_orientation =
      rotation_matrix({0, 0, -8.0}) * rotation_matrix({-25.0, 8.0, 10.0});
  const HeadAngles before = body_midline_angles(camera_orientation, 0.0, -8.0);
  const HeadAngles after = with_flexion_zero(before, 0.0, -8.0, -8.0);
  expect_angles(after, body_midline_angles(camera_orientation, -8.0, -8.0), 1e-6);
  expect_angles(after, {-25.0, 8.0, 10.0}, 1e-6);
  expect_angles(with_flexion_zero(after, -8.0, 0.0, -8.0), before, 1e-6);
}

TEST(BodyMidline, ASampleKeepsItsPoseAndGetsBothAnglesFromTheBodyMidline) {
  const BodyReference reference{rotation_matrix(kResting), 0.0};
  HeadSample sample;
  FaceMeasurement& face = sample.face.emplace();
  face.angles = {5.0, 0.0, 0.0};       // 5 deg back toward the left from rest
  face.raw_angles = {6.0, 0.0, 0.0};
  face.pose.orientation = rotation_matrix({-20.0, 8.0, 0.0});
  const HeadSample body = measured_from_body_midline(sample, reference);
  EXPECT_NEAR(body.face->angles.rotation_deg, -20.0, 0.2);  // turns compose, not add
  EXPECT_NEAR(body.face->raw_angles.rotation_deg, -19.0, 0.2);
  EXPECT_EQ(body.face->pose.orientation, face.pose.orientation);
  HeadSample lost;
  EXPECT_FALSE(measured_from_body_midline(lost, reference).face);
}

}  // namespace
}  // namespace midline
