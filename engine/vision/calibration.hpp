#pragma once
// Neutral calibration from camera frames, in two steps:
//  1. hold: the patient lets the head rest where it settles by itself and holds still for a
//     few seconds; NeutralCapture accepts the hold or says why not. Where it rests is the
//     resting posture, a measurement (pose/body_midline.hpp), never the zero;
//  2. look around: the patient turns the head a little, gently, left and right and nods a
//     little. The different views show the face's real depth, so the face model is fitted to
//     this person in 3D (a small bundle adjustment) instead of being guessed from one view.
//     A single frontal view cannot tell a face's proportions from a tilt of the head, and
//     that ambiguity would couple rotation into tilt and flexion.
// Step 2 can be skipped (for a recording of a still head): the model is then fitted from the
// hold alone, which is less exact at large angles.

#include <optional>
#include <string>
#include <vector>

#include "pose/neutral.hpp"
#include "vision/face_model.hpp"
#include "vision/neutral_profile.hpp"
#include "vision/tracker.hpp"

namespace midline {

struct CalibrationParams {
  NeutralCaptureParams hold;
  double settle_s = 0.5;  // tracking before the hold starts
  bool look_around = true;
  double look_around_s = 6.0;
  double min_turn_deg = 6.0;  // the views must differ at least this much to show depth
};

class Calibration {
 public:
  enum class Step { hold, look_around, done };

  explicit Calibration(CalibrationParams params = {}) : params_(params) {}

  // Feed each frame tracked on the generic model (a tracker without a profile), with the
  // camera it was seen through.
  void add(const TrackedFrame& frame, const std::optional<Tracker::RawFit>& fit,
           const CameraIntrinsics& camera);
  Step step() const { return step_; }
  bool complete() const { return step_ == Step::done; }
  double progress() const;  // 0..1 of the current step
  // What the patient should do now, in a sentence.
  std::string instruction() const;

  struct Result {
    std::optional<NeutralProfile> profile;
    std::string problem;  // for the patient, when the hold was rejected
  };
  Result finish(double focal_over_width) const;

 private:
  std::string judge_hold() const;

  struct HoldFrame {
    double time_s;
    std::optional<Landmarks> landmarks;  // empty when no trusted face was seen
    std::optional<LowerFaceLook> lower_face;
  };
  CalibrationParams params_;
  Step step_ = Step::hold;
  CameraIntrinsics camera_;
  std::string hold_problem_;
  std::optional<double> settle_start_s_, hold_start_s_, look_start_s_;
  std::vector<HoldFrame> hold_frames_;
  std::vector<Landmarks> views_;  // look-around keyframes
  std::vector<LowerFaceLook> looks_;  // the lower face during the look around
  double last_time_s_ = 0.0;
};

// Fits the face model to one person from landmarks seen in several views (the first ones at
// neutral), alternating pose solves and per-point triangulation, and keeps the result in the
// generic model's frame and scale (its pitch set by the eye corners, nose and lips). With
// frontal views only, depth stays the model's.
FaceModel refine_model(const FaceModel& start, const std::vector<Landmarks>& views,
                       const CameraIntrinsics& camera);

// The model turned about its vertical axis, and shifted, so that the face's own midline plane
// (the plane it is most nearly mirror-symmetric about) contains the model's vertical and
// depth axes. A model fitted from landmarks comes out turned a few degrees in its frame (the
// two halves are not fitted alike), and that turn was read as the head's: facing the camera
// squarely did not read 0 rotation. Tilt and pitch of the frame are kept.
FaceModel turned_onto_its_midline(const FaceModel& model);

// The profile for a neutral seen as `neutral_landmarks`, with `views` (may be empty) to fit
// the model's depth.
NeutralProfile fit_profile(const Landmarks& neutral_landmarks, const std::vector<Landmarks>& views,
                           const CameraIntrinsics& camera, double focal_over_width);

}  // namespace midline
