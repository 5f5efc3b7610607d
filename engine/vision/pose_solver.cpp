#include "vision/pose_solver.hpp"

#include <array>
#include <cmath>
#include <opencv2/calib3d.hpp>
#include <vector>

namespace midline {
namespace {

constexpr auto kRigid = [] {
  std::array<int, 33> ids{};
  int n = 0;
  for (int i = landmark_range::brows_begin; i < landmark_range::eyes_end; ++i) ids[n++] = i;
  ids[n++] = 48;
  ids[n++] = 54;
  return ids;
}();

// The chin point and the lower lip; not the jaw line, which slides as the head turns.
constexpr std::array<int, 9> kLowerFace = {8, 48, 54, 55, 56, 57, 58, 59, 66};

}  // namespace

cv::Matx33d to_cv(const glm::dmat3& m) {
  return cv::Matx33d(m[0][0], m[1][0], m[2][0], m[0][1], m[1][1], m[2][1], m[0][2], m[1][2],
                     m[2][2]);
}
glm::dmat3 to_glm(const cv::Matx33d& m) {
  return glm::dmat3(m(0, 0), m(1, 0), m(2, 0), m(0, 1), m(1, 1), m(2, 1), m(0, 2), m(1, 2),
                    m(2, 2));
}

std::span<const int> rigid_landmarks() { return kRigid; }
std::span<const int> lower_face_landmarks() { return kLowerFace; }

PoseFit solve_pose(const Landmarks& landmarks, const FaceModel& model,
                   const CameraIntrinsics& camera, const std::optional<HeadPose>& guess) {
  std::vector<cv::Point3d> object;
  std::vector<cv::Point2d> image;
  object.reserve(kRigid.size());
  image.reserve(kRigid.size());
  for (int i : kRigid) {
    object.push_back(model[i]);
    image.emplace_back(landmarks[i].x, landmarks[i].y);
  }
  const cv::Matx33d k = camera.matrix();
  cv::Vec3d rvec, tvec;
  if (guess) {
    cv::Rodrigues(to_cv(guess->orientation), rvec);
    tvec = cv::Vec3d(guess->position_mm.x, guess->position_mm.y, guess->position_mm.z);
    cv::solvePnP(object, image, k, cv::noArray(), rvec, tvec, true, cv::SOLVEPNP_ITERATIVE);
  } else {
    cv::solvePnP(object, image, k, cv::noArray(), rvec, tvec, false, cv::SOLVEPNP_SQPNP);
    cv::solvePnP(object, image, k, cv::noArray(), rvec, tvec, true, cv::SOLVEPNP_ITERATIVE);
  }
  cv::Matx33d r;
  cv::Rodrigues(rvec, r);
  PoseFit fit;
  fit.pose.orientation = to_glm(r);
  fit.pose.position_mm = glm::dvec3(tvec[0], tvec[1], tvec[2]);
  fit.rms_error_px = reprojection_rms_px(landmarks, model, camera, fit.pose, kRigid);
  return fit;
}

double reprojection_rms_px(const Landmarks& landmarks, const FaceModel& model,
                           const CameraIntrinsics& camera, const HeadPose& pose,
                           std::span<const int> indices) {
  double sum = 0.0;
  for (int i : indices) {
    const cv::Point2d p = project(camera, pose, model[i]);
    const double dx = p.x - landmarks[i].x, dy = p.y - landmarks[i].y;
    sum += dx * dx + dy * dy;
  }
  return indices.empty() ? 0.0 : std::sqrt(sum / static_cast<double>(indices.size()));
}

}  // namespace midline
