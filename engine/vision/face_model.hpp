#pragma once
// A 3D face: one point (millimetres, head frame) for each of the 68 landmarks. Head frame as
// in ARCHITECTURE.md: X to the image's right when the face looks into the camera, Y down,
// Z away from the camera; the origin is the tip of the nose.

#include <array>
#include <opencv2/core/matx.hpp>
#include <opencv2/core/types.hpp>

#include "pose/head_pose.hpp"
#include "vision/landmarks.hpp"

namespace midline {

using FaceModel = std::array<cv::Point3d, kLandmarkCount>;

// A generic adult face, built for Midline from published anthropometric proportions (eye
// span about 90 mm, nose tip about 30 mm in front of the eye corners). Angles come from how
// the landmarks move relative to one another, so its depth profile matters more than its size.
const FaceModel& generic_face_model();

// A pinhole camera. Webcams rarely say their focal length; a wrong one couples rotation into
// flexion, so it is a setting (focal length over image width) with a typical-webcam default.
struct CameraIntrinsics {
  double fx = 0, fy = 0, cx = 0, cy = 0;
  static CameraIntrinsics for_image(int width, int height, double focal_over_width);
  cv::Matx33d matrix() const { return {fx, 0, cx, 0, fy, cy, 0, 0, 1}; }  // as OpenCV takes it
};
inline constexpr double kDefaultFocalOverWidth = 0.9;  // about 58 degrees horizontal field
// Where the head turns on the neck (the upper cervical spine) lies about this far behind the
// middle of the eyes in adults (mm), and 100 mm below; people differ by 15% or so.
inline constexpr double kTypicalNeckBehindMm = 90.0;
// The range a patient's own figure is measured within (calibration, look_around_fit.hpp).
inline constexpr double kLeastNeckBehindMm = 70.0, kMostNeckBehindMm = 110.0;

cv::Point2d project(const CameraIntrinsics& camera, const HeadPose& pose, const cv::Point3d& p);

// The model fitted to one person: keeps the model's depth for each landmark and moves it
// across the face until it projects exactly onto `landmarks` seen at `pose`. Done once, at
// neutral calibration, so one generic face shape no longer biases every angle.
FaceModel personalised_model(const FaceModel& model, const Landmarks& landmarks,
                             const HeadPose& pose, const CameraIntrinsics& camera);

}  // namespace midline
