#include "pose/body_midline.hpp"

namespace midline {

HeadAngles body_midline_angles(const glm::dmat3& orientation, double flexion_zero_deg) {
  // The flexion zero is a pitch of the face within the head, so it comes off on the head's
  // side of the orientation (exact even when the head is also turned and tilted).
  return head_angles(orientation * rotation_matrix({0.0, 0.0, -flexion_zero_deg}));
}

HeadAngles from_body_midline(const HeadAngles& from_resting, const BodyReference& reference) {
  return body_midline_angles(reference.resting * rotation_matrix(from_resting),
                             reference.flexion_zero_deg);
}

HeadAngles with_flexion_zero(const HeadAngles& from_midline, double measured_with_deg,
                             double flexion_zero_deg) {
  const glm::dmat3 orientation =
      rotation_matrix(from_midline) * rotation_matrix({0.0, 0.0, measured_with_deg});
  return body_midline_angles(orientation, flexion_zero_deg);
}

HeadAngles resting_posture(const BodyReference& reference) {
  return body_midline_angles(reference.resting, reference.flexion_zero_deg);
}

HeadSample measured_from_body_midline(HeadSample sample, const BodyReference& reference) {
  if (sample.face) {
    sample.face->angles = from_body_midline(sample.face->angles, reference);
    sample.face->raw_angles = from_body_midline(sample.face->raw_angles, reference);
  }
  return sample;
}

}  // namespace midline
