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
// A head that rests turned past where the face's 68 points can be read (beyond about 40
// degrees; moderate torticollis rests at 23-67 degrees) shows no face to hold. Once the face
// has been unseen for a few seconds the patient is asked to turn toward the screen only as far
// as is comfortable, and steps 1 and 2 happen there. So is a head seen resting turned further
// than CalibrationParams::turned_rest_past_deg: dlib's fit reads a turn short there, and a
// model fitted to it carries that into every angle. Then
//  3. follow: the caller follows the head with the model just fitted (take_profile_to_follow())
//     while the patient holds still where the face is seen, until the model-based track has it;
//  4. back to rest: the patient lets the head go back to where it rests and stays there; the
//     still hold there, as the track reads it, is the resting posture.
// How far the head moved during the hold (step 1) is read from its landmarks, and a hold
// they say moved is refused only where the points of the head's texture, followed through
// the hold (ModelTracking), moved too: on a face turned some way the 68-point fit can settle
// on either of two shapes a few pixels apart, each kept from frame to frame by the box the
// last one gives, and a still head whose fit went from one to the other read as moved 6-15
// degrees, and was refused.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "pose/neutral.hpp"
#include "vision/face_model.hpp"
#include "vision/model_tracking.hpp"
#include "vision/neutral_profile.hpp"
#include "vision/tracker.hpp"

namespace midline {

// A face seen nearly square on, with its lean in the picture read from its mirror symmetry
// (face_lean_in_picture).
struct FaceLeanSeen {
  Landmarks landmarks;
  double lean_deg = 0.0;
};

struct CalibrationParams {
  NeutralCaptureParams hold;
  double settle_s = 0.5;  // tracking before the hold starts
  bool look_around = true;
  double look_around_s = 6.0;
  double min_turn_deg = 6.0;  // the views must differ at least this much to show depth
  // Waiting for the hold with no face seen this long, the patient is asked to turn toward the
  // screen (the head may rest turned past where the face can be read).
  double unseen_before_turning_s = 3.0;
  double settle_after_turning_s = 1.5;  // the face seen again: the head may still be turning
  int hold_restarts_when_turned = 3;  // a hold that moved begins again (turning takes a while)
  // A face seen resting turned further than this (as the generic model reads it, which reads
  // a 30-degree turn as 22-23) is fitted turned toward the screen too, and followed back: the
  // landmarks fitted at the rest read its turn and nod a few degrees off, and the model fitted
  // to them carries that into every angle. The astronaut resting at 30 degrees, fitted there:
  // the rest recorded at 25.0, facing the camera shown 5.4 degrees turned and 5.8 nodding, 51
  // frames confidently wrong as shown; resting at 60 and fitted turned toward the screen, 0.
  double turned_rest_past_deg = 15.0;
  // Asked to turn toward the screen from such a rest, a head still turned that far after this
  // long is held where it is (turning further may not be comfortable, or a recording may not).
  double turned_rest_held_there_after_s = 5.0;
  // Fitted turned toward the screen from a rest seen turned far, a head the model-based track
  // has not picked up by then (it starts only from a face nearly square on, which some patients
  // cannot reach) goes back to rest all the same, and its rest is read there by its landmarks
  // on the model just fitted: as fitted at the rest, only with the model fitted nearer facing.
  double seen_rest_unfollowed_after_s = 8.0;
  double follow_hint_after_s = 3.0;  // not followed yet: asked to turn a little further
  double back_to_rest_s = 3.0;  // going back to rest, before the hold there starts
  // From the step `follow` on: no still, followed hold at rest by then, and it is rejected.
  double back_to_rest_give_up_s = 20.0;
};

class Calibration {
 public:
  enum class Step { hold, look_around, follow, back_to_rest, done };

  explicit Calibration(CalibrationParams params = {})
      : params_(params), rest_capture_(params.hold) {}

  // Feed each frame tracked on the generic model (a tracker without a profile), with the
  // picture it was tracked in and the camera it was seen through; in the steps `follow` and
  // `back_to_rest`, tracked with the profile that take_profile_to_follow() gave. An empty
  // picture is allowed: the face's lean is then set by its landmarks alone.
  void add(const TrackedFrame& frame, const std::optional<Tracker::RawFit>& fit,
           const cv::Mat& picture, const CameraIntrinsics& camera);
  // Once, as the step `follow` begins: the profile fitted so far, for the tracker to follow
  // the head with (Tracker::set_profile) until the calibration is finished.
  std::optional<NeutralProfile> take_profile_to_follow();
  // Whether the face was unseen where the head rests, or seen resting turned far, so that the
  // hold and the look around are made turned toward the screen.
  bool fitted_toward_screen() const { return fitted_toward_screen_; }
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
  NeutralProfile fitted_profile(double focal_over_width) const;
  void finish_where_seen();
  void add_following(const TrackedFrame& frame);

  struct HoldFrame {
    double time_s;
    std::optional<Landmarks> landmarks;  // empty when no face was seen clearly
    std::optional<LowerFaceLook> lower_face;
    std::optional<HeadPose> followed;  // by its texture's points (follow_hold)
  };
  // The head in this frame of the hold, as the points of its texture followed it from the
  // hold's first frame; empty without a picture, or once the points are lost.
  std::optional<HeadPose> follow_hold(const std::optional<Tracker::RawFit>& fit,
                                      const cv::Mat& picture, const CameraIntrinsics& camera);
  // Whether the points followed the head through the whole hold, and the face they place
  // never moved in the picture as far as half the turn a hold allows would move it.
  bool hold_still_in_picture() const;
  // The face's lean from its symmetry, on some frames of the hold and the look around.
  void measure_lean(const Tracker::RawFit& fit, const cv::Mat& picture);
  CalibrationParams params_;
  Step step_ = Step::hold;
  CameraIntrinsics camera_;
  std::string hold_problem_;
  std::optional<double> settle_start_s_, hold_start_s_, look_start_s_;
  std::vector<HoldFrame> hold_frames_;
  ModelTracking hold_track_;      // the head through the hold (follow_hold)
  std::vector<Landmarks> views_;  // look-around keyframes
  // The look around's pictures from its first frame with the face seen clearly, and each one's
  // landmarks where it was: where the head turns on the neck is measured on them
  // (fitted_profile).
  std::vector<cv::Mat> look_grays_;
  std::vector<std::optional<Landmarks>> look_landmarks_;
  std::vector<LowerFaceLook> looks_;  // the lower face during the look around
  std::vector<FaceLeanSeen> leans_;  // where the face was seen nearly square on
  double last_time_s_ = 0.0;
  std::optional<double> unseen_since_s_;  // before the hold
  bool fitted_toward_screen_ = false;
  // Seen resting turned far (turned_rest_past_deg): since when, and since when asked to turn.
  std::optional<double> turned_far_since_s_, asked_to_turn_s_;
  bool rest_read_by_landmarks_ = false;  // seen_rest_unfollowed_after_s ran out
  int hold_restarts_ = 0;
  // The steps back to rest: the profile followed with, whether the caller has it, and the hold.
  std::optional<NeutralProfile> following_;
  bool following_taken_ = false;
  std::optional<double> follow_start_s_, back_start_s_;
  NeutralCapture rest_capture_;
  std::optional<HeadPose> rest_capture_first_;
  int rest_frames_ = 0, rest_trusted_frames_ = 0;  // of the hold at rest under way
  std::optional<Neutral> rest_;
  bool rest_rough_ = false;
  std::string rest_problem_;
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
// squarely did not read 0 rotation. Tilt and pitch of the frame are kept. `seen_turned_deg`,
// how far from facing the camera the face was when the model was fitted, says how much the
// jaw line may help to set the plane (its outline is the jaw's only seen square on).
FaceModel turned_onto_its_midline(const FaceModel& model, double seen_turned_deg);

// The profile for a neutral seen as `neutral_landmarks`, with `views` (may be empty) to fit
// the model's depth. `leans` (may be empty) set how far the fitted model leans from the
// face's own midline (NeutralProfile::model_lean_deg): in each, the model's lean in the
// picture at the pose its landmarks give, less the face's; the median, where enough of them
// agree, and none otherwise.
NeutralProfile fit_profile(const Landmarks& neutral_landmarks, const std::vector<Landmarks>& views,
                           const CameraIntrinsics& camera, double focal_over_width,
                           std::span<const FaceLeanSeen> leans = {});

}  // namespace midline
