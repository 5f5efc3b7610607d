#include "pose/body_midline.hpp"

#include <algorithm>
#include <cmath>

namespace midline {

double camera_side_pitch_deg(double flexion_zero_deg, double track_pitch_deg) {
  if (std::abs(track_pitch_deg) < kLeastFramePitchDeg) return 0.0;
  if (flexion_zero_deg * track_pitch_deg <= 0.0) return 0.0;
  return flexion_zero_deg > 0.0 ? std::min(flexion_zero_deg, track_pitch_deg)
                                : std::max(flexion_zero_deg, track_pitch_deg);
}

HeadAngles body_midline_angles(const glm::dmat3& orientation, double flexion_zero_deg,
                               double track_pitch_deg) {
  // The model's pitch on the camera's side comes off there, the face's within the head on
  // the head's side (each exact even when the head is also turned and tilted).
  const double camera_side = camera_side_pitch_deg(flexion_zero_deg, track_pitch_deg);
  return head_angles(rotation_matrix({0.0, 0.0, -camera_side}) * orientation *
                     rotation_matrix({0.0, 0.0, camera_side - flexion_zero_deg}));
}

HeadAngles from_body_midline(const HeadAngles& from_resting, const BodyReference& reference) {
  return body_midline_angles(reference.resting * rotation_matrix(from_resting),
                             reference.flexion_zero_deg, reference.track_pitch_deg);
}

HeadAngles with_flexion_zero(const HeadAngles& from_midline, double measured_with_deg,
                             double flexion_zero_deg, double track_pitch_deg) {
  // The tracker's orientation back from the angles, then measured again.
  const double camera_side = camera_side_pitch_deg(measured_with_deg, track_pitch_deg);
  const glm::dmat3 orientation = rotation_matrix({0.0, 0.0, camera_side}) *
                                 rotation_matrix(from_midline) *
                                 rotation_matrix({0.0, 0.0, measured_with_deg - camera_side});
  return body_midline_angles(orientation, flexion_zero_deg, track_pitch_deg);
}

HeadAngles resting_posture(const BodyReference& reference) {
  return body_midline_angles(reference.resting, reference.flexion_zero_deg,
                             reference.track_pitch_deg);
}

HeadSample measured_from_body_midline(HeadSample sample, const BodyReference& reference) {
  if (sample.face) {
    sample.face->angles = from_body_midline(sample.face->angles, reference);
    sample.face->raw_angles = from_body_midline(sample.face->raw_angles, reference);
  }
  return sample;
}

}  // namespace midline
