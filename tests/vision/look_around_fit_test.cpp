// The look around's poses from the face's texture (vision/look_around_fit.hpp), on points
// whose true places and poses are known: a face deeper than the model the points are first
// placed on, seen through a look around whose starting poses read every turn and nod a fifth
// short, as landmarks on a deeper face do.

#include "vision/look_around_fit.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <opencv2/core.hpp>
#include <random>

#include "vision/model_tracking.hpp"

namespace midline {
namespace {

constexpr double kPi = 3.14159265358979;

// The generic face with its relief (depth about its mean) scaled by `relief`.
FaceModel deeper_face(double relief) {
  FaceModel face = generic_face_model();
  double mean = 0.0;
  for (const auto& p : face) mean += p.z / kLandmarkCount;
  for (auto& p : face) p.z = mean + relief * (p.z - mean);
  return face;
}

// Calibration's look around, `t_s` into it: turning ±15° and nodding ±8°.
HeadAngles looking_around(double t_s) {
  return {15.0 * std::sin(2 * kPi * t_s / 3.0), 0.0, 8.0 * std::sin(2 * kPi * t_s / 2.0)};
}

struct Scene {
  CameraIntrinsics camera = CameraIntrinsics::for_image(640, 480, kDefaultFocalOverWidth);
  HeadPose first{glm::dmat3(1.0), {0.0, 0.0, 600.0}};
  std::vector<cv::Point3d> points;  // head frame, on the true face
  std::vector<HeadAngles> truth;    // per frame, from the first
  std::vector<HeadPose> poses;      // per frame
  std::vector<std::vector<cv::Point2f>> seen;

  // Points on `face` (as HeadShape outlines it) under a grid of pixels over the face, seen in
  // every tenth frame of a 6-second look around at 30 frames a second, with pixel noise.
  explicit Scene(const FaceModel& face, double noise_px = 0.2) {
    const HeadShape shape(face);
    for (float y = 150; y <= 330; y += 12)
      for (float x = 240; x <= 400; x += 12)
        if (const auto hit = shape.cast(cv::Point2f(x, y), first, camera))
          points.push_back(hit->point);
    std::mt19937 rng(11);
    std::normal_distribution<double> noise(0.0, noise_px);
    for (int frame = 0; frame <= 180; frame += 10) {
      const HeadAngles angles = looking_around(frame / 30.0);
      truth.push_back(angles);
      const HeadPose pose{first.orientation * rotation_matrix(angles), first.position_mm};
      poses.push_back(pose);
      std::vector<cv::Point2f> in_frame;
      for (const auto& p : points) {
        const cv::Point2d q = project(camera, pose, p);
        in_frame.emplace_back(static_cast<float>(q.x + noise(rng)),
                              static_cast<float>(q.y + noise(rng)));
      }
      seen.push_back(std::move(in_frame));
    }
  }

  // The poses with every turn and nod read `gain` of itself.
  std::vector<HeadPose> poses_read_at(double gain) const {
    std::vector<HeadPose> out;
    for (const auto& a : truth)
      out.push_back({first.orientation * rotation_matrix({gain * a.rotation_deg, gain * a.tilt_deg,
                                                          gain * a.flexion_deg}),
                     first.position_mm});
    return out;
  }
};

HeadAngles from_first(const std::vector<HeadPose>& poses, size_t k) {
  return head_angles(relative_orientation(poses[0].orientation, poses[k].orientation));
}

TEST(LookAroundFit, TurnsAndNodsReadShortAreReadInFullFromTheTexture) {
  const Scene scene(deeper_face(1.3));
  ASSERT_GT(scene.points.size(), 60u);
  const std::vector<HeadPose> starts = scene.poses_read_at(0.8);
  const auto fitted = fit_look_around(scene.seen, starts, generic_face_model(), scene.camera);
  ASSERT_TRUE(fitted);
  ASSERT_EQ(fitted->size(), scene.truth.size());
  double worst_start = 0.0;
  for (size_t k = 1; k < scene.truth.size(); ++k) {
    const HeadAngles read = from_first(*fitted, k), started = from_first(starts, k);
    worst_start =
        std::max(worst_start, std::abs(started.rotation_deg - scene.truth[k].rotation_deg));
    EXPECT_NEAR(read.rotation_deg, scene.truth[k].rotation_deg, 0.3) << "frame " << k;
    EXPECT_NEAR(read.tilt_deg, scene.truth[k].tilt_deg, 0.3) << "frame " << k;
    EXPECT_NEAR(read.flexion_deg, scene.truth[k].flexion_deg, 0.3) << "frame " << k;
  }
  EXPECT_GT(worst_start, 2.5) << "the starting poses should be well off";
}

TEST(LookAroundFit, PointsThatSlideDoNotSteerTheTurns) {
  Scene scene(deeper_face(1.3));
  // One point in eight slides sideways, half a pixel a frame further, as texture on the
  // outline or in a moving shadow does.
  for (size_t k = 0; k < scene.seen.size(); ++k)
    for (size_t j = 0; j < scene.seen[k].size(); j += 8)
      scene.seen[k][j].x += 0.5f * static_cast<float>(k * 10);
  const auto fitted =
      fit_look_around(scene.seen, scene.poses_read_at(0.8), generic_face_model(), scene.camera);
  ASSERT_TRUE(fitted);
  for (size_t k = 1; k < scene.truth.size(); ++k) {
    const HeadAngles read = from_first(*fitted, k);
    EXPECT_NEAR(read.rotation_deg, scene.truth[k].rotation_deg, 0.5) << "frame " << k;
    EXPECT_NEAR(read.flexion_deg, scene.truth[k].flexion_deg, 0.5) << "frame " << k;
  }
}

TEST(LookAroundFit, TooFewPointsSayNothing) {
  Scene scene(generic_face_model());
  for (auto& frame : scene.seen) frame.resize(10);
  EXPECT_FALSE(
      fit_look_around(scene.seen, scene.poses_read_at(1.0), generic_face_model(), scene.camera));
  // Points lost after the first frame count as none.
  Scene lost_early(generic_face_model());
  for (size_t k = 1; k < lost_early.seen.size(); ++k)
    for (auto& p : lost_early.seen[k]) p = cv::Point2f(NAN, NAN);
  EXPECT_FALSE(fit_look_around(lost_early.seen, lost_early.poses_read_at(1.0), generic_face_model(),
                               lost_early.camera));
}

// Where the head turns on the neck, and how its landmarks read its nods, are measured only
// from a head seen turning and nodding: a still one, or pictures without their landmarks, say
// nothing rather than a guess.
TEST(MeasureLookAround, AHeadThatDidNotMoveSaysNothing) {
  const Scene scene(generic_face_model());
  cv::Mat gray(480, 640, CV_8U);
  cv::randu(gray, 0, 255);  // texture enough for many points
  Landmarks landmarks;
  for (int i = 0; i < kLandmarkCount; ++i) {
    const cv::Point2d p = project(scene.camera, scene.first, generic_face_model()[i]);
    landmarks[i] = cv::Point2f(static_cast<float>(p.x), static_cast<float>(p.y));
  }
  const std::vector<cv::Mat> still(30, gray);
  const std::vector<std::optional<Landmarks>> seen(30, landmarks);
  auto says_nothing = [&](const LookAroundMeasures& m) {
    return !m.neck_behind_mm && !m.landmark_nod_agreement;
  };
  EXPECT_TRUE(says_nothing(measure_look_around(still, seen, generic_face_model(), scene.camera)));
  std::vector<std::optional<Landmarks>> first_unseen = seen;
  first_unseen[0].reset();
  EXPECT_TRUE(
      says_nothing(measure_look_around(still, first_unseen, generic_face_model(), scene.camera)));
  EXPECT_TRUE(says_nothing(measure_look_around({}, {}, generic_face_model(), scene.camera)));
}

}  // namespace
}  // namespace midline
