#pragma once
// Head orientation in clinical terms, and the one place that defines how the three angles
// compose (see ARCHITECTURE.md, "Conventions for head angles").
//
// Camera axes: X to the image's right, Y down, Z forward (away from the camera). A head
// orientation R takes head coordinates to camera coordinates; at R = identity the face looks
// straight into the camera. R = Ry(-rotation) * Rx(flexion) * Rz(tilt).

#include <glm/mat3x3.hpp>
#include <glm/vec3.hpp>

namespace midline {

// Degrees, in the patient's own frame.
struct HeadAngles {
  double rotation_deg = 0.0;  // + = chin toward the patient's left shoulder (nose to image right)
  double tilt_deg = 0.0;      // + = left ear toward left shoulder (head top to image right)
  double flexion_deg = 0.0;   // + = flexion, chin toward chest; - = extension
};

// A head pose as the camera sees it: orientation plus the position (millimetres, camera
// frame) of the head model's origin, which sits at the tip of the nose.
struct HeadPose {
  glm::dmat3 orientation{1.0};
  glm::dvec3 position_mm{0.0};
};

glm::dmat3 rotation_matrix(const HeadAngles& angles);
HeadAngles head_angles(const glm::dmat3& orientation);

// The orientation of `pose` relative to a neutral one: R_rel = R_neutral^T * R.
glm::dmat3 relative_orientation(const glm::dmat3& neutral, const glm::dmat3& orientation);

// Angle of the rotation between two orientations, in degrees (0 when they are equal).
double angular_distance_deg(const glm::dmat3& a, const glm::dmat3& b);

}  // namespace midline
