#include "support/shoulder_scene.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

namespace midline::testing {

namespace {

constexpr double kRad = M_PI / 180.0;
constexpr double kHipBelowNeckMm = 480.0;  // the trunk leans about the hips
constexpr double kEyesAboveNeckMm = 225.0;

struct Camera {
  const ShoulderScene& scene;
  double focal() const { return scene.focal_over_width * scene.width; }
  // Body frame (mm): x toward the patient's left (the image's right), y down, z away from
  // the camera, origin at the base of the neck. Turned, then leant, then seen.
  cv::Point3d to_camera(cv::Point3d p, bool turns = true) const {
    if (turns) {
      const double t = scene.trunk_rotation_deg * kRad;
      p = {p.x * std::cos(t) - p.z * std::sin(t), p.y, p.x * std::sin(t) + p.z * std::cos(t)};
    }
    const double l = scene.trunk_lean_deg * kRad, dy = p.y - kHipBelowNeckMm;
    p = {p.x * std::cos(l) - dy * std::sin(l), kHipBelowNeckMm + p.x * std::sin(l) + dy * std::cos(l),
         p.z};
    return {p.x, p.y + kEyesAboveNeckMm - scene.camera_below_eyes_mm, p.z + scene.distance_mm};
  }
  cv::Point2d project(const cv::Point3d& c) const {
    return {0.5 * scene.width + focal() * c.x / c.z, 0.5 * scene.height + focal() * c.y / c.z};
  }
};

// One horizontal elliptical slice of the body at height y, filled.
void slice(cv::Mat& img, const Camera& cam, double y, double half_width, double half_depth,
           double centre_z, const cv::Scalar& colour, bool turns = true,
           cv::Point3d offset = {}) {
  std::vector<cv::Point> outline;
  for (int i = 0; i < 48; ++i) {
    const double a = 2 * M_PI * i / 48;
    cv::Point3d p(half_width * std::cos(a), y, centre_z + half_depth * std::sin(a));
    cv::Point3d c = turns ? cam.to_camera(p) : cam.to_camera(offset, true) +
                                                   cv::Point3d(p.x, p.y - offset.y, p.z - offset.z);
    const cv::Point2d q = cam.project(c);
    outline.emplace_back(static_cast<int>(std::lround(q.x * 4)), static_cast<int>(std::lround(q.y * 4)));
  }
  cv::fillConvexPoly(img, outline, colour, cv::LINE_AA, 2);
}

}  // namespace

RenderedScene render_shoulder_scene(const ShoulderScene& scene) {
  const int W = scene.width, H = scene.height;
  cv::Mat img(H, W, CV_8UC3);
  for (int y = 0; y < H; ++y)  // a wall, a little lighter at the top
    img.row(y).setTo(cv::Scalar(196 - 20.0 * y / H, 202 - 20.0 * y / H, 210 - 16.0 * y / H));
  if (scene.room_lines) {
    const cv::Scalar wood(60, 85, 115);
    cv::rectangle(img, cv::Rect(0, static_cast<int>(0.16 * H), W, 9), wood, cv::FILLED);
    cv::rectangle(img, cv::Rect(static_cast<int>(0.74 * W), static_cast<int>(0.26 * H),
                                static_cast<int>(0.2 * W), static_cast<int>(0.22 * H)),
                  cv::Scalar(50, 50, 50), 5);
    for (double x : {0.05, 0.13})
      cv::rectangle(img, cv::Rect(static_cast<int>(x * W), 0, 6, H), wood, cv::FILLED);
  }
  const Camera cam{scene};
  const cv::Scalar shirt(150, 95, 55), skin(125, 155, 205), hair(40, 50, 70), dark(45, 45, 60);
  // The trunk: sloping shoulders (trapezius), rounded tips, then the upper arms.
  for (double y = 440; y >= 0; y -= 3) {
    double a;
    if (y < 40) a = 62 + y / 0.36;
    else if (y < 95) a = 173 + 47 * std::sqrt(std::max(0.0, 1 - std::pow((95 - y) / 55, 2)));
    else a = 220 - (y - 95) * 0.05;
    const double b = std::min(115.0, 55 + 1.6 * y);
    const double shade = 0.9 + 0.1 * y / 440;
    slice(img, cam, y, a, b, 0.0, shirt * shade);
  }
  for (double y = 15; y >= -125; y -= 3) slice(img, cam, y, 52, 52, 5.0, skin * 0.92);  // the neck
  // The head faces the camera whatever the trunk does; it rides on the neck.
  const cv::Point3d head_centre(0, -215, -10);
  for (double y = -330; y <= -100; y += 3) {
    const double r = std::sqrt(std::max(0.0, 1 - std::pow((y + 215) / 115, 2)));
    slice(img, cam, y, 78 * r, 95 * r, head_centre.z, y < -275 ? hair : skin, false, head_centre);
  }
  const cv::Point3d head_at = cam.to_camera(head_centre);
  const auto on_face = [&](double x, double y) {  // a point on the face's front, body offsets
    return cam.project(head_at + cv::Point3d(x, y + 215, -85));
  };
  const double f = cam.focal() / head_at.z;  // pixels per mm at the face
  for (double x : {-32.0, 32.0}) {
    cv::ellipse(img, on_face(x, -228), cv::Size2d(11 * f, 5 * f), 0, 0, 360, dark, cv::FILLED, cv::LINE_AA);
    cv::line(img, on_face(x - 16, -248), on_face(x + 16, -250), hair, std::max(1, static_cast<int>(5 * f)), cv::LINE_AA);
  }
  cv::line(img, on_face(0, -225), on_face(0, -185), skin * 0.8, std::max(1, static_cast<int>(4 * f)), cv::LINE_AA);
  cv::ellipse(img, on_face(0, -150), cv::Size2d(22 * f, 6 * f), 0, 0, 360, cv::Scalar(80, 80, 150), cv::FILLED, cv::LINE_AA);
  RenderedScene out;
  const cv::Point2d tl = on_face(-70, -255), br = on_face(70, -105);
  out.face_box = cv::Rect2d(tl, br);

  if (scene.camera_roll_deg != 0.0) {  // the whole picture turns about its centre
    const cv::Point2f centre(0.5f * static_cast<float>(W), 0.5f * static_cast<float>(H));
    const cv::Mat turn = cv::getRotationMatrix2D(centre, -scene.camera_roll_deg, 1.0);
    cv::Mat turned;
    cv::warpAffine(img, turned, turn, img.size(), cv::INTER_LINEAR, cv::BORDER_REFLECT);
    img = turned;
    std::vector<cv::Point2d> corners{tl, {br.x, tl.y}, br, {tl.x, br.y}}, moved;
    cv::transform(corners, moved, turn);
    out.face_box = cv::boundingRect(std::vector<cv::Point2f>(moved.begin(), moved.end()));
  }
  cv::GaussianBlur(img, img, cv::Size(), 0.8);
  cv::Mat noise(img.size(), CV_16SC3);
  cv::RNG rng(scene.seed);
  rng.fill(noise, cv::RNG::NORMAL, 0, 3);
  cv::Mat with_noise;
  img.convertTo(with_noise, CV_16SC3);
  with_noise += noise;
  with_noise.convertTo(out.bgr, CV_8UC3);
  return out;
}

}  // namespace midline::testing
