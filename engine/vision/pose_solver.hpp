#pragma once
// Head pose from 68 landmarks by cv::solvePnP on a 3D face model.

#include <opencv2/core/matx.hpp>
#include <optional>
#include <span>

#include "pose/head_pose.hpp"
#include "vision/face_model.hpp"
#include "vision/landmarks.hpp"

namespace midline {

// The landmarks the solver trusts: brows, nose, eyes and the mouth corners. Not the jaw line,
// whose points slide along the face's outline as the head turns, and not the lips, which move
// when the patient speaks or smiles.
std::span<const int> rigid_landmarks();
// The points a hand on the chin or cheek covers first.
std::span<const int> lower_face_landmarks();

// Rotation matrices between GLM (column-major) and OpenCV, for cv::solvePnP and cv::Rodrigues.
cv::Matx33d to_cv(const glm::dmat3& m);
glm::dmat3 to_glm(const cv::Matx33d& m);

struct PoseFit {
  HeadPose pose;
  double rms_error_px = 0.0;  // reprojection error over the rigid landmarks
};

// `guess` (the previous frame's pose) starts the iterative solve when present, which keeps
// consecutive frames on the same solution; without it a global solver finds the start.
PoseFit solve_pose(const Landmarks& landmarks, const FaceModel& model,
                   const CameraIntrinsics& camera, const std::optional<HeadPose>& guess);

// Root-mean-square distance, in pixels, between `indices` of the landmarks and the model's
// projection at `pose`.
double reprojection_rms_px(const Landmarks& landmarks, const FaceModel& model,
                           const CameraIntrinsics& camera, const HeadPose& pose,
                           std::span<const int> indices);

}  // namespace midline
