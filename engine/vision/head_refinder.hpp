#pragma once
// Finds a calibrated patient's head again, however far it is turned, from views of it kept
// while it was followed (the re-localisation of model-based tracking).
//
// dlib's detector finds faces within about 45 degrees of facing the camera; OpenCV's profile
// cascade found the test heads turned 60 degrees in 1 frame of 12. A patient whose head rests
// at 45-70 degrees, once lost, would never be found again. So while the head is followed
// reliably, a view of it is kept at each new pose: ORB features on the head, each with its
// 3-D place on this patient's head (HeadShape::cast at the view's pose). A lost head is
// looked for by matching a frame's features against each view and solving the pose by
// RANSAC PnP. A pose is given only when many features agree on it, spread over the head,
// near the pose of the view they came from: a wrong find is worse than a slow one.
// The views hold binary descriptors and points on the head, no picture of the face.
// Making a view takes 10-40 ms on one core (features over the head, their places on it, the
// check against the views kept), so the tracker has it made on a worker thread
// (add_view_in_background) and kept a few frames later (next_frame): what is kept, and when,
// depends only on the frames, whatever the thread's timing.
// Time is passed in; nothing here reads a clock.

#include <future>
#include <optional>
#include <opencv2/core/mat.hpp>
#include <opencv2/features2d.hpp>
#include <utility>
#include <vector>

#include "pose/head_pose.hpp"
#include "vision/face_model.hpp"
#include "vision/model_tracking.hpp"

namespace midline {

struct HeadRefinderParams {
  int features_per_view = 500;      // ORB features kept on the head in a view
  int features_per_frame = 1000;    // ... looked for over the whole frame when searching
  int most_views = 24;
  int views_per_search = 4;         // matched in one frame: the cost grows with each
  double new_view_after_deg = 6.0;  // a view is kept this far from every other one
  double ratio_test = 0.8;          // best match against the second best (Lowe)
  double ransac_px = 3.0;
  int fewest_inliers = 40;          // fewer features agreeing on a pose: no find
  // A view with fewer features on the head is not kept: too few for a find. (Turned 55-60
  // degrees, some faces show 50-70 on the head's side that still faces the camera.)
  int fewest_features_in_view = 48;
  // A view about to be kept is checked against the pose it is given, not searched for: fewer
  // features agreeing with that pose tell as much (a slipped track reads a pose they would
  // not agree on), and views 8-12 degrees apart share fewer features on some faces.
  int fewest_inliers_to_agree = 24;
  double least_inlier_share = 0.5;  // of the matches to the view
  // The inliers must spread over at least this share of the eye span (as it would look
  // facing the camera) across and down: a few features agreeing in one corner fit any pose.
  double least_spread_over_span = 0.5;
  // A find further than this from its view's pose is doubted: a view matches poses near it.
  double farthest_from_view_deg = 15.0;
  // A new view is kept only where the views already kept find the head within this much of
  // the pose it is given (the first one: only at a pose the landmarks confirmed).
  double view_agrees_within_deg = 6.0;
  // A view the views kept cannot see at all (too few features in common: smooth skin loses
  // most of its ORB features over a turn of 8-12 degrees) is kept when the same track, followed
  // without a break, kept a view within this much of it: the track carries the pose from the
  // one to the other. A view they see elsewhere is still refused. (A find by such a view is no
  // surer than the track was: its turn since the landmarks confirmed it.)
  double followed_on_within_deg = 20.0;
  // A view refused (too few features, or the views kept not agreeing with its pose) is not
  // tried again this near its pose: a head held there would otherwise pay for a view, refused
  // the same way, every frame. The most recent refusals are remembered.
  double retry_after_refusal_deg = 4.0;
  int refusals_remembered = 32;
  // A view made in the background is kept this many frames after it was started: the worker
  // has that long (0.1 s at 30 frames a second) before a frame waits for it.
  int frames_to_make_a_view = 3;
};

class HeadRefinder {
 public:
  explicit HeadRefinder(HeadRefinderParams params = {});

  // Whether a view at `pose` would be new enough to keep, and not where one was just refused
  // (cheap: call it before add_view).
  bool wants_view(const HeadPose& pose) const;
  // Keeps a view of the head seen in `gray` at `pose` (from sound landmarks or a reliable
  // track), with what its track gathered since the landmarks last confirmed the pose (a find
  // by this view is no surer than that). Returns whether it was kept: it must be new enough,
  // show enough features on the head, and agree with the views already kept.
  bool add_view(const cv::Mat& gray, const HeadPose& pose, const SinceAnchor& since_anchor,
                const HeadShape& head, const CameraIntrinsics& camera);
  // As add_view, made on a worker thread from a copy of the frame; next_frame() or settle()
  // keeps it, or not, as add_view would have. Until then the views are as they were, and no
  // other view is started. Call settle() before find().
  void add_view_in_background(const cv::Mat& gray, const HeadPose& pose,
                              const SinceAnchor& since_anchor, const HeadShape& head,
                              const CameraIntrinsics& camera);
  // A new track of the head starts (from the landmarks, or from a find): views it keeps are
  // not carried on from those of the track before.
  void track_started() { ++track_; }
  // Counts a frame: a view started in the background frames_to_make_a_view frames ago is
  // kept now (waited for, if need be).
  void next_frame();
  // Waits for a view being made in the background, if any, and keeps it where add_view would.
  void settle();

  struct Found {
    HeadPose pose;
    int inliers = 0;
    double inlier_share = 0.0;  // of the matches to the view
    double rms_px = 0.0;        // reprojection error over the inliers
    int view = 0;               // which view it was found by
    double degrees_from_view = 0.0;
    // What the view's track carried since the landmarks confirmed its pose, with the find's
    // turn from the view added to the farthest.
    SinceAnchor since_anchor;
  };
  // The head's pose in `gray` (8-bit grey), or none when no view is matched soundly. Each
  // call matches a few views: those nearest `near` (where the head was last seen) on the
  // first `attempt`, the next nearest on the next, and round again.
  std::optional<Found> find(const cv::Mat& gray, const CameraIntrinsics& camera,
                            const HeadPose& near, int attempt) const;

  int view_count() const { return static_cast<int>(views_.size()); }
  const HeadPose& view_pose(int view) const { return views_[static_cast<size_t>(view)].pose; }
  void clear();

 private:
  struct View {
    HeadPose pose;
    SinceAnchor since_anchor;
    std::vector<cv::Point3f> points;  // head frame, mm; one per descriptor row
    cv::Mat descriptors;
    double eye_span_mm = 0.0;         // of the head it was cast on
  };
  // Views to match features against, each with its number in views_.
  using Numbered = std::vector<std::pair<int, const View*>>;
  HeadRefinderParams params_;
  cv::Ptr<cv::ORB> view_features_, frame_features_;
  // The `attempt`-th few views nearest `near`.
  Numbered views_nearest(const HeadPose& near, int attempt) const;
  // The view of the head in `gray` at `pose` if it is to be kept: checked against `nearest`
  // (the views nearest the pose; none: it is the first).
  static std::optional<View> make_view(const HeadRefinderParams& params, cv::ORB& features,
                                       const cv::Mat& gray, const HeadPose& pose,
                                       const SinceAnchor& since_anchor, const HeadShape& head,
                                       const CameraIntrinsics& camera, const Numbered& nearest,
                                       bool followed_on);
  // The pose from these features (of a frame, or of a view about to be kept) by `views`.
  static std::optional<Found> solve(const HeadRefinderParams& params,
                                    const std::vector<cv::KeyPoint>& keypoints,
                                    const cv::Mat& descriptors, const CameraIntrinsics& camera,
                                    const Numbered& views, int fewest_inliers);

  // Whether a view may be made at `pose`: wanted there, and the first only where the
  // landmarks confirmed the pose.
  bool may_try_view(const HeadPose& pose, double degrees_from_anchor) const;
  // Whether this track kept a view near `pose` (followed_on_within_deg).
  bool followed_on_from_a_view(const HeadPose& pose) const;
  // Keeps a view made by `track`, or remembers where one was refused.
  void keep_or_refuse(std::optional<View> view, const HeadPose& pose, int track);

  std::vector<View> views_;
  std::vector<glm::dmat3> refused_;  // orientations of the latest views refused, oldest first
  std::future<std::optional<View>> view_in_background_;  // owns copies of all it reads
  HeadPose pose_in_background_;
  int track_in_background_ = 0;
  int frames_in_background_ = 0;  // frames counted since it was started
  int track_ = 0;  // counts the tracks started
  struct KeptByTrack {
    int track;
    HeadPose pose;
  };
  std::optional<KeptByTrack> last_kept_;  // the view kept last, and by which track
};

}  // namespace midline
