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
};

// The largest flexion zero a profile or plan may hold: the face's plane differs from the
// anatomical one by up to about 10 deg; a little more is allowed for an unusual face.
inline constexpr double kMaxFlexionZeroDeg = 15.0;

// The angles from the body midline of a head whose orientation in the camera frame is
// `orientation`, for a patient with this flexion zero.
HeadAngles body_midline_angles(const glm::dmat3& orientation, double flexion_zero_deg);

// The same, for a head measured `from_resting` (angles relative to the resting posture).
HeadAngles from_body_midline(const HeadAngles& from_resting, const BodyReference& reference);

// Angles from the body midline measured with one flexion zero, as another one measures them
// (a resting posture found before the patient's flexion zero was recorded).
HeadAngles with_flexion_zero(const HeadAngles& from_midline, double measured_with_deg,
                             double flexion_zero_deg);

// Where the head rests, from the body midline.
HeadAngles resting_posture(const BodyReference& reference);

// The sample with its angles (smoothed and raw) re-expressed from the body midline.
HeadSample measured_from_body_midline(HeadSample sample, const BodyReference& reference);

}  // namespace midline
