#include "vision/calibration.hpp"

#include "vision/pose_solver.hpp"

namespace midline {

void Calibration::add(const TrackedFrame& frame, const std::optional<Tracker::RawFit>& fit) {
  const bool usable = frame.sample.trusted() && fit.has_value();
  capture_.add(frame.sample.time_s, usable ? std::optional<HeadPose>(fit->pose) : std::nullopt);
  if (usable) landmarks_.push_back(fit->landmarks);
}

Calibration::Result Calibration::finish(const CameraIntrinsics& camera,
                                        double focal_over_width) const {
  const NeutralCapture::Result held = capture_.finish();
  if (!held.neutral) return {std::nullopt, held.problem};
  Landmarks mean{};
  for (const auto& l : landmarks_)
    for (int i = 0; i < kLandmarkCount; ++i) mean[i] += l[i];
  for (auto& p : mean) p *= 1.0f / static_cast<float>(landmarks_.size());
  return {fit_profile(mean, generic_face_model(), camera, focal_over_width), {}};
}

NeutralProfile fit_profile(const Landmarks& neutral_landmarks, const FaceModel& model,
                           const CameraIntrinsics& camera, double focal_over_width) {
  NeutralProfile profile;
  profile.focal_over_width = focal_over_width;
  profile.model = model;
  // Three rounds settle it: the pose barely changes after the first refit.
  PoseFit fit = solve_pose(neutral_landmarks, profile.model, camera, std::nullopt);
  for (int round = 0; round < 3; ++round) {
    profile.model = personalised_model(model, neutral_landmarks, fit.pose, camera);
    fit = solve_pose(neutral_landmarks, profile.model, camera, fit.pose);
  }
  profile.neutral.pose = fit.pose;
  return profile;
}

}  // namespace midline
