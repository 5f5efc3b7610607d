#pragma once
// The set-up check: is the patient sitting square to the camera, and does the camera stand
// level? The body midline is the head square to the trunk, and Midline measures it against
// the camera, so a trunk leaning or turned, or a camera tilted, moves every angle. This reads
// the picture below the face: the top edge of the shoulders on each side of the neck (the
// shoulder line, level or not), their outer edges (one side nearer the camera looks wider:
// the trunk is turned), and the room's long straight lines (a tilted camera tilts them too).
//
// Values in, values out, one picture at a time; nothing here keeps state or reads a clock.
// When the shoulders are not in the picture or their edges are weak it says it cannot judge,
// and why, rather than guess.

#include <optional>
#include <span>
#include <string>

#include <opencv2/core/mat.hpp>
#include <opencv2/core/types.hpp>

namespace midline {

// Signs follow the head's (pose/head_pose.hpp), in the patient's frame; image right is the
// patient's left in an unmirrored picture.
struct SetupMeasurement {
  // The shoulder line's slope in the picture, degrees: + = the patient's left shoulder lower
  // (the trunk leaning to their left, or the camera turned that way). Empty: not judged.
  std::optional<double> shoulder_tilt_deg;
  // The trunk's turn toward the camera, degrees: + = the chest turned toward the patient's
  // left. Empty when the shoulders' outer edges are not clear.
  std::optional<double> trunk_rotation_deg;
  // How the room's level and upright lines lean in the picture, in the shoulder line's sense
  // (+ = level lines lower at the patient's left): the camera's own tilt. Empty when the room
  // shows too few long straight lines to tell.
  std::optional<double> room_tilt_deg;
  // Why the shoulders could not be judged, in a sentence for the patient; empty when they were.
  std::string cannot_judge;
};

// `image`: 8-bit grey or BGR, unmirrored. `face_box`: the tracked face (eyebrows to chin) in
// the same picture. `focal_over_width`: the camera's focal length over the picture's width.
SetupMeasurement measure_setup(const cv::Mat& image, const cv::Rect2d& face_box,
                               double focal_over_width);

// One reading over the last pictures (a second or so), steadier than any one of them: each
// value's median over the pictures that have it, and judged only when two in three were. The
// reason given when it cannot judge is the most recent picture's.
SetupMeasurement steady_setup(std::span<const SetupMeasurement> recent);

// What the measurement says about the set-up, against tolerances a person sitting
// comfortably keeps (a raised shoulder, common in cervical dystonia, may itself tip the line).
struct SetupVerdict {
  bool judged = false;                // the shoulders were seen clearly enough
  std::optional<int> trunk_leans;     // +1 toward the patient's left, -1 right; none: level
  std::optional<int> trunk_turned;    // +1 toward the patient's left, -1 right; none: square
  bool camera_tilted = false;         // the room's lines lean: the camera stands tilted
  // The shoulder line leans but the room showed no lines to tell a lean from a tilted camera.
  bool lean_or_camera = false;
};

inline constexpr double kSetupLeanToleranceDeg = 5.0;
inline constexpr double kSetupTurnToleranceDeg = 12.0;
inline constexpr double kSetupCameraTiltToleranceDeg = 4.0;

SetupVerdict judge_setup(const SetupMeasurement& m);

// How evenly the face is lit, from its two sides between the eyes and the mouth. A light from
// one side is the largest cause of error in following the head's turns that the tests
// measure (docs/tracker-record.md, "What moves the track's turns"): the shading stays put
// while the head turns, and the points followed slide with it. Front light is what helps.
struct FaceLight {
  double balance = 1.0;   // the darker side's brightness over the brighter side's; 1: even
  int brighter_side = 0;  // +1 the patient's left (image right, unmirrored), -1 their right
};
// `gray`: 8-bit grey, unmirrored; `face_box` as for measure_setup, of a face turned no more
// than kFaceLightMostTurnDeg (turned further, one cheek shows less and its shadow more).
// Empty when the box leaves the picture or is too small to tell.
std::optional<FaceLight> measure_face_light(const cv::Mat& gray, const cv::Rect2d& face_box);
// One reading over the last pictures: the median balance, lit from the side most of them say.
std::optional<FaceLight> steady_face_light(std::span<const FaceLight> recent);

// Below this balance the face counts as lit from one side: on the test heads a face lit from
// the front reads 0.79-0.94 (turned up to 10 degrees), faces lit from a side 0.26-0.66; a real
// webcam face in a room's light 0.75-0.98.
inline constexpr double kSideLitBalance = 0.7;
inline constexpr double kFaceLightMostTurnDeg = 15.0;

// The patient's side the light comes from: "left" or "right".
const char* lit_side_words(const FaceLight& light);
// What a session's notes say of a face lit from one side at the camera check, for the
// therapist who reads its angles later; empty when the light was even enough.
std::string side_light_note(const FaceLight& light);

}  // namespace midline
