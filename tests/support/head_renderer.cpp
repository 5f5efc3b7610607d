#include "support/head_renderer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <random>

namespace midline::testing {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kRad = kPi / 180.0;
constexpr int kAtlasPxPerDeg = 3;
constexpr int kAtlasHeadWidth = 360 * kAtlasPxPerDeg + 1;
constexpr int kAtlasHeadHeight = 180 * kAtlasPxPerDeg + 1;
constexpr int kPatchSize = 256;  // skin and cloth patches below the head's part of the atlas

// The left-right partner of each landmark of the 68-point scheme (itself on the midline).
constexpr std::array<int, kLandmarkCount> kMirror = [] {
  std::array<int, kLandmarkCount> m{};
  for (int i = 0; i < kLandmarkCount; ++i) m[i] = i;
  auto pair = [&](int a, int b) { m[a] = b, m[b] = a; };
  for (int i = 0; i < 8; ++i) pair(i, 16 - i);
  for (int i = 17; i < 22; ++i) pair(i, 43 - i);
  pair(31, 35), pair(32, 34);
  pair(36, 45), pair(37, 44), pair(38, 43), pair(39, 42), pair(40, 47), pair(41, 46);
  pair(48, 54), pair(49, 53), pair(50, 52), pair(55, 59), pair(56, 58);
  pair(60, 64), pair(61, 63), pair(65, 67);
  return m;
}();

double smoothstep(double edge0, double edge1, double x) {
  const double t = std::clamp((x - edge0) / (edge1 - edge0), 0.0, 1.0);
  return t * t * (3.0 - 2.0 * t);
}
double gauss(double x, double y, double rx, double ry) {
  return std::exp(-(x * x) / (rx * rx) - (y * y) / (ry * ry));
}
double lerp(double a, double b, double t) { return a + (b - a) * t; }
// Piecewise linear through (x, y) knots sorted by x.
double through(const std::vector<std::pair<double, double>>& knots, double x) {
  if (x <= knots.front().first) return knots.front().second;
  for (size_t i = 1; i < knots.size(); ++i)
    if (x <= knots[i].first)
      return lerp(knots[i - 1].second, knots[i].second,
                  (x - knots[i - 1].first) / (knots[i].first - knots[i - 1].first));
  return knots.back().second;
}

struct Vertex {
  glm::dvec3 position;  // mm: head frame for the head's parts, world frame for the body's
  glm::dvec3 normal{0.0};
  cv::Point2f uv;       // atlas pixel
  glm::dvec3 inside;    // a point inside the part, to orient normals outward
};

struct Mesh {
  std::vector<Vertex> vertices;
  std::vector<cv::Vec3i> triangles;

  // Triangles wound so that (b-a)x(c-a) points outward; vertex normals from them.
  void finish() {
    for (auto& v : vertices) v.normal = glm::dvec3(0.0);
    std::vector<cv::Vec3i> kept;
    for (cv::Vec3i t : triangles) {
      const glm::dvec3 &a = vertices[t[0]].position, &b = vertices[t[1]].position,
                       &c = vertices[t[2]].position;
      glm::dvec3 n = glm::cross(b - a, c - a);
      if (glm::length(n) < 1e-9) continue;
      const glm::dvec3 inside =
          (vertices[t[0]].inside + vertices[t[1]].inside + vertices[t[2]].inside) / 3.0;
      if (glm::dot(n, (a + b + c) / 3.0 - inside) < 0) {
        std::swap(t[1], t[2]);
        n = -n;
      }
      for (int k = 0; k < 3; ++k) vertices[t[k]].normal += n;
      kept.push_back(t);
    }
    triangles = std::move(kept);
    for (auto& v : vertices)
      if (glm::length(v.normal) > 0) v.normal = glm::normalize(v.normal);
  }

  // A grid of rows x cols vertices made by `at(i, j)`, joined into triangles.
  template <typename F>
  void add_grid(int rows, int cols, F at) {
    const int base = static_cast<int>(vertices.size());
    for (int i = 0; i < rows; ++i)
      for (int j = 0; j < cols; ++j) vertices.push_back(at(i, j));
    for (int i = 0; i + 1 < rows; ++i)
      for (int j = 0; j + 1 < cols; ++j) {
        const int a = base + i * cols + j, b = a + 1, c = a + cols, d = c + 1;
        triangles.push_back({a, b, c});
        triangles.push_back({b, d, c});
      }
  }

  // An ellipsoid with half-axes along three orthogonal directions, textured from an atlas
  // rectangle.
  void add_ellipsoid(glm::dvec3 centre, glm::dvec3 a, glm::dvec3 b, glm::dvec3 c,
                     cv::Rect2f texture, int rows = 14, int cols = 24) {
    add_grid(rows, cols + 1, [&](int i, int j) {
      const double phi = kPi * (static_cast<double>(i) / (rows - 1) - 0.5);
      const double theta = 2.0 * kPi * j / cols;
      Vertex v;
      v.position = centre + a * (std::cos(phi) * std::cos(theta)) +
                   b * (std::cos(phi) * std::sin(theta)) + c * std::sin(phi);
      v.uv = {texture.x + texture.width * static_cast<float>(j) / static_cast<float>(cols),
              texture.y + texture.height * static_cast<float>(i) / static_cast<float>(rows - 1)};
      v.inside = centre;
      return v;
    });
  }
};

// A noise texture: low-frequency variation times `colour`, with fine grain.
cv::Mat textured(cv::Size size, cv::Scalar colour, double low, double fine, cv::RNG& rng,
                 cv::Size streak = {1, 1}) {
  cv::Mat coarse(size, CV_32F), grain(size, CV_32F);
  rng.fill(coarse, cv::RNG::NORMAL, 0.0, 1.0);
  rng.fill(grain, cv::RNG::NORMAL, 0.0, 1.0);
  cv::GaussianBlur(coarse, coarse, {0, 0}, 12.0);
  cv::normalize(coarse, coarse, -1.0, 1.0, cv::NORM_MINMAX);
  if (streak.area() > 1) cv::blur(grain, grain, streak);
  cv::normalize(grain, grain, -1.0, 1.0, cv::NORM_MINMAX);
  cv::Mat gain = 1.0 + low * coarse + fine * grain;
  cv::Mat out(size, CV_32FC3);
  std::vector<cv::Mat> channels;
  for (int k = 0; k < 3; ++k) channels.push_back(gain * colour[k]);
  cv::merge(channels, out);
  return out;
}

cv::Mat make_room(cv::Size size, unsigned seed) {
  std::mt19937 rng(seed * 7919u + 17u);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const cv::Scalar wall(130 + 70 * u(rng), 140 + 60 * u(rng), 150 + 60 * u(rng));
  cv::Mat room(size, CV_8UC3);
  for (int y = 0; y < size.height; ++y)  // light falling off toward the floor
    room.row(y).setTo(wall * (1.05 - 0.25 * y / size.height));
  const int w = size.width, h = size.height;
  const int door_x = static_cast<int>(w * (0.05 + 0.2 * u(rng)));
  cv::rectangle(room, {door_x, h / 8, w / 5, h}, wall * 0.7, cv::FILLED);
  cv::rectangle(room, {door_x, h / 8, w / 5, h}, wall * 0.5, 6);
  const int pic_x = static_cast<int>(w * (0.62 + 0.2 * u(rng)));
  cv::rectangle(room, {pic_x, h / 10, w / 7, h / 6},
                cv::Scalar(60 + 150 * u(rng), 60 + 150 * u(rng), 60 + 150 * u(rng)), cv::FILLED);
  cv::rectangle(room, {pic_x, h / 10, w / 7, h / 6}, cv::Scalar(40, 50, 60), 4);
  cv::line(room, {0, static_cast<int>(h * 0.55)}, {w / 8, static_cast<int>(h * 0.55)},
           wall * 0.4, 8);  // a shelf
  cv::GaussianBlur(room, room, {0, 0}, 2.0);  // out of focus behind the patient
  return room;
}

}  // namespace

HeadProportions HeadProportions::random(unsigned seed) {
  std::mt19937 rng(seed * 2654435761u + 3u);
  std::uniform_real_distribution<double> vary(0.75, 1.25), span(86.0, 96.0), size(0.92, 1.08);
  HeadProportions p;
  p.eye_span_mm = span(rng);
  p.nose = vary(rng);
  p.brow = vary(rng);
  p.eye_sockets = vary(rng);
  p.cheeks = vary(rng);
  p.lips = vary(rng);
  p.chin = vary(rng);
  p.face_depth = vary(rng);
  p.head_width = size(rng);
  p.head_length = size(rng);
  // Drawn last, so that the draws above are those of the heads before the pivot varied.
  std::uniform_real_distribution<double> neck(0.85, 1.15);
  p.neck_below_mm = 100.0 * neck(rng);
  p.neck_behind_mm = 90.0 * neck(rng);
  return p;
}

double Webcam::focal_over_width() const {
  return 0.5 / std::tan(horizontal_fov_deg * kRad / 2.0);
}

struct HeadRenderer::Impl {
  HeadLook look;
  Light light;
  Webcam webcam;
  Landmarks face{};  // the photo's landmarks, symmetrised, in head millimetres (x right, y down)
  double brow_y = 0, chin_y = 0, forehead_y = 0, jaw_top_y = 0;
  double skull_half_width = 75, front_depth = 95, back_depth = 97, side_z = 76, top_height = 115;
  std::vector<std::pair<double, double>> outline;  // half-width of the jaw by height
  glm::dvec3 position{0, -35, 500};  // of the eyes at neutral, camera frame
  cv::Mat atlas;                     // CV_8UC3
  Mesh head, body;                   // head: turns with the head; body: still
  std::vector<std::vector<glm::dvec3>> glasses;  // polylines, head frame
  std::vector<Mesh> hands;           // by Hand (none: empty)
  cv::Mat room;
  mutable cv::Mat body_depth, room_with_body;  // the body does not move: drawn once
  mutable cv::Mat scratch_depth, scratch_map, scratch_lit;
  std::vector<cv::Mat> noise_bank;  // sensor noise fields, CV_16SC3, a little larger than a frame
  mutable std::optional<std::array<glm::dvec3, kLandmarkCount>> landmarks_on_head;  // when asked
  // The point the head turns about, head frame.
  glm::dvec3 pivot() const {
    return {0.0, look.proportions.neck_below_mm, look.proportions.neck_behind_mm};
  }

  double hairline(double abs_theta_deg) const {
    return through({{0, forehead_y}, {45, forehead_y + 6}, {70, forehead_y + 30}, {90, -12},
                    {110, -8}, {140, 45}, {180, 62}},
                   abs_theta_deg);
  }
  double hat_line(double abs_theta_deg) const {
    return through({{0, brow_y - 14}, {90, -14}, {180, 30}}, abs_theta_deg);
  }
  double outline_half_width(double y) const { return through(outline, y); }

  // The face's relief toward the camera (mm) at (x, y) on the front of the head.
  double relief(double x, double y) const {
    const HeadProportions& p = look.proportions;
    const Landmarks& l = face;
    double r = 0.0;
    // Nose: a ridge from the root (27) to the tip (30), falling back to the base (33).
    const double y27 = l[27].y, y30 = l[30].y, y33 = std::max(l[33].y, l[30].y + 4.0f);
    const double alar = std::max(12.0, (l[35].x - l[31].x) / 2.0);
    const double tip = 21.0 * p.nose;
    double h = 0, w = 6;
    if (y >= y27 - 6 && y <= y30) {
      const double t = std::clamp((y - y27) / (y30 - y27), 0.0, 1.0);
      h = lerp(3.0, tip, std::pow(t, 1.3)) * smoothstep(y27 - 6, y27, y);
      w = lerp(6.0, 0.62 * alar, t * t);
    } else if (y > y30) {
      const double t = std::min(1.0, (y - y30) / (y33 - y30));
      h = tip * (1.0 - 0.6 * t * t) * std::exp(-std::pow(std::max(0.0, y - y33) / 2.5, 2));
      w = 0.62 * alar * (1.0 + 0.35 * t);
    }
    r += h * std::exp(-0.8 * (x / w) * (x / w));
    for (double side : {-1.0, 1.0})  // the wings of the nose
      r += 0.4 * tip * gauss(x - side * (alar - 4.0), y - (l[31].y - 2.0), 6.5, 5.5);
    // Brow ridge over both eyes.
    r += 6.0 * p.brow * std::exp(-std::pow((y - (brow_y + 3.0)) / 8.0, 2)) *
         std::exp(-std::pow(x / 48.0, 4));
    for (int eye : {36, 42}) {
      cv::Point2f c(0, 0);
      for (int i = eye; i < eye + 6; ++i) c += l[i];
      c *= 1.0f / 6.0f;
      r -= 7.0 * p.eye_sockets * gauss(x - c.x, y - c.y + 2.0, 15.0, 11.0);  // the socket
      const double side = c.x < 0 ? -1.0 : 1.0;
      r += 6.0 * p.cheeks * gauss(x - (c.x + side * 6.0), y - (c.y + 27.0), 17.0, 13.0);
    }
    cv::Point2f mouth(0, 0);
    for (int i = 48; i < 68; ++i) mouth += l[i];
    mouth *= 1.0f / 20.0f;
    const double mouth_half = std::max(15.0, (l[54].x - l[48].x) / 2.0);
    r += 9.0 * p.lips * gauss(x, y - mouth.y, mouth_half + 7.0, 13.0);
    const double chin_centre = chin_y - 11.0;
    r += 8.0 * p.chin * gauss(x, y - chin_centre, 17.0, 11.0);
    return r;
  }

  // Extra thickness (mm) over the skull: hair, ears, a hat.
  double thickness(double abs_theta, double y) const {
    double e = 0.0;
    const double hair = smoothstep(hairline(abs_theta) + 4.0, hairline(abs_theta) - 6.0, y);
    e += 6.0 * hair * smoothstep(30.0, 70.0, abs_theta) + 3.0 * hair;
    if (look.hat) e = std::max(e, 11.0 * smoothstep(hat_line(abs_theta) + 1.0, hat_line(abs_theta) - 2.0, y));
    const double ear = std::pow((abs_theta - 98.0) / 11.0, 2) + std::pow((y - 22.0) / 30.0, 2);
    if (ear < 1.0) e = std::max(e, 11.0 * std::sqrt(1.0 - ear));
    return e;
  }

  // The head's surface at azimuth theta (0: facing the camera, + toward image right) and
  // elevation phi (+90: the top of the head, -90: under the chin), head frame.
  glm::dvec3 surface(double theta_deg, double phi_deg) const {
    const double th = theta_deg * kRad, ph = phi_deg * kRad;
    double y, width, front, back, side = side_z;
    if (phi_deg >= 0) {
      y = -top_height * std::sin(ph);
      width = skull_half_width * std::cos(ph);
      front = front_depth * std::cos(ph);
      back = back_depth * std::cos(ph);
    } else {
      y = -(chin_y + 2.0) * std::sin(ph);
      const double u = std::clamp(y / chin_y, 0.0, 1.0);
      const double skull = skull_half_width * std::cos(ph);
      const double blend = smoothstep(std::max(2.0, jaw_top_y - 6.0), jaw_top_y + 12.0, y);
      width = lerp(skull, 1.03 * outline_half_width(y), blend);
      side = side_z * (1.0 - 0.6 * u * u);
      const double front_mid = lerp(side_z - front_depth, 2.0, u * u);
      front = side - front_mid;
      back = back_depth * std::cos(ph) * (1.0 - 0.5 * u);
    }
    const double abs_theta = std::abs(theta_deg);
    const double e = thickness(abs_theta, y);
    const double c = std::cos(th), s = std::sin(th);
    // The extra thickness goes outward: sideways and, over the crown, up.
    const double out = phi_deg >= 0 ? std::cos(ph) : 1.0;
    if (phi_deg >= 0) y -= e * std::sin(ph);
    glm::dvec3 p((width + e * out) * s, y,
                 c >= 0 ? side - (front + e * out) * c : side - (back + e * out) * c);
    if (c > 0.2) p.z -= relief(p.x, p.y) * smoothstep(0.3, 0.6, c);
    return p;
  }
  glm::dvec3 section_centre(double phi_deg) const {
    if (phi_deg >= 0) return {0, -top_height * std::sin(phi_deg * kRad) * 0.5, side_z};
    const double y = -(chin_y + 2.0) * std::sin(phi_deg * kRad);
    return {0, y * 0.5, side_z * 0.6};
  }

  // The point of the head's surface in front of (x, y): the photo is mapped onto the head
  // straight along the depth axis, so that is where the photo's point at (x, y) lies.
  glm::dvec3 surface_at(double x, double y) const {
    double best_theta = 0, best_phi = 0, best = std::numeric_limits<double>::infinity();
    double step = 2.0, span = 88.0;
    for (int round = 0; round < 5; ++round) {
      const double theta0 = best_theta, phi0 = best_phi;
      for (double t = theta0 - span; t <= theta0 + span; t += step)
        for (double ph = phi0 - span; ph <= phi0 + span; ph += step) {
          const glm::dvec3 p = surface(t, ph);
          const double d = (p.x - x) * (p.x - x) + (p.y - y) * (p.y - y);
          if (d < best) best = d, best_theta = t, best_phi = ph;
        }
      span = 2.0 * step;
      step /= 8.0;
    }
    return surface(best_theta, best_phi);
  }

  void place_face(const Landmarks& photo_landmarks);
  void build_atlas(const cv::Mat& photo, const Landmarks& photo_landmarks);
  void build_meshes();
  cv::Mat draw(const Shot& shot) const;
  cv::Mat through_webcam(cv::Mat image, const Shot& shot) const;
};

void HeadRenderer::Impl::place_face(const Landmarks& pl) {
  // Photo pixels to head millimetres: the outer eye corners' midpoint at the origin, the
  // eye line level, the eye span as drawn.
  const cv::Point2f e = (pl[kLeftEyeOuter] + pl[kRightEyeOuter]) * 0.5f;
  const cv::Point2f d = pl[kRightEyeOuter] - pl[kLeftEyeOuter];
  const float span = std::hypot(d.x, d.y);
  const cv::Point2f ux = d / span, uy(-ux.y, ux.x);
  const float mm = static_cast<float>(look.proportions.eye_span_mm) / span;
  Landmarks m;
  for (int i = 0; i < kLandmarkCount; ++i) {
    const cv::Point2f q = pl[i] - e;
    m[i] = {q.dot(ux) * mm, q.dot(uy) * mm};
  }
  for (int i = 0; i < kLandmarkCount; ++i) {
    const int j = kMirror[i];
    face[i] = {(m[i].x - m[j].x) / 2.0f, (m[i].y + m[j].y) / 2.0f};
  }
  double brows = 0;
  for (int i = 17; i < 27; ++i) brows += face[i].y / 10.0;
  brow_y = brows;
  chin_y = face[kChin].y;
  jaw_top_y = face[0].y;
  forehead_y = brow_y - 0.55 * look.proportions.eye_span_mm;
  for (int i = 0; i <= 8; ++i) outline.push_back({face[i].y, std::abs(face[i].x)});
  std::sort(outline.begin(), outline.end());
  outline.push_back({chin_y + 3.0, 0.0});

  const HeadProportions& p = look.proportions;
  skull_half_width = std::max(75.0 * p.head_width, 1.06 * std::abs(face[0].x));
  front_depth = 95.0 * p.face_depth;
  const double corner = std::min(0.95, p.eye_span_mm / 2.0 / skull_half_width);
  side_z = front_depth * std::sqrt(1.0 - corner * corner);  // eye corners at z = 0
  back_depth = 192.0 * p.head_length - front_depth;
  top_height = 115.0 * p.head_length;
}

void HeadRenderer::Impl::build_atlas(const cv::Mat& photo, const Landmarks& pl) {
  // From the symmetric layout (mm) back to the photo: piecewise affine over a triangulation
  // of the landmarks and a ring around them, found through a map of triangle numbers.
  const cv::Point2f e = (pl[kLeftEyeOuter] + pl[kRightEyeOuter]) * 0.5f;
  const cv::Point2f d = pl[kRightEyeOuter] - pl[kLeftEyeOuter];
  const float span = std::hypot(d.x, d.y);
  const cv::Point2f ux = d / span, uy(-ux.y, ux.x);
  const float px_per_mm = span / static_cast<float>(look.proportions.eye_span_mm);
  auto photo_of_mm = [&](cv::Point2f q) { return e + (ux * q.x + uy * q.y) * px_per_mm; };

  std::vector<cv::Point2f> layout(face.begin(), face.end()), source(pl.begin(), pl.end());
  for (int k = 0; k < 16; ++k) {  // the ring: mapped by the plain similarity
    const double a = 2.0 * kPi * k / 16.0;
    const cv::Point2f q(static_cast<float>(150.0 * std::cos(a)),
                        static_cast<float>(20.0 + 190.0 * std::sin(a)));
    layout.push_back(q);
    source.push_back(photo_of_mm(q));
  }
  const cv::Rect2f area(-200, -240, 400, 480);
  constexpr float kMapMmPerPx = 0.5f;
  cv::Subdiv2D subdiv(cv::Rect(-400, -400, 800, 800));
  for (const auto& q : layout) subdiv.insert(q);
  std::vector<cv::Vec6f> list;
  subdiv.getTriangleList(list);
  auto index_of = [&](float x, float y) {
    for (size_t i = 0; i < layout.size(); ++i)
      if (std::abs(layout[i].x - x) < 1e-3f && std::abs(layout[i].y - y) < 1e-3f)
        return static_cast<int>(i);
    return -1;
  };
  std::vector<cv::Vec3i> tris;
  cv::Mat which(static_cast<int>(area.height / kMapMmPerPx), static_cast<int>(area.width / kMapMmPerPx),
                CV_32S, cv::Scalar(-1));
  auto map_px = [&](cv::Point2f q) {
    return cv::Point(cvRound((q.x - area.x) / kMapMmPerPx), cvRound((q.y - area.y) / kMapMmPerPx));
  };
  for (const auto& t : list) {
    const cv::Vec3i tri(index_of(t[0], t[1]), index_of(t[2], t[3]), index_of(t[4], t[5]));
    if (tri[0] < 0 || tri[1] < 0 || tri[2] < 0) continue;
    const cv::Point corners[3] = {map_px(layout[tri[0]]), map_px(layout[tri[1]]),
                                  map_px(layout[tri[2]])};
    cv::fillConvexPoly(which, corners, 3, cv::Scalar(static_cast<int>(tris.size())));
    tris.push_back(tri);
  }
  auto photo_point = [&](double x, double y) -> cv::Point2f {
    const cv::Point2f q(static_cast<float>(x), static_cast<float>(y));
    const cv::Point m = map_px(q);
    if (m.x < 0 || m.y < 0 || m.x >= which.cols || m.y >= which.rows) return photo_of_mm(q);
    const int t = which.at<int>(m);
    if (t < 0) return photo_of_mm(q);
    const cv::Point2f a = layout[tris[t][0]], b = layout[tris[t][1]], c = layout[tris[t][2]];
    const float den = static_cast<float>((b - a).cross(c - a));
    if (std::abs(den) < 1e-6f) return photo_of_mm(q);
    const float wb = static_cast<float>((q - a).cross(c - a)) / den,
                wc = static_cast<float>((b - a).cross(q - a)) / den;
    return source[tris[t][0]] * (1 - wb - wc) + source[tris[t][1]] * wb + source[tris[t][2]] * wc;
  };

  // Where the photograph is the face: inside the jaw line and up the forehead, soft-edged.
  cv::Mat face_mask = cv::Mat::zeros(which.size(), CV_32F);
  {
    std::vector<cv::Point> polygon;
    for (int i = 0; i <= 16; ++i) polygon.push_back(map_px(face[i]));
    const double top = forehead_y;
    for (auto [x, y] : {std::pair{face[26].x + 3.0, top + 12.0}, std::pair{face[24].x * 0.6, top},
                        std::pair{face[19].x * 0.6, top}, std::pair{face[17].x - 3.0, top + 12.0}})
      polygon.push_back(map_px({static_cast<float>(x), static_cast<float>(y)}));
    cv::fillPoly(face_mask, std::vector<std::vector<cv::Point>>{polygon}, cv::Scalar(1.0));
    cv::erode(face_mask, face_mask, cv::getStructuringElement(cv::MORPH_ELLIPSE, {9, 9}));
    cv::GaussianBlur(face_mask, face_mask, {0, 0}, 4.0);
  }
  auto mask_at = [&](double x, double y) {
    const cv::Point m = map_px({static_cast<float>(x), static_cast<float>(y)});
    if (m.x < 0 || m.y < 0 || m.x >= face_mask.cols || m.y >= face_mask.rows) return 0.0f;
    return face_mask.at<float>(m);
  };

  // The skin's colour: the cheeks' median.
  std::vector<cv::Vec3b> samples;
  for (int side : {0, 1}) {
    const cv::Point2f cheek = side ? (face[14] + face[35]) * 0.5f : (face[2] + face[31]) * 0.5f;
    for (int dy = -4; dy <= 4; dy += 2)
      for (int dx = -4; dx <= 4; dx += 2) {
        const cv::Point2f p = photo_point(cheek.x + static_cast<float>(dx), cheek.y + static_cast<float>(dy));
        const cv::Point ip(std::clamp(cvRound(p.x), 0, photo.cols - 1),
                           std::clamp(cvRound(p.y), 0, photo.rows - 1));
        samples.push_back(photo.at<cv::Vec3b>(ip));
      }
  }
  cv::Scalar skin;
  for (int k = 0; k < 3; ++k) {
    std::vector<int> c;
    for (const auto& s : samples) c.push_back(s[k]);
    std::nth_element(c.begin(), c.begin() + c.size() / 2, c.end());
    skin[k] = c[c.size() / 2];
  }

  // The hair's colour: the photo's, just above the forehead, where there is any; the look's
  // own otherwise (a photo cropped at the forehead shows background there).
  cv::Scalar hair_colour(look.hair_bgr[0], look.hair_bgr[1], look.hair_bgr[2]);
  {
    std::vector<cv::Vec3b> above;
    for (double hx : {-25.0, -12.0, 0.0, 12.0, 25.0}) {
      const cv::Point2f p = photo_point(hx, forehead_y - 6.0);
      if (p.x >= 0 && p.y >= 0 && p.x < static_cast<float>(photo.cols) && p.y < static_cast<float>(photo.rows))
        above.push_back(photo.at<cv::Vec3b>(cvFloor(p.y), cvFloor(p.x)));
    }
    if (above.size() == 5) {
      for (int k = 0; k < 3; ++k) {
        std::vector<int> c;
        for (const auto& a : above) c.push_back(a[k]);
        std::nth_element(c.begin(), c.begin() + 2, c.end());
        hair_colour[k] = c[2];
      }
    }
  }
  cv::RNG rng(look.seed * 977u + 5u);
  const cv::Size head_size(kAtlasHeadWidth, kAtlasHeadHeight);
  const cv::Mat skin_layer = textured(head_size, skin, 0.05, 0.03, rng);
  const cv::Mat hair_layer = textured(head_size, hair_colour, 0.15, 0.35, rng, {1, 15});
  const cv::Scalar hat_colour(40 + rng.uniform(0, 60), 40 + rng.uniform(0, 60), 110 + rng.uniform(0, 90));
  cv::Mat hat_layer = textured(head_size, hat_colour, 0.05, 0.12, rng, {3, 3});
  cv::Mat jitter(head_size, CV_32F);
  rng.fill(jitter, cv::RNG::NORMAL, 0.0, 1.0);
  cv::GaussianBlur(jitter, jitter, {0, 0}, 2.0);
  cv::normalize(jitter, jitter, -1.0, 1.0, cv::NORM_MINMAX);

  cv::Mat map_x(head_size, CV_32F), map_y(head_size, CV_32F);
  cv::Mat photo_weight(head_size, CV_32F), hair_weight(head_size, CV_32F),
      hat_weight(head_size, CV_32F), ear_shade(head_size, CV_32F);
  for (int r = 0; r < head_size.height; ++r) {
    const double phi = 90.0 - static_cast<double>(r) / kAtlasPxPerDeg;
    for (int c = 0; c < head_size.width; ++c) {
      const double theta = static_cast<double>(c) / kAtlasPxPerDeg - 180.0;
      const double abs_theta = std::abs(theta);
      const glm::dvec3 p = surface(theta, phi);
      const cv::Point2f src = photo_point(p.x, p.y);
      map_x.at<float>(r, c) = src.x;
      map_y.at<float>(r, c) = src.y;
      const double wiggle = 3.0 * jitter.at<float>(r, c);
      double hair = smoothstep(hairline(abs_theta) + 3.0, hairline(abs_theta) - 3.0, p.y + wiggle);
      if (look.fringe && std::cos(theta * kRad) > 0.3) {
        const double line = brow_y - 6.0 - 7.0 * std::abs(std::sin(p.x * 0.22)) -
                            14.0 * std::pow(p.x / 55.0, 2);
        hair = std::max(hair, 0.95 * smoothstep(line + 2.0, line - 2.0, p.y + wiggle));
      }
      const double frontal = smoothstep(0.2, 0.45, std::cos(theta * kRad));
      photo_weight.at<float>(r, c) = static_cast<float>(mask_at(p.x, p.y) * frontal);
      hair_weight.at<float>(r, c) = static_cast<float>(hair);
      hat_weight.at<float>(r, c) = look.hat ? static_cast<float>(smoothstep(
          hat_line(abs_theta) + 1.0, hat_line(abs_theta) - 1.0, p.y)) : 0.0f;
      const double ear = std::pow((abs_theta - 98.0) / 11.0, 2) + std::pow((p.y - 22.0) / 30.0, 2);
      const double rim = std::abs(std::sqrt(ear) - 0.6);
      ear_shade.at<float>(r, c) =
          ear < 1.0 ? static_cast<float>(0.9 - 0.2 * std::exp(-rim * rim / 0.01)) : 1.0f;
    }
  }
  cv::Mat photo_layer;
  cv::remap(photo, photo_layer, map_x, map_y, cv::INTER_CUBIC, cv::BORDER_REPLICATE);
  photo_layer.convertTo(photo_layer, CV_32FC3);

  // Knitted ribs on the hat: stripes along the azimuth, a folded cuff at its edge.
  if (look.hat)
    for (int r = 0; r < head_size.height; ++r)
      for (int c = 0; c < head_size.width; ++c) {
        const float rib = static_cast<float>(0.85 + 0.15 * std::sin(c * 2.0 * kPi / 5.0));
        hat_layer.at<cv::Vec3f>(r, c) *= rib;
      }

  cv::Mat head_atlas(head_size, CV_32FC3);
  for (int r = 0; r < head_size.height; ++r)
    for (int c = 0; c < head_size.width; ++c) {
      const float wp = photo_weight.at<float>(r, c), wh = hair_weight.at<float>(r, c),
                  wt = hat_weight.at<float>(r, c);
      cv::Vec3f colour = skin_layer.at<cv::Vec3f>(r, c) * ear_shade.at<float>(r, c);
      colour = colour * (1 - wp) + photo_layer.at<cv::Vec3f>(r, c) * wp;
      colour = colour * (1 - wh) + hair_layer.at<cv::Vec3f>(r, c) * wh;
      colour = colour * (1 - wt) + hat_layer.at<cv::Vec3f>(r, c) * wt;
      head_atlas.at<cv::Vec3f>(r, c) = colour;
    }

  // Below the head: a skin patch (neck, hand) and a cloth patch (shirt).
  atlas.create(kAtlasHeadHeight + kPatchSize, kAtlasHeadWidth, CV_8UC3);
  atlas.setTo(cv::Scalar(0, 0, 0));
  head_atlas.convertTo(atlas(cv::Rect(0, 0, kAtlasHeadWidth, kAtlasHeadHeight)), CV_8UC3);
  textured({kPatchSize, kPatchSize}, skin * 0.97, 0.05, 0.04, rng)
      .convertTo(atlas(cv::Rect(0, kAtlasHeadHeight, kPatchSize, kPatchSize)), CV_8UC3);
  const cv::Scalar cloth(50 + rng.uniform(0, 150), 50 + rng.uniform(0, 150), 50 + rng.uniform(0, 150));
  textured({kPatchSize, kPatchSize}, cloth, 0.2, 0.15, rng, {2, 2})
      .convertTo(atlas(cv::Rect(kPatchSize, kAtlasHeadHeight, kPatchSize, kPatchSize)), CV_8UC3);
}

void HeadRenderer::Impl::build_meshes() {
  // The head: a grid over azimuth (2.5°, 3 mm across the face) and elevation (2°).
  const int cols = 145, rows = 91;
  head.add_grid(rows, cols, [&](int i, int j) {
    const double phi = 90.0 - 2.0 * i, theta = -180.0 + 2.5 * j;
    Vertex v;
    v.position = surface(theta, phi);
    v.uv = {static_cast<float>((theta + 180.0) * kAtlasPxPerDeg),
            static_cast<float>((90.0 - phi) * kAtlasPxPerDeg)};
    v.inside = section_centre(phi);
    return v;
  });
  const float patch_y = static_cast<float>(kAtlasHeadHeight);
  const cv::Rect2f skin_patch(2, patch_y + 2, kPatchSize - 4, kPatchSize - 4);
  const cv::Rect2f cloth_patch(kPatchSize + 2, patch_y + 2, kPatchSize - 4, kPatchSize - 4);
  const glm::dvec3 x(1, 0, 0), y(0, 1, 0), z(0, 0, 1);
  // The upper neck turns with the head; the lower neck and the torso stay still.
  // The nape fills the space under the back of the skull.
  head.add_ellipsoid({0, chin_y - 35.0, side_z * 0.9}, x * 58.0, z * 56.0, y * 80.0, skin_patch);
  head.add_ellipsoid({0, 35.0, side_z + 35.0}, x * 60.0, z * 58.0, y * 65.0, skin_patch);
  head.finish();
  body.add_ellipsoid({0, 165, 80}, x * 58.0, z * 54.0, y * 90.0, skin_patch);
  body.add_ellipsoid({0, 320, 100}, x * 225.0, z * 115.0, y * 135.0, cloth_patch, 18, 32);
  body.finish();

  // Glasses: a rim round each eye a little in front of it, a bridge, arms to the ears.
  if (look.glasses) {
    for (int eye : {36, 42}) {
      cv::Point2f c(0, 0);
      for (int i = eye; i < eye + 6; ++i) c += face[i];
      c *= 1.0f / 6.0f;
      const double z_rim = surface(std::asin(std::clamp(c.x / skull_half_width, -1.0, 1.0)) / kRad, 0).z - 13.0;
      std::vector<glm::dvec3> rim;
      for (int k = 0; k <= 40; ++k) {
        const double a = 2.0 * kPi * k / 40.0;
        const double ca = std::cos(a), sa = std::sin(a);
        // a rounded rectangle (superellipse)
        const double rx = 24.0 * std::copysign(std::pow(std::abs(ca), 0.6), ca);
        const double ry = 16.0 * std::copysign(std::pow(std::abs(sa), 0.6), sa);
        rim.push_back({c.x + rx, c.y + 2.0 + ry, z_rim + 0.02 * rx * rx / 10.0});
      }
      glasses.push_back(rim);
      const double side = c.x < 0 ? -1.0 : 1.0;
      const glm::dvec3 hinge(c.x + side * 24.0, c.y - 4.0, z_rim + 1.2);
      glasses.push_back({hinge, {side * (skull_half_width + 4.0), c.y - 2.0, side_z * 0.5},
                         {side * (skull_half_width + 2.0), c.y + 2.0, side_z + 8.0}});
    }
    const double nasion_z = surface(0, 0).z;
    glasses.push_back({{face[39].x + 3.0, brow_y + 12.0, nasion_z - 3.0},
                       {0, brow_y + 10.0, nasion_z - 5.0},
                       {face[42].x - 3.0, brow_y + 12.0, nasion_z - 3.0}});
  }

  // Hands, resting against the face (they turn with the head, as a hand on the face does).
  hands.resize(3);
  const glm::dvec3 cheek_out = glm::normalize(glm::dvec3(0.75, 0.1, -0.65));
  {
    Mesh& m = hands[static_cast<int>(Hand::on_cheek)];
    const glm::dvec3 palm_centre(skull_half_width * 0.68, 82.0, 14.0);
    const glm::dvec3 up = glm::normalize(glm::dvec3(0.1, -1.0, 0.2));
    const glm::dvec3 across = glm::normalize(glm::cross(up, cheek_out));
    m.add_ellipsoid(palm_centre + cheek_out * 12.0, up * 42.0, across * 40.0, cheek_out * 13.0,
                    skin_patch);
    for (int f = 0; f < 4; ++f) {
      const glm::dvec3 base = palm_centre + cheek_out * 8.0 + across * (-27.0 + 18.0 * f) + up * 34.0;
      const double len = (f == 0 || f == 3) ? 19.0 : 23.0;
      m.add_ellipsoid(base + up * len, up * len, across * 8.5, cheek_out * 8.0, skin_patch, 8, 12);
    }
    const glm::dvec3 wrist = palm_centre + cheek_out * 14.0 - up * 40.0;
    m.add_ellipsoid(wrist + glm::dvec3(20, 150, 40), glm::normalize(glm::dvec3(20, 150, 40)) * 160.0,
                    across * 32.0, cheek_out * 28.0, skin_patch);
    m.finish();
  }
  {
    Mesh& m = hands[static_cast<int>(Hand::on_chin)];
    const glm::dvec3 fist(4.0, chin_y + 6.0, -8.0);
    m.add_ellipsoid(fist, x * 44.0, y * 30.0, z * 34.0, skin_patch);
    for (int f = 0; f < 4; ++f)  // fingers curled in front of the chin
      m.add_ellipsoid(fist + glm::dvec3(-30.0 + 19.0 * f, -12.0, -28.0), x * 10.0, y * 16.0,
                      z * 10.0, skin_patch, 8, 12);
    m.add_ellipsoid(fist + glm::dvec3(40, 160, 40), glm::normalize(glm::dvec3(40, 160, 40)) * 160.0,
                    x * 34.0, z * 30.0, skin_patch);
    m.finish();
  }
}

cv::Mat HeadRenderer::Impl::draw(const Shot& shot) const {
  const int w = webcam.width, h = webcam.height;
  const double f = webcam.focal_over_width() * w, cx = w / 2.0, cy = h / 2.0;
  const glm::dmat3 r = rotation_matrix(shot.angles);
  const glm::dvec3 to_light = -glm::normalize(light.direction);

  // lit < 0: nothing drawn there this frame. The body does not move: it is drawn into the
  // room once, with its depth kept for the head to be drawn against.
  // (Buffers kept from frame to frame: fresh ones cost more than the drawing.)
  cv::Mat &depth = scratch_depth, &map = scratch_map, &lit = scratch_lit;
  map.create(h, w, CV_32FC2);
  lit.create(h, w, CV_32F);
  lit.setTo(-1);
  cv::Rect covered;
  if (body_depth.empty()) {
    depth.create(h, w, CV_32F);
    depth.setTo(std::numeric_limits<float>::infinity());
  } else {
    body_depth.copyTo(depth);
  }

  struct Projected {
    cv::Point2f screen;
    float z, diffuse;
  };
  std::vector<Projected> projected;
  auto rasterise = [&](const Mesh& mesh, bool turns) {
    projected.resize(mesh.vertices.size());
    for (size_t i = 0; i < mesh.vertices.size(); ++i) {
      const Vertex& v = mesh.vertices[i];
      const glm::dvec3 c = (turns ? r * (v.position - pivot()) + pivot() : v.position) + position;
      const glm::dvec3 n = turns ? r * v.normal : v.normal;
      projected[i] = {{static_cast<float>(f * c.x / c.z + cx), static_cast<float>(f * c.y / c.z + cy)},
                      static_cast<float>(c.z),
                      static_cast<float>(std::max(0.0, glm::dot(n, to_light)))};
    }
    for (const cv::Vec3i& t : mesh.triangles) {
      const Projected &a = projected[t[0]], &b = projected[t[1]], &c = projected[t[2]];
      const float area = static_cast<float>((b.screen - a.screen).cross(c.screen - a.screen));
      if (area >= -1e-6f) continue;  // turned away (outward normals wind this way on screen)
      const int x0 = std::max(0, static_cast<int>(std::floor(std::min({a.screen.x, b.screen.x, c.screen.x}))));
      const int x1 = std::min(w - 1, static_cast<int>(std::ceil(std::max({a.screen.x, b.screen.x, c.screen.x}))));
      const int y0 = std::max(0, static_cast<int>(std::floor(std::min({a.screen.y, b.screen.y, c.screen.y}))));
      const int y1 = std::min(h - 1, static_cast<int>(std::ceil(std::max({a.screen.y, b.screen.y, c.screen.y}))));
      if (x0 > x1 || y0 > y1) continue;
      covered |= cv::Rect(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
      const Vertex &va = mesh.vertices[t[0]], &vb = mesh.vertices[t[1]], &vc = mesh.vertices[t[2]];
      for (int y = y0; y <= y1; ++y) {
        float* zrow = depth.ptr<float>(y);
        cv::Vec2f* mrow = map.ptr<cv::Vec2f>(y);
        float* lrow = lit.ptr<float>(y);
        for (int x = x0; x <= x1; ++x) {
          const cv::Point2f p(static_cast<float>(x), static_cast<float>(y));
          const float wa = static_cast<float>((c.screen - b.screen).cross(p - b.screen)) / area;
          const float wb = static_cast<float>((a.screen - c.screen).cross(p - c.screen)) / area;
          const float wc = 1.0f - wa - wb;
          if (wa < -1e-4f || wb < -1e-4f || wc < -1e-4f) continue;
          const float z = wa * a.z + wb * b.z + wc * c.z;
          if (z >= zrow[x]) continue;
          zrow[x] = z;
          mrow[x] = {wa * va.uv.x + wb * vb.uv.x + wc * vc.uv.x, wa * va.uv.y + wb * vb.uv.y + wc * vc.uv.y};
          lrow[x] = wa * a.diffuse + wb * b.diffuse + wc * c.diffuse;
        }
      }
    }
  };
  // Lights and paints what was drawn into `image`.
  auto paint = [&](cv::Mat& image) {
    const cv::Rect drawn = covered & cv::Rect(0, 0, w, h);
    if (drawn.empty()) return;
    cv::Mat colour;
    cv::remap(atlas, colour, map(drawn), cv::noArray(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    float ambient[3], key[3];
    for (int k = 0; k < 3; ++k) {
      ambient[k] = static_cast<float>(light.ambient_bgr[k]);
      key[k] = static_cast<float>(light.colour_bgr[k] * light.strength);
    }
    for (int y = 0; y < drawn.height; ++y) {
      const float* lrow = lit.ptr<float>(y + drawn.y) + drawn.x;
      const uchar* trow = colour.ptr<uchar>(y);
      uchar* out = image.ptr<uchar>(y + drawn.y) + 3 * drawn.x;
      for (int x = 0; x < drawn.width; ++x) {
        if (lrow[x] < 0) continue;
        for (int k = 0; k < 3; ++k)
          out[3 * x + k] = cv::saturate_cast<uchar>(trow[3 * x + k] * (ambient[k] + lrow[x] * key[k]));
      }
    }
  };
  if (body_depth.empty()) {
    rasterise(body, false);
    room_with_body = room.clone();
    paint(room_with_body);
    body_depth = depth.clone();
    lit.setTo(-1);
    covered = {};
  }
  rasterise(head, true);
  if (shot.hand != Hand::none) rasterise(hands[static_cast<int>(shot.hand)], true);
  cv::Mat image = room_with_body.clone();
  paint(image);

  // Glasses over the face, hidden where the head is in front of them.
  for (const auto& line : glasses) {
    for (size_t i = 0; i + 1 < line.size(); ++i) {
      const int steps = std::max(1, static_cast<int>(glm::length(line[i + 1] - line[i]) / 3.0));
      for (int k = 0; k < steps; ++k) {
        const glm::dvec3 p0 = glm::mix(line[i], line[i + 1], static_cast<double>(k) / steps);
        const glm::dvec3 p1 = glm::mix(line[i], line[i + 1], static_cast<double>(k + 1) / steps);
        const glm::dvec3 c0 = r * (p0 - pivot()) + pivot() + position;
        const glm::dvec3 c1 = r * (p1 - pivot()) + pivot() + position;
        const glm::dvec3 mid = (c0 + c1) * 0.5;
        const cv::Point2f s0(static_cast<float>(f * c0.x / c0.z + cx), static_cast<float>(f * c0.y / c0.z + cy));
        const cv::Point2f s1(static_cast<float>(f * c1.x / c1.z + cx), static_cast<float>(f * c1.y / c1.z + cy));
        const cv::Point sm(cvRound(f * mid.x / mid.z + cx), cvRound(f * mid.y / mid.z + cy));
        if (sm.x < 0 || sm.y < 0 || sm.x >= w || sm.y >= h) continue;
        if (mid.z > depth.at<float>(sm) + 2.0) continue;
        const int thickness = std::max(1, static_cast<int>(std::lround(f * 2.8 / mid.z)));
        cv::line(image, s0, s1, cv::Scalar(25, 22, 20) * (0.7 + 0.6 * light.strength), thickness,
                 cv::LINE_AA);
      }
    }
  }
  return image;
}

cv::Mat HeadRenderer::Impl::through_webcam(cv::Mat image, const Shot& shot) const {
  const double drift =
      1.0 + webcam.brightness_drift * std::sin(2.0 * kPi * shot.time_s / webcam.drift_period_s + 0.7);
  if (webcam.blur_sigma > 0) cv::GaussianBlur(image, image, {0, 0}, webcam.blur_sigma);
  cv::Mat wide;
  image.convertTo(wide, CV_16SC3, drift);
  if (!noise_bank.empty()) {
    // A different window of a stored noise field each frame: as random as fresh noise for the
    // tracker, and far cheaper than drawing 900,000 normal numbers.
    const unsigned n = shot.noise_seed * 2654435761u;
    const cv::Mat& field = noise_bank[n % noise_bank.size()];
    const int dx = static_cast<int>((n >> 8) % static_cast<unsigned>(field.cols - image.cols));
    const int dy = static_cast<int>((n >> 20) % static_cast<unsigned>(field.rows - image.rows));
    wide += field(cv::Rect(dx, dy, image.cols, image.rows));
  }
  wide.convertTo(image, CV_8UC3);
  if (webcam.jpeg_quality > 0) {
    std::vector<uchar> jpeg;
    cv::imencode(".jpg", image, jpeg, {cv::IMWRITE_JPEG_QUALITY, webcam.jpeg_quality});
    image = cv::imdecode(jpeg, cv::IMREAD_COLOR);
  }
  return image;
}

HeadRenderer::HeadRenderer(const cv::Mat& photo, const Landmarks& photo_landmarks, HeadLook look,
                           Light light, Webcam webcam, double jaw_px)
    : impl_(std::make_unique<Impl>()) {
  impl_->look = look;
  impl_->light = light;
  impl_->webcam = webcam;
  impl_->place_face(photo_landmarks);
  impl_->build_atlas(photo, photo_landmarks);
  impl_->build_meshes();
  // At the distance where the jaw is `jaw_px` wide; the eyes a little above the middle.
  const double f = webcam.focal_over_width() * webcam.width;
  const double jaw_z = impl_->surface(std::asin(std::clamp(impl_->face[0].x / impl_->skull_half_width,
                                                           -1.0, 1.0)) / kRad, 0.0).z;
  const double distance = f * jaw_width_mm() / jaw_px - jaw_z;
  std::mt19937 rng(look.seed + 101u);
  std::uniform_real_distribution<double> offset(-25.0, 25.0);
  impl_->position = {offset(rng), -38.0 + 0.4 * offset(rng), distance};
  impl_->room = make_room({webcam.width, webcam.height}, look.seed);
  if (webcam.noise_sigma > 0) {
    cv::RNG noise_rng(look.seed * 31u + 7u);
    for (int k = 0; k < 4; ++k) {
      cv::Mat field(webcam.height + 97, webcam.width + 131, CV_16SC3);
      noise_rng.fill(field, cv::RNG::NORMAL, 0.0, webcam.noise_sigma);
      impl_->noise_bank.push_back(field);
    }
  }
}

HeadRenderer::~HeadRenderer() = default;
HeadRenderer::HeadRenderer(HeadRenderer&&) noexcept = default;

cv::Mat HeadRenderer::render_clean(const Shot& shot) const { return impl_->draw(shot); }
cv::Mat HeadRenderer::render(const Shot& shot) const {
  return impl_->through_webcam(impl_->draw(shot), shot);
}
const Webcam& HeadRenderer::webcam() const { return impl_->webcam; }
double HeadRenderer::distance_mm() const { return impl_->position.z; }
double HeadRenderer::jaw_width_mm() const { return impl_->face[16].x - impl_->face[0].x; }

Landmarks HeadRenderer::landmarks_seen(const HeadAngles& angles) const {
  const Webcam& w = impl_->webcam;
  const double f = w.focal_over_width() * w.width, cx = w.width / 2.0, cy = w.height / 2.0;
  if (!impl_->landmarks_on_head) {
    impl_->landmarks_on_head.emplace();
    for (int i = 0; i < kLandmarkCount; ++i)
      (*impl_->landmarks_on_head)[i] = impl_->surface_at(impl_->face[i].x, impl_->face[i].y);
  }
  const glm::dmat3 r = rotation_matrix(angles);
  Landmarks out;
  for (int i = 0; i < kLandmarkCount; ++i) {
    const glm::dvec3 c =
        r * ((*impl_->landmarks_on_head)[i] - impl_->pivot()) + impl_->pivot() + impl_->position;
    out[i] = cv::Point2f(static_cast<float>(f * c.x / c.z + cx), static_cast<float>(f * c.y / c.z + cy));
  }
  return out;
}

}  // namespace midline::testing
