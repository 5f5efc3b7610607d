#pragma once
// Neutral calibration from camera frames: the patient holds still for a few seconds; the
// hold is accepted or rejected (with the reason) by NeutralCapture, and an accepted hold
// also fits the face model to this person from the average of their landmarks.

#include <optional>
#include <string>
#include <vector>

#include "pose/neutral.hpp"
#include "vision/face_model.hpp"
#include "vision/neutral_profile.hpp"
#include "vision/tracker.hpp"

namespace midline {

class Calibration {
 public:
  explicit Calibration(NeutralCaptureParams params = {}) : capture_(params) {}

  // Feed each frame tracked on the generic model (a tracker without a profile).
  void add(const TrackedFrame& frame, const std::optional<Tracker::RawFit>& fit);
  bool complete() const { return capture_.complete(); }
  double progress() const { return capture_.progress(); }

  struct Result {
    std::optional<NeutralProfile> profile;
    std::string problem;  // for the patient, when the hold was rejected
  };
  Result finish(const CameraIntrinsics& camera, double focal_over_width) const;

 private:
  NeutralCapture capture_;
  std::vector<Landmarks> landmarks_;
};

// Fits `model` to landmarks seen at neutral: alternately solves the pose and refits the model.
NeutralProfile fit_profile(const Landmarks& neutral_landmarks, const FaceModel& model,
                           const CameraIntrinsics& camera, double focal_over_width);

}  // namespace midline
