// The calibrated face model's frame on the test heads' own geometry (support/head_renderer.hpp),
// seen through exact landmarks: what calibration makes of faces whose shape is not the generic
// model's, without the 68-point fit's own errors. A model whose frame is pitched from the
// head's reads facing the camera as a nod and a tilt partly as a turn.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "head_material.hpp"
#include "vision/pose_solver.hpp"

namespace midline::testing {
namespace {

// Facing the camera squarely, after calibration (absolute angles): rotation and tilt are the
// body midline's (issue 12 asks 2 degrees through a webcam); flexion is left to the patient's
// flexion zero, but should be well inside the 15 degrees a level look may differ by (it read
// -7 to -25 degrees on these faces when the brows and eyelids set the model's frame).
constexpr double kFacingDeg = 1.0;
constexpr double kFacingFlexionDeg = 5.0;
// A held tilt reads no turn: at most this much rotation per degree of tilt (it read 0.12-0.39
// per degree when the brows and eyelids set the frame), and its own angle within kHeldDeg.
constexpr double kTurnPerTilt = 0.07;
constexpr double kHeldDeg = 1.5;

class CalibratedFrame : public ::testing::TestWithParam<std::string> {};

TEST_P(CalibratedFrame, FacingTheCameraReadsLevelAndAHeldTiltReadsNoTurn) {
  const std::string name = GetParam();
  std::string why;
  const auto face = load_test_face(name, *shared_fitter(), why);
  if (!face) GTEST_SKIP() << name << ": " << why;
  const HeadRenderer head(face->photo, face->landmarks, face->look, face->light);
  const CameraIntrinsics camera =
      CameraIntrinsics::for_image(head.webcam().width, head.webcam().height, kDefaultFocalOverWidth);

  // Calibrated as HeadSession::calibrate does: resting facing the camera, then the look around
  // (every third frame, as Calibration keeps them).
  std::vector<Landmarks> views;
  for (double t = 0.0; t < CalibrationParams{}.look_around_s; t += 3.0 / HeadSession::kFps)
    views.push_back(head.landmarks_seen(looking_around({}, t)));
  const NeutralProfile profile =
      fit_profile(head.landmarks_seen({}), views, camera, kDefaultFocalOverWidth);
  const HeadPose& neutral = profile.neutral.pose;

  const HeadAngles facing = head_angles(neutral.orientation);
  std::printf("%s facing the camera squarely reads %.2f/%.2f/%.2f (rotation/tilt/flexion)\n",
              name.c_str(), facing.rotation_deg, facing.tilt_deg, facing.flexion_deg);
  EXPECT_NEAR(facing.rotation_deg, 0.0, kFacingDeg) << name;
  EXPECT_NEAR(facing.tilt_deg, 0.0, kFacingDeg) << name;
  EXPECT_NEAR(facing.flexion_deg, 0.0, kFacingFlexionDeg) << name;

  auto read_at = [&](const HeadAngles& held) {
    const HeadPose seen = solve_pose(head.landmarks_seen(held), profile.model, camera, neutral).pose;
    const HeadAngles read = head_angles(relative_orientation(neutral.orientation, seen.orientation));
    std::printf("%s held %.0f/%.0f/%.0f reads %.2f/%.2f/%.2f\n", name.c_str(), held.rotation_deg,
                held.tilt_deg, held.flexion_deg, read.rotation_deg, read.tilt_deg, read.flexion_deg);
    return read;
  };
  for (const double tilt : {30.0, -30.0, 45.0, -45.0}) {
    const HeadAngles read = read_at({0, tilt, 0});
    EXPECT_LE(std::abs(read.rotation_deg), kTurnPerTilt * std::abs(tilt))
        << name << ": a tilt held at " << tilt << " deg reads as a turn";
    EXPECT_NEAR(read.tilt_deg, tilt, kHeldDeg) << name << ": a tilt held at " << tilt << " deg";
  }
  // Turns and nods of 35 degrees, printed: on exact landmarks too, the model's depth leaves
  // some faces reading them short (issue 12, item 4).
  for (const HeadAngles& held : {HeadAngles{35, 0, 0}, HeadAngles{-35, 0, 0}, HeadAngles{0, 0, 35},
                                 HeadAngles{0, 0, -35}})
    read_at(held);
}

INSTANTIATE_TEST_SUITE_P(Faces, CalibratedFrame, ::testing::ValuesIn(test_face_names()),
                         face_test_name);

}  // namespace
}  // namespace midline::testing
