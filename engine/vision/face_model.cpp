#include "vision/face_model.hpp"

namespace midline {

const FaceModel& generic_face_model() {
  // x: + to the image's right; y: + down; z: + away from the camera. Nose tip at the origin.
  // Symmetric pairs are written once for the image-left half and mirrored below.
  static const FaceModel model = [] {
    FaceModel m{};
    // Jaw line 0..8 (image-left ear to chin); 9..16 mirror 7..0.
    const cv::Point3d jaw[9] = {{-72, -30, 85}, {-71, -12, 82}, {-69, 6, 78},
                                {-66, 23, 72},  {-60, 39, 62},  {-51, 52, 50},
                                {-39, 62, 38},  {-21, 69, 28},  {0, 72, 24}};
    // Brow 17..21 (outer to inner); 22..26 mirror 21..17.
    const cv::Point3d brow[5] = {
        {-56, -52, 38}, {-45, -59, 27}, {-33, -61, 19}, {-21, -59, 14}, {-10, -55, 11}};
    // Nose bridge 27..30 (top to tip), nostrils 31..35.
    const cv::Point3d bridge[4] = {{0, -40, 17}, {0, -27, 11}, {0, -14, 5}, {0, 0, 0}};
    const cv::Point3d nostrils[3] = {{-14, 9, 16}, {-7, 12, 12}, {0, 13, 10}};
    // Image-left eye 36..41 (outer corner, upper lid, inner corner, lower lid).
    const cv::Point3d eye[6] = {{-44, -36, 32}, {-36, -41, 27}, {-26, -41, 26},
                                {-17, -35, 26}, {-26, -32, 27}, {-36, -32, 28}};
    // Outer lip 48..51 (corner to the middle of the upper lip), 55..57 lower lip; inner lip.
    const cv::Point3d upper_lip[4] = {{-25, 30, 27}, {-16, 24, 18}, {-7, 21, 14}, {0, 22, 13}};
    const cv::Point3d lower_lip[3] = {{16, 36, 20}, {7, 39, 16}, {0, 40, 15}};
    const cv::Point3d inner_upper[3] = {{-21, 30, 25}, {-7, 28, 16}, {0, 28, 15}};
    const cv::Point3d inner_lower[2] = {{7, 31, 16}, {0, 31, 15}};

    auto mirror = [](cv::Point3d p) { return cv::Point3d(-p.x, p.y, p.z); };
    for (int i = 0; i < 9; ++i) m[i] = jaw[i];
    for (int i = 0; i < 8; ++i) m[16 - i] = mirror(jaw[i]);
    for (int i = 0; i < 5; ++i) {
      m[17 + i] = brow[i];
      m[26 - i] = mirror(brow[i]);
    }
    for (int i = 0; i < 4; ++i) m[27 + i] = bridge[i];
    for (int i = 0; i < 3; ++i) m[31 + i] = nostrils[i];
    m[34] = mirror(nostrils[1]);
    m[35] = mirror(nostrils[0]);
    for (int i = 0; i < 6; ++i) m[36 + i] = eye[i];
    // Right eye 42..47 starts at its inner corner: the mirror image of 39, 38, 37, 36, 41, 40.
    const int right_eye_from[6] = {39, 38, 37, 36, 41, 40};
    for (int i = 0; i < 6; ++i) m[42 + i] = mirror(eye[right_eye_from[i] - 36]);
    for (int i = 0; i < 4; ++i) m[48 + i] = upper_lip[i];
    m[52] = mirror(upper_lip[2]);
    m[53] = mirror(upper_lip[1]);
    m[54] = mirror(upper_lip[0]);
    for (int i = 0; i < 3; ++i) m[55 + i] = lower_lip[i];
    m[58] = mirror(lower_lip[1]);
    m[59] = mirror(lower_lip[0]);
    for (int i = 0; i < 3; ++i) m[60 + i] = inner_upper[i];
    m[63] = mirror(inner_upper[1]);
    m[64] = mirror(inner_upper[0]);
    m[65] = inner_lower[0];
    m[66] = inner_lower[1];
    m[67] = mirror(inner_lower[0]);
    return m;
  }();
  return model;
}

CameraIntrinsics CameraIntrinsics::for_image(int width, int height, double focal_over_width) {
  const double f = focal_over_width * width;
  return {f, f, width / 2.0, height / 2.0};
}

cv::Point2d project(const CameraIntrinsics& camera, const HeadPose& pose, const cv::Point3d& p) {
  const glm::dvec3 c = pose.orientation * glm::dvec3(p.x, p.y, p.z) + pose.position_mm;
  return {camera.fx * c.x / c.z + camera.cx, camera.fy * c.y / c.z + camera.cy};
}

FaceModel personalised_model(const FaceModel& model, const Landmarks& landmarks,
                             const HeadPose& pose, const CameraIntrinsics& camera) {
  // For each point, find head-frame (x, y) at the model's depth z whose projection is the
  // landmark: two linear equations in x and y.
  const glm::dmat3& r = pose.orientation;  // column-major: r[col][row]
  FaceModel out = model;
  for (int i = 0; i < kLandmarkCount; ++i) {
    const double a = (landmarks[i].x - camera.cx) / camera.fx;
    const double b = (landmarks[i].y - camera.cy) / camera.fy;
    const glm::dvec3 k = r[2] * model[i].z + pose.position_mm;  // the part fixed by z
    // camera point c = r[0]*x + r[1]*y + k; want c.x - a*c.z = 0 and c.y - b*c.z = 0.
    const double m00 = r[0].x - a * r[0].z, m01 = r[1].x - a * r[1].z;
    const double m10 = r[0].y - b * r[0].z, m11 = r[1].y - b * r[1].z;
    const double rhs0 = a * k.z - k.x, rhs1 = b * k.z - k.y;
    const double det = m00 * m11 - m01 * m10;
    if (std::abs(det) < 1e-9) continue;  // seen edge-on: keep the model's point
    out[i].x = (rhs0 * m11 - m01 * rhs1) / det;
    out[i].y = (m00 * rhs1 - rhs0 * m10) / det;
  }
  return out;
}

}  // namespace midline
