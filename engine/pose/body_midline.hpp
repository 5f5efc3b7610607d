#pragma once
// The two references, never confused (ARCHITECTURE.md, CLINICAL.md):
//  - the body midline: the head square to the trunk. With the patient sitting square to a
//    camera centred at eye height it is the head facing the camera squarely, less this
//    patient's flexion zero (the face's plane is not the anatomical one; up to about +-10 deg).
//    Every angle the game, the rules, the store and the commands use is measured from it.
//  - the resting posture: where the head settled during calibration (today's "null point"), a
//    measurement in body-midline degrees. It is never a zero.
// The tracker measures angles from the resting posture it was calibrated on; this re-expresses
// them from the body midline, keeping the tracker's smoothing.

#include "pose/head_pose.hpp"
#include "pose/head_sample.hpp"

namespace midline {

struct BodyReference {
  glm::dmat3 resting{1.0};        // the head's orientation at calibration, in the camera frame
  double flexion_zero_deg = 0.0;  // the face's pitch (as the camera sees it) when the head is
                                  // anatomically level: + = the face plane tips chin-down
  // How far the tracker reads the head's turns pitched, about the camera's horizontal axis
  // (+ as flexion; measured at calibration: NeutralProfile::track_pitch_deg).
  double track_pitch_deg = 0.0;
};

// The least track pitch taken for a model's frame pitched. On the test heads the track's turns
// pitch by up to 6.4 degrees where the model's frame is not pitched (the astronaut +5.4 to
// +6.4, hopper -1.8 to -4.3, voc_a -1.6 to -2.9 over four noise draws; voc_a's -2.6 taken off
// with its flexion zero of -3.3 moved its worst pose as shown 2.8 -> 4.4 degrees), and by -8.6
// to -20.3 where it is (voc_c, whose head facing the camera reads 7-10 degrees extended).
inline constexpr double kLeastFramePitchDeg = 7.0;

// What of a flexion zero is the face model's frame pitched on the camera's side of the head:
// the part the track's turns show too (a model pitched so reads a head facing the camera as
// nodding, and its turns about an axis pitched alike: voc_c's -9.7 and -9.6 degrees). The rest
// is the face pitched within the head. A turn-axis pitch the flexion zero does not share is
// not a frame's (the astronaut's +5.5 against -0.6): undone as one, it moves a turn's error
// onto the tilts. None below kLeastFramePitchDeg.
double camera_side_pitch_deg(double flexion_zero_deg, double track_pitch_deg);

// The largest flexion zero a profile or plan may hold: the face's plane differs from the
// anatomical one by up to about 10 deg; a little more is allowed for an unusual face.
inline constexpr double kMaxFlexionZeroDeg = 15.0;

// The angles from the body midline of a head whose orientation in the camera frame is
// `orientation`, for a patient with this flexion zero, read by a track with this pitch.
HeadAngles body_midline_angles(const glm::dmat3& orientation, double flexion_zero_deg,
                               double track_pitch_deg);

// The same, for a head measured `from_resting` (angles relative to the resting posture).
HeadAngles from_body_midline(const HeadAngles& from_resting, const BodyReference& reference);

// Angles from the body midline measured with one flexion zero, as another one measures them
// (a resting posture found before the patient's flexion zero was recorded).
HeadAngles with_flexion_zero(const HeadAngles& from_midline, double measured_with_deg,
                             double flexion_zero_deg, double track_pitch_deg);

// Where the head rests, from the body midline.
HeadAngles resting_posture(const BodyReference& reference);

// The sample with its angles (smoothed and raw) re-expressed from the body midline.
HeadSample measured_from_body_midline(HeadSample sample, const BodyReference& reference);

}  // namespace midline
