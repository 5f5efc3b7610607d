#pragma once
// The head's turns over calibration's look around, read from its texture's points.
//
// dlib's 68 landmarks on a turned or nodding face regress toward a frontal one, and not alike
// on every face, and a face model fitted to the poses they give keeps that error as its shape.
// Points of the face's own texture (skin, brows, eye detail) move with the head instead:
// followed from frame to frame through the look around, they fix the turns and their own
// depths together (a bundle adjustment: views turning about different axes leave no
// depth-for-turn trade, as two views would). On the test heads this reads how far the head
// turned from the first frame within 0.38-0.62 degrees (RMS), where the landmarks read it
// within 0.91-3.83 (HeadLookAround).
//
// Calibration uses these turns to measure where the head turns on the neck
// and how well the landmarks read its nods (measure_look_around), not for the face model's
// shape: the model fitted to the
// landmarks at these poses helped some figures and harmed others on the test heads, and harmed
// the angles as shown on three of five even where it fitted the hold as well
// (docs/tracker-record.md, "The look around's turns from the texture", "The texture's model
// again" and "The neck's distance from the look around").

#include <opencv2/core/mat.hpp>
#include <optional>
#include <vector>

#include "pose/head_pose.hpp"
#include "vision/face_model.hpp"
#include "vision/landmarks.hpp"

namespace midline {

// Corners of the face's texture followed from frame to frame (pyramidal Lucas-Kanade,
// forward-backward checked); a point once lost stays lost.
class TexturePoints {
 public:
  // Starts on the face that `landmarks` outline in `gray`.
  void start(const cv::Mat& gray, const Landmarks& landmarks);
  // Follows the points into the next frame.
  void follow(const cv::Mat& gray);
  bool started() const { return !seen_.empty(); }
  // Where each point was seen in frame `frame` (NaN where it was lost).
  const std::vector<cv::Point2f>& seen(size_t frame) const { return seen_[frame]; }

 private:
  cv::Mat last_gray_;
  std::vector<std::vector<cv::Point2f>> seen_;
};

// The head's pose in each of several frames that, with a depth for each point, best explains
// where the points were seen: `seen[k][j]` is point j in frame k (NaN where it was lost). The
// first frame's pose is held at `starts[0]`; the others start from `starts`. Each point is
// placed first where its ray meets the head `face` outlines (HeadShape) at the first pose.
// Sightings that stay more than a pixel and a half off are dropped (a point that slid with
// the shading, or onto the outline). Empty when too few points were followed to say.
std::optional<std::vector<HeadPose>> fit_look_around(
    const std::vector<std::vector<cv::Point2f>>& seen, const std::vector<HeadPose>& starts,
    const FaceModel& face, const CameraIntrinsics& camera);

// What calibration's look around measures from its texture's turns (the landmarks' poses
// on `face` start each frame's). `grays` are the look around's pictures from its first with
// landmarks, `landmarks` each one's where they were trusted.
struct LookAroundMeasures {
  // How far behind the middle of the eyes this head turns on the neck (the model's mm,
  // within kLeastNeckBehindMm-kMostNeckBehindMm): the distance at which the model-based track
  // (ModelTracking on HeadShape(face, it)) reads the look around's turns as long as its
  // texture does. The track holds the neck where it was from frame to frame, and reads each
  // turn long or short by as much as that distance is wrong for this head (on the test heads,
  // 15 mm reads a held 30-degree turn 2-5 degrees off on four faces of five); the texture's
  // turns do not depend on it. Empty when the track was lost or the head turned too little.
  std::optional<double> neck_behind_mm;
  // How the landmarks' nods go with the texture's (their correlation over the frames, -1..1):
  // on the test heads 0.62-0.97, but -0.1 to -0.3 on voc_c behind its glasses, whose
  // landmarks read a 15-degree nod as -5. Empty when the head nodded too little to say.
  std::optional<double> landmark_nod_agreement;
  // How far the model-based track's turns pitch from the texture's, about the camera's
  // horizontal axis (degrees, + as from the camera's y axis toward its z axis): the track reads
  // a head turning about its neck as turning about an axis pitched by this much, a model's
  // error on the camera's side of the head (where a face pitched within its head is on the
  // head's side). On the test heads -8.6 (voc_c, whose head facing the camera reads 9.7
  // degrees extended) to +5.4 (the astronaut), within 1 degree of the same track's pitch
  // against the truth's turns (HeadLookAround). Empty when the track was lost or the head
  // turned too little.
  std::optional<double> track_pitch_deg;
};
// Empty throughout when the texture could not be followed.
LookAroundMeasures measure_look_around(const std::vector<cv::Mat>& grays,
                                       const std::vector<std::optional<Landmarks>>& landmarks,
                                       const FaceModel& face, const CameraIntrinsics& camera);

}  // namespace midline
