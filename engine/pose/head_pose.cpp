#include "pose/head_pose.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace midline {
namespace {

constexpr double kDegPerRad = 180.0 / std::numbers::pi;

// GLM matrices are column-major: m[column][row]. These build them row by row for clarity.
glm::dmat3 from_rows(double r00, double r01, double r02, double r10, double r11, double r12,
                     double r20, double r21, double r22) {
  return glm::dmat3(r00, r10, r20, r01, r11, r21, r02, r12, r22);
}

glm::dmat3 rot_x(double a) {
  const double c = std::cos(a), s = std::sin(a);
  return from_rows(1, 0, 0, 0, c, -s, 0, s, c);
}
glm::dmat3 rot_y(double a) {
  const double c = std::cos(a), s = std::sin(a);
  return from_rows(c, 0, s, 0, 1, 0, -s, 0, c);
}
glm::dmat3 rot_z(double a) {
  const double c = std::cos(a), s = std::sin(a);
  return from_rows(c, -s, 0, s, c, 0, 0, 0, 1);
}

double at(const glm::dmat3& m, int row, int col) { return m[col][row]; }

}  // namespace

glm::dmat3 rotation_matrix(const HeadAngles& a) {
  return rot_y(-a.rotation_deg / kDegPerRad) * rot_x(a.flexion_deg / kDegPerRad) *
         rot_z(a.tilt_deg / kDegPerRad);
}

HeadAngles head_angles(const glm::dmat3& r) {
  // R = Ry(y) Rx(x) Rz(z) has row 1 = (cx*sz, cx*cz, -sx), R02 = sy*cx, R22 = cy*cx.
  const double sin_flexion = std::clamp(-at(r, 1, 2), -1.0, 1.0);
  HeadAngles a;
  a.flexion_deg = std::asin(sin_flexion) * kDegPerRad;
  a.rotation_deg = -std::atan2(at(r, 0, 2), at(r, 2, 2)) * kDegPerRad;
  a.tilt_deg = std::atan2(at(r, 1, 0), at(r, 1, 1)) * kDegPerRad;
  return a;
}

glm::dmat3 relative_orientation(const glm::dmat3& neutral, const glm::dmat3& orientation) {
  return glm::transpose(neutral) * orientation;
}

double angular_distance_deg(const glm::dmat3& a, const glm::dmat3& b) {
  const glm::dmat3 d = glm::transpose(a) * b;
  const double trace = d[0][0] + d[1][1] + d[2][2];
  return std::acos(std::clamp((trace - 1.0) / 2.0, -1.0, 1.0)) * kDegPerRad;
}

}  // namespace midline
