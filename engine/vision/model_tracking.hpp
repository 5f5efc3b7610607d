#pragma once
// The head followed as a 3-D object, past where the 68-point fit gives way.
//
// dlib's landmark fit regresses toward a frontal face as the head turns (on the test heads a
// 30-degree turn reads 12-23 on two faces) and is lost toward profile; its landmarks also
// shake by a pixel from frame to frame. Points of the head's own texture (skin and eye
// detail, eyebrows, ears, hair) move with the head instead. So, once calibrated:
//  - a per-patient head: the fitted face model as a mesh, plus an ellipsoid for the rest of
//    the head (forehead, temples, ears, hair);
//  - image corners on the head get their 3-D place by casting their pixel's ray onto that
//    head at a known pose (the landmarks' pose, where those are reliable);
//  - each frame: pyramidal Lucas-Kanade from the last frame (forward-backward checked; where
//    the head is rolling, from the last frame turned by its expected roll), then
//    RANSAC PnP from the last pose and a least-squares refine on the inliers. Points that
//    fail, or turn away from the camera, are dropped; new ones are added as cheek, ear and
//    hair come into view;
//  - re-anchored to the landmarks wherever those are reliable (the caller decides where):
//    the points are recast at a pose pulled a little toward the landmarks' each frame, so a
//    still head reads as still as the points and the track does not drift;
//  - lost for want of points (a hand over the lens or the face), taken up again from the last
//    frame it followed, where the head still is (resume).
// Time is passed in; nothing here reads a clock.

#include <optional>
#include <opencv2/core/mat.hpp>
#include <vector>

#include "pose/head_pose.hpp"
#include "vision/face_model.hpp"

namespace midline {

// A patient's whole head: the face model's landmark mesh in front, an ellipsoid around it.
class HeadShape {
 public:
  explicit HeadShape(const FaceModel& face, double neck_behind_mm = kTypicalNeckBehindMm);

  struct Hit {
    cv::Point3d point;   // head frame, mm
    cv::Point3d normal;  // head frame, unit, pointing out of the head
  };
  // Where the ray through `pixel` meets the head at `pose`; empty when it misses, or meets
  // the head so obliquely (near its outline) that the point would not be placed reliably.
  std::optional<Hit> cast(const cv::Point2f& pixel, const HeadPose& pose,
                          const CameraIntrinsics& camera) const;
  const FaceModel& face() const { return face_; }
  // Where the head turns about the neck (head frame, mm): the upper cervical spine, about
  // 100 mm below and `neck_behind_mm` behind the middle of the eyes.
  cv::Point3d neck_pivot() const;
  // How squarely a point of the head (head frame, with its outward normal) faces the camera
  // with the head at `pose`: the cosine, 1 straight on, 0 at the outline, below 0 hidden.
  static double facing_camera(const cv::Point3d& point, const cv::Point3d& normal,
                              const HeadPose& pose);

 private:
  FaceModel face_;
  double neck_behind_mm_;
};

// What a track has gathered since the landmarks last confirmed its pose, which its trust
// counts (Tracker::quality_of). A view of the head kept from the track carries it, and so does
// a track started again from that view (HeadRefinder::Found): a head found again is no surer
// than the track that saw it there.
struct SinceAnchor {
  // The farthest the head has turned from that pose: turning back does not undo the error
  // gathered out there.
  double farthest_deg = 0.0;
  // The sum of each frame's step beyond ModelTrackingParams::slow_step_deg: how much of the
  // way out was made too fast to be followed in full.
  double moved_fast_deg = 0.0;
  // Adds what a track gathered before this one started where it left off.
  void add(const SinceAnchor& before) {
    farthest_deg += before.farthest_deg;
    moved_fast_deg += before.moved_fast_deg;
  }
};

struct ModelTrackingParams {
  int most_points = 110;             // on the head at once
  double spacing_per_span = 0.07;    // least distance between points, over the eye span
  double forward_backward_px = 1.0;  // a point that does not track back to itself is dropped
  double ransac_px = 2.0;            // reprojection error an inlier may have
  int fewest_points = 12;            // fewer inliers: the points no longer say the pose
  // A point whose error stays above this, and well above the others', is not on the head
  // where it was placed (an outline sliding over it, a glint, the background): dropped.
  double drifting_px = 0.8;
  double anchor_time_constant_s = 0.8;  // how fast the track is pulled to the landmarks' pose
  // Lucas-Kanade loses part of a turn made in large steps from frame to frame (a window that
  // turns and narrows reads as one that moved less): hopper brought from 15 to 30 degrees in
  // 0.2 s (up to 3.75 degrees a frame) read 25.7, at 1.25 a frame 29.7, turned slowly 30.6.
  // Each frame's step beyond this counts toward SinceAnchor::moved_fast_deg. (Most of a fast
  // turn's error, either way, was the turn partly taken for a shift, which pivot_weight now
  // prevents: the astronaut turned to 30 degrees at 2.5 a frame read 40.6 with the points
  // alone, 31.7 with it; HeadTrackDriftFast.)
  double slow_step_deg = 1.0;
  // Lucas-Kanade reads a window that turns in the picture as moving like a point nearer the
  // middle of its texture: a head's roll from one frame to the next was read at 91-94% of
  // itself, and every held tilt about 6% short (docs/tracker-record.md, "A rolling head
  // followed from the last picture turned"). Where the head rolled in the picture by at least
  // this much in the last frame (the track's turn about the camera's ray to the head), the
  // points are followed from the last picture turned by that roll, so each window's own turn
  // is left small. The roll is the 3-D pose's, not the points' (a pure turn moves them in
  // perspective as if they rolled). From 0.1 a frame, noise on slow turns set it off.
  double roll_followed_turned_deg = 0.2;
  // ... and only where that roll is at least this share of the whole turn. A head turning
  // about its neck rolls little in the picture, and what the track reads of a roll then (a
  // few degrees' lean of its turn's axis) is more its own error than the head's: followed
  // turned by it, turns read up to 2 degrees longer and with more tilt.
  double least_roll_share = 0.5;
  // How firmly the neck's pivot (HeadShape::neck_pivot) is held where it was in the last frame,
  // against the points' reprojection errors: its place in the picture counts as this share of
  // the inliers. Seen from in front, a turn and a sideways shift move a face's points almost
  // alike, and the points alone split a fast turn between the two: hopper's 25-degree turn
  // (with 10 of tilt and nod) read 20.2, its neck moving 12 mm sideways and 13 mm back. The
  // torso, and with it the neck, moves little from one frame to the next while the head turns
  // on it. The turns then read as long or short as the pivot's place is wrong for this head
  // (docs/tracker-record.md, "The neck's pivot held from frame to frame").
  double pivot_weight = 0.3;
  // A track lost for want of points (a hand over the lens or across the face) may be taken up
  // again from the last frame it followed, for this long: if the head is still where it was,
  // most of its points are found again at once, however far it is turned.
  int resume_within_frames = 45;
  double resumed_share = 0.6;  // of the points the track had, found again as one head
  // A follow with this many inliers, this share of its points among them and an error this
  // small is reliable: its quality is not lowered by its own measures, views of the head are
  // kept from it, and a lost track is taken up again only so.
  int reliable_points = 30;
  double reliable_inlier_share = 0.85, reliable_rms_px = 1.5;
};

class ModelTracking {
 public:
  explicit ModelTracking(ModelTrackingParams params = {}) : params_(params) {}

  // Starts following the head seen in `gray` at `pose`. Returns whether enough points were
  // found on it.
  bool start(const cv::Mat& gray, const HeadPose& pose, const HeadShape& head,
             const CameraIntrinsics& camera);

  struct Followed {
    HeadPose pose;
    int points = 0;            // inliers this frame
    double inlier_share = 0;   // of the points followed into this frame
    double rms_px = 0;         // reprojection error over the inliers
    SinceAnchor since_anchor;
  };
  // Reliable by the track's own measures: many points, moving as one head, as this head.
  bool reliable(const Followed& followed) const {
    return followed.points >= params_.reliable_points &&
           followed.inlier_share >= params_.reliable_inlier_share &&
           followed.rms_px <= params_.reliable_rms_px;
  }
  const ModelTrackingParams& params() const { return params_; }
  // The pose in this frame, from the points followed from the last one; empty (and the
  // track ended) when too few points were followed.
  std::optional<Followed> follow(const cv::Mat& gray, const CameraIntrinsics& camera);

  // The landmarks read the head reliably at `landmark_pose` in the frame last followed: the
  // pose is pulled toward it, as over `dt_s` with the anchoring time constant. Returns the
  // pose now held.
  HeadPose anchor(const HeadPose& landmark_pose, double dt_s, const HeadShape& head,
                  const CameraIntrinsics& camera);

  // Adds points where the head shows texture without one nearby (cheek, ear and hair coming
  // into view), placed at the current pose. Only after a sound frame.
  void add_points(const HeadShape& head, const CameraIntrinsics& camera);

  // A track lost for want of points, taken up again in `gray` from the last frame it followed
  // (within resume_within_frames of the loss): the pose where most of its points are found
  // again as one head, moving little; empty otherwise.
  std::optional<Followed> resume(const cv::Mat& gray, const CameraIntrinsics& camera);

  bool active() const { return !points_.empty(); }
  int point_count() const { return static_cast<int>(points_.size()); }
  const HeadPose& pose() const { return pose_; }
  // Ends the track; one lost for want of points may still be resumed.
  void reset();
  // Ends the track and forgets it: it was judged wrong, or another starts.
  void forget();

 private:
  struct Point {
    cv::Point3d position;  // head frame, mm
    cv::Point3d normal;
    cv::Point2f seen_at;   // in the last frame
    double residual_px = 0.0;  // reprojection error, averaged over the last few frames
  };
  // The head's roll in the picture expected from the last frame to this one (radians): its
  // last turn about the camera's ray to it.
  double expected_roll_rad() const;
  // Puts each point back on the head along its pixel's ray at `pose`; drops those that miss.
  void recast(const HeadPose& pose, const HeadShape& head, const CameraIntrinsics& camera);

  // What the track followed last, kept when it is lost for want of points.
  struct LastFollowed {
    std::vector<cv::Mat> pyramid;
    std::vector<Point> points;
    HeadPose pose, anchored_pose;
    SinceAnchor since_anchor;
    int anchors = 0;
    int frames_since = 0;
  };
  // Ends the track as lost for want of points: `last` is what it followed last.
  void lose(LastFollowed last);

  ModelTrackingParams params_;
  std::optional<LastFollowed> last_followed_;
  std::vector<cv::Mat> previous_pyramid_;
  cv::Mat previous_gray_;
  std::vector<Point> points_;
  HeadPose pose_;
  HeadPose anchored_pose_;  // the pose the landmarks last confirmed
  SinceAnchor since_anchor_;
  cv::Point3d neck_pivot_;  // of the head followed (HeadShape::neck_pivot)
  int anchors_ = 0;         // since the track started
  cv::Vec3d last_turn_;     // the last frame's turn (rotation vector, camera frame)
};

}  // namespace midline
