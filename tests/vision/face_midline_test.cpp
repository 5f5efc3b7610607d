// The calibrated face model's frame: turned onto the face's own midline plane.

#include <gtest/gtest.h>

#include <random>

#include "vision/calibration.hpp"
#include "vision/pose_solver.hpp"

namespace midline {
namespace {

// A face model as a fit from landmarks gives it: the right shape, but turned and tilted a few
// degrees in its frame, shifted, and a little unlike on its two halves.
FaceModel skewed(const FaceModel& face, const HeadAngles& turn) {
  const glm::dmat3 r = rotation_matrix(turn);
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> wobble(-0.4, 0.4);
  FaceModel out;
  for (int i = 0; i < kLandmarkCount; ++i) {
    const glm::dvec3 p = r * glm::dvec3(face[i].x, face[i].y, face[i].z);
    out[i] = {p.x + 6.0 + wobble(rng), p.y - 3.0 + wobble(rng), p.z + 4.0 + wobble(rng)};
  }
  return out;
}

Landmarks seen_facing_the_camera(const FaceModel& face, const CameraIntrinsics& camera) {
  HeadPose pose;
  pose.position_mm = {0.0, 0.0, 600.0};
  Landmarks l;
  for (int i = 0; i < kLandmarkCount; ++i) {
    const cv::Point2d p = project(camera, pose, face[i]);
    l[i] = cv::Point2f(static_cast<float>(p.x), static_cast<float>(p.y));
  }
  return l;
}

TEST(FaceMidline, FacingTheCameraSquarelyReadsNoRotationOnAModelFittedTurned) {
  const CameraIntrinsics camera = CameraIntrinsics::for_image(640, 480, kDefaultFocalOverWidth);
  const Landmarks facing = seen_facing_the_camera(generic_face_model(), camera);
  const FaceModel turned = skewed(generic_face_model(), {6.0, 0.0, 8.0});

  const HeadAngles before = head_angles(solve_pose(facing, turned, camera, std::nullopt).pose.orientation);
  ASSERT_GT(std::abs(before.rotation_deg), 4.0) << "the turned model should read the face turned";

  const FaceModel upright = turned_onto_its_midline(turned, 0.0);
  const HeadAngles after = head_angles(solve_pose(facing, upright, camera, std::nullopt).pose.orientation);
  EXPECT_NEAR(after.rotation_deg, 0.0, 0.5);
  // The frame's pitch is the face's, not the midline plane's to set: it stays.
  EXPECT_NEAR(after.flexion_deg, before.flexion_deg, 1.0);
}

TEST(FaceMidline, AModelAlreadyOnItsMidlineIsLeftAsItIs) {
  const FaceModel upright = turned_onto_its_midline(generic_face_model(), 0.0);
  for (int i = 0; i < kLandmarkCount; ++i)
    EXPECT_LT(cv::norm(upright[i] - generic_face_model()[i]), 1e-6) << "landmark " << i;
}

TEST(FaceMidline, TheShapeIsKept) {
  const FaceModel turned = skewed(generic_face_model(), {-7, 3, -5});
  const FaceModel upright = turned_onto_its_midline(turned, 0.0);
  for (int i = 0; i < kLandmarkCount; ++i)
    for (int j = i + 1; j < kLandmarkCount; ++j)
      ASSERT_NEAR(cv::norm(upright[i] - upright[j]), cv::norm(turned[i] - turned[j]), 1e-6);
}

// The generic face with the points `from` to `to` (one past) moved back by `depth_mm`, as a fit
// misplaces one part of a face.
FaceModel pushed_back(int from, int to, double depth_mm) {
  FaceModel out = generic_face_model();
  for (int i = from; i < to; ++i) out[i].z += depth_mm;
  return out;
}

// The rotation the tracker would read on the generic face facing the camera squarely, with
// `model` turned onto its midline as calibration does, the face seen `seen_turned_deg` from
// facing when it was fitted.
double rotation_read_facing(const FaceModel& model, double seen_turned_deg) {
  const CameraIntrinsics camera = CameraIntrinsics::for_image(640, 480, kDefaultFocalOverWidth);
  const Landmarks facing = seen_facing_the_camera(generic_face_model(), camera);
  const FaceModel upright = turned_onto_its_midline(model, seen_turned_deg);
  return head_angles(solve_pose(facing, upright, camera, std::nullopt).pose.orientation)
      .rotation_deg;
}

TEST(FaceMidline, SeenSquareOnTheJawLineOutweighsOneMisplacedEye) {
  // One eye fitted 4 mm too deep, as behind a glasses lens.
  const FaceModel eye_misplaced = pushed_back(42, 48, 4.0);
  const double with_jaw = rotation_read_facing(eye_misplaced, 0.0);
  const double without_jaw = rotation_read_facing(eye_misplaced, 30.0);
  EXPECT_GT(std::abs(without_jaw), 0.5) << "the misplaced eye should turn the midline";
  EXPECT_LT(std::abs(with_jaw), 0.6 * std::abs(without_jaw))
      << "seen square on, the jaw line's pairs should hold the midline";
}

TEST(FaceMidline, SeenTurnedTheJawLineDoesNotSetTheMidline) {
  // The outline on the far side of a turned face is the cheek's: that half of the jaw line
  // fitted 10 mm too far forward.
  const FaceModel outline_slid = pushed_back(9, 17, -10.0);
  EXPECT_NEAR(rotation_read_facing(outline_slid, 25.0), 0.0, 0.3)
      << "seen turned, the jaw line should not count";
  EXPECT_GT(std::abs(rotation_read_facing(outline_slid, 0.0)), 1.0)
      << "seen square on, the jaw line counts (else this test shows nothing)";
  // Halfway, halfway.
  const double half = rotation_read_facing(outline_slid, 4.5);
  EXPECT_GT(std::abs(half), 0.2);
  EXPECT_LT(std::abs(half), std::abs(rotation_read_facing(outline_slid, 0.0)));
}

}  // namespace
}  // namespace midline
