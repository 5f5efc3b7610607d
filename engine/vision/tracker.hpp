#pragma once
// The per-frame tracking pipeline, in small steps that each take and return values:
//   grey frame -> face box (detector only when the face is lost, otherwise from the last
//   landmarks) -> 68 landmarks -> smoothed landmarks -> pose (solvePnP, last pose as the
//   start) -> relative to neutral -> One Euro filter -> HeadSample (+ quality, tremor,
//   lower-face cover).
// Time is passed in; nothing here reads a clock, so tests replay exact sequences.

#include <memory>
#include <optional>
#include <opencv2/core/mat.hpp>
#include <vector>

#include "pose/head_sample.hpp"
#include "pose/one_euro_filter.hpp"
#include "pose/tremor.hpp"
#include "vision/face_finder.hpp"
#include "vision/face_model.hpp"
#include "vision/landmark_fitter.hpp"
#include "vision/lower_face.hpp"
#include "vision/neutral_profile.hpp"
#include "vision/pose_solver.hpp"

namespace midline {

struct TrackerParams {
  double focal_over_width = kDefaultFocalOverWidth;
  // A webcam at 60-100 cm sees a face far larger than the detector's 80 px minimum; photos
  // may not, and searching a frame scaled up costs four times as much.
  bool upsample_small_faces = false;
  // Light smoothing of the landmarks before the solve (solvePnP amplifies their jitter,
  // most of all in flexion), then the main smoothing of the angles after it.
  OneEuroParams landmark_filter{2.0, 0.5, 1.0};     // units: pixels
  OneEuroParams angle_filter{0.4, 0.15, 1.0};       // units: degrees
  OneEuroParams shift_filter{0.4, 0.05, 1.0};       // units: millimetres
  int confirm_every_frames = 6;       // re-check with the detector that a face is still there
  int lost_after_failed_checks = 2;   // consecutive failed checks before the face is lost
  double confirm_threshold = -0.6;    // detector score that still counts as a face (in a crop)
  double lower_face_covered_ratio = 0.045;  // lower-face misfit / eye span: less trust from here
  double lower_face_change_for_hand = 0.1;  // lower-face look change that means a hand
};

// What one frame gave, with what an overlay needs to draw it.
struct TrackedFrame {
  HeadSample sample;
  std::optional<Landmarks> landmarks;  // as fitted, unsmoothed
  std::optional<cv::Rect> face_box;
  double lower_face_misfit = 0.0;  // how far the chin and lips stray from the model (/ eye span)
  std::optional<LowerFaceLook> lower_face;  // how the lower face looks now
  // 0..1 against the calibration's look at a similar pose; empty when there is none.
  std::optional<double> lower_face_change;
};

class Tracker {
 public:
  Tracker(std::shared_ptr<const LandmarkFitter> fitter, TrackerParams params = {});

  // One frame (BGR or grey, 8-bit). Frames must come in time order.
  TrackedFrame process(const cv::Mat& frame, double time_s, int64_t frame_index = 0);

  // Angles relative to this neutral from now on (none: relative to facing the camera).
  void set_profile(std::optional<NeutralProfile> profile);
  const std::optional<NeutralProfile>& profile() const { return profile_; }
  // Forget the face and every filter: the next frame is measured on its own.
  void reset();

  // The last frame's raw fit, for calibration: landmarks and pose on the current model.
  struct RawFit {
    Landmarks landmarks;
    HeadPose pose;
  };
  const std::optional<RawFit>& last_fit() const { return last_fit_; }
  CameraIntrinsics camera_for(const cv::Mat& frame) const;

 private:
  std::optional<cv::Rect> locate_face(const cv::Mat& gray);
  Landmarks smooth(const Landmarks& raw, double dt_s);
  double quality_of(const Landmarks& landmarks, const PoseFit& fit, const HeadPose& absolute,
                    double lower_face_misfit) const;

  std::shared_ptr<const LandmarkFitter> fitter_;
  FaceFinder finder_;
  TrackerParams params_;
  std::optional<NeutralProfile> profile_;

  // Tracking state: all of it cleared by reset().
  std::optional<Landmarks> previous_landmarks_;
  std::optional<HeadPose> previous_pose_;      // on smoothed landmarks
  std::optional<HeadPose> previous_raw_pose_;  // on raw landmarks
  std::optional<double> previous_time_s_;
  int frames_since_check_ = 0;
  int failed_checks_ = 0;
  int lost_searches_ = 0;  // frames searched for a lost face, for FaceFinder::find_lost
  double face_roll_deg_ = 0.0;  // the face's roll in the image: locate_face's box is upright in it
  std::vector<OneEuroFilter> landmark_filters_;  // x and y of each landmark
  std::vector<OneEuroFilter> angle_filters_;     // rotation, tilt, flexion
  std::vector<OneEuroFilter> shift_filters_;     // lateral, forward
  TremorAnalyzer tremor_;
  std::optional<RawFit> last_fit_;
};

}  // namespace midline
