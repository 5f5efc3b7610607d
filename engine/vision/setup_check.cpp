#include "vision/setup_check.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "pose/median.hpp"
#include "vision/frame_source.hpp"

namespace midline {

namespace {

constexpr double kDeg = 180.0 / M_PI;
// Sobel (3x3) of a step of about 10 grey levels: weaker edges are noise, shadows or cloth.
constexpr float kEdgeFloor = 40.0f;

struct Point {
  double d;  // distance out from the body's centre line, pixels
  double y;  // image row
};

struct Line {
  double a = 0.0, b = 0.0;  // y = a + b * d
  int inliers = 0;
  double at(double d) const { return a + b * d; }
};

// The line through most of `points` (within `tolerance` rows), refitted on those; a
// shoulder's top edge is nearly straight between the neck and the shoulder's tip, and a
// stray edge (a collar, hair, the chair) is left out.
Line robust_line(const std::vector<Point>& points, double tolerance) {
  Line best;
  const size_t n = points.size();
  if (n < 2) return best;
  const size_t step = std::max<size_t>(1, n / 12);  // about 80 pairs: plenty, and cheap
  for (size_t i = 0; i < n; i += step)
    for (size_t j = i + step; j < n; j += step) {
      if (points[j].d == points[i].d) continue;
      Line l;
      l.b = (points[j].y - points[i].y) / (points[j].d - points[i].d);
      l.a = points[i].y - l.b * points[i].d;
      for (const Point& p : points) l.inliers += std::abs(p.y - l.at(p.d)) <= tolerance;
      if (l.inliers > best.inliers) best = l;
    }
  double sd = 0, sy = 0, sdd = 0, sdy = 0;
  int k = 0;
  for (const Point& p : points)
    if (std::abs(p.y - best.at(p.d)) <= tolerance) {
      sd += p.d, sy += p.y, sdd += p.d * p.d, sdy += p.d * p.y, ++k;
    }
  const double det = k * sdd - sd * sd;
  if (k >= 2 && det > 1e-9) {
    best.b = (k * sdy - sd * sy) / det;
    best.a = (sy - best.b * sd) / k;
  }
  best.inliers = k;
  return best;
}

// The row of the strongest vertical-gradient edge at column `x` between `top` and `bottom`,
// taking the first row that comes close to it (the shoulder's top, not a fold below it).
std::optional<double> top_edge(const cv::Mat& gy, int x, int top, int bottom) {
  float strongest = 0.0f;
  for (int y = top; y < bottom; ++y) strongest = std::max(strongest, std::abs(gy.at<float>(y, x)));
  if (strongest < kEdgeFloor) return std::nullopt;
  for (int y = top; y < bottom; ++y)
    if (std::abs(gy.at<float>(y, x)) >= 0.5f * strongest) return y;
  return std::nullopt;
}

// The column of the strongest horizontal-gradient edge on row `y` from `from` toward `to`.
std::optional<double> side_edge(const cv::Mat& gx, int y, int from, int to) {
  const int step = to >= from ? 1 : -1;
  float strongest = kEdgeFloor;
  std::optional<double> at;
  for (int x = from; x != to; x += step)
    if (const float g = std::abs(gx.at<float>(y, x)); g > strongest) strongest = g, at = x;
  return at;
}

// The room's long straight lines, away from the person: level and upright ones lean as the
// camera does. Returns their median lean, or none when there are too few, or they disagree.
std::optional<double> room_tilt(const cv::Mat& gray, const cv::Rect2d& face, double body_half) {
  cv::Mat edges;
  cv::Canny(gray, edges, 50, 150);
  cv::Mat mask(gray.size(), CV_8U, cv::Scalar(255));
  const double w = face.width, h = face.height;
  cv::rectangle(mask, cv::Rect2d(face.x - 0.6 * w, face.y - 0.9 * h, 2.2 * w, 2.0 * h),
                cv::Scalar(0), cv::FILLED);  // the head, hair and all
  const double cx = face.x + 0.5 * w;
  cv::rectangle(mask, cv::Rect2d(cx - body_half, face.y + 0.8 * h, 2 * body_half, gray.rows),
                cv::Scalar(0), cv::FILLED);  // the neck, shoulders and trunk
  edges &= mask;
  const double min_length = std::max(0.15 * std::min(gray.cols, gray.rows), 0.6 * w);
  std::vector<cv::Vec4i> lines;
  cv::HoughLinesP(edges, lines, 1, CV_PI / 360, 30, min_length, 3);
  std::vector<double> leans;
  double length = 0.0;
  for (const cv::Vec4i& l : lines) {
    double dx = l[2] - l[0], dy = l[3] - l[1];
    if (dx < 0) dx = -dx, dy = -dy;  // left to right
    const double angle = std::atan2(dy, dx) * kDeg;  // + = right end lower
    // An upright line with its top to the right is the same turn of the picture as a level
    // line lower at its right (clockwise): its angle is then a little over -90.
    double lean;
    if (std::abs(angle) <= 15.0) lean = angle;
    else if (std::abs(angle) >= 75.0) lean = angle > 0 ? angle - 90.0 : angle + 90.0;
    else continue;
    leans.push_back(lean);
    length += std::hypot(dx, dy);
  }
  if (leans.size() < 2 || length < 0.5 * gray.rows) return std::nullopt;
  const double m = median(leans);
  std::vector<double> spread;
  for (double l : leans) spread.push_back(std::abs(l - m));
  if (median(spread) > 3.0) return std::nullopt;  // a cluttered room: no one horizon
  return m;
}


// Follows the neck down from under the chin to where it meets the shoulders: its centre there
// is the trunk's centre line (the face's centre moves as the head turns or the neck leans).
// `x`: where to start, a column of `gx`.
double neck_base(const cv::Mat& gx, double x, double w) {
  double base = x, first_width = -1.0;
  const auto clip = [&](double c) { return std::clamp(static_cast<int>(std::lround(c)), 0, gx.cols - 1); };
  for (int y = 0; y < gx.rows; y += std::max(1, static_cast<int>(w / 20))) {
    const auto l = side_edge(gx, y, clip(x - 0.1 * w), clip(x - 0.7 * w));
    const auto r = side_edge(gx, y, clip(x + 0.1 * w), clip(x + 0.7 * w));
    if (!l || !r) break;
    const double width = *r - *l;
    if (width < 0.3 * w || width > 1.2 * w) break;
    if (first_width < 0) first_width = width;
    else if (width > 1.4 * first_width) break;  // the shoulders begin
    x = base = 0.5 * (*l + *r);
  }
  return base;
}

// The shoulders' tilt and the trunk's turn in one picture (see measure_setup).
SetupMeasurement measure_body(const cv::Mat& gray, const cv::Rect2d& face_box,
                              double focal_over_width, double torso_depth_over_width) {
  SetupMeasurement out;
  const double w = face_box.width, h = face_box.height;
  const double cx = face_box.x + 0.5 * w;
  const double chin = face_box.y + h;
  // Shoulders start from about the chin's height (a camera below the eyes sees them higher)
  // down to a face and a half below it, and reach out about one and a half face widths from
  // the neck.
  const int top = std::clamp(static_cast<int>(chin - 0.05 * h), 0, gray.rows - 1);
  const int bottom = std::clamp(static_cast<int>(chin + 1.6 * h), 0, gray.rows);
  if (bottom - top < static_cast<int>(0.4 * h)) {
    out.cannot_judge = "Your shoulders are below the picture, so Midline cannot judge how you sit.";
    return out;
  }
  const int left = std::clamp(static_cast<int>(cx - 2.8 * w), 0, gray.cols - 1);
  const int right = std::clamp(static_cast<int>(cx + 2.8 * w), left + 1, gray.cols);
  const cv::Rect roi(left, top, right - left, bottom - top);
  cv::Mat band, gx, gy;
  const double sigma = std::max(1.0, w / 40.0);
  cv::GaussianBlur(gray(roi), band, cv::Size(), sigma);
  cv::Sobel(band, gy, CV_32F, 0, 1, 3);
  cv::Sobel(band, gx, CV_32F, 1, 0, 3);
  const auto column = [&](double x) { return static_cast<int>(std::lround(x)) - left; };
  const auto inside = [&](double x) { return column(x) >= 0 && column(x) < roi.width; };
  const double centre = left + neck_base(gx, cx - left, w);

  // The top edge of each shoulder, between the neck and the shoulder's tip.
  const double near = 0.65 * w, far = 1.4 * w;
  const double step = std::max(1.0, w / 40.0);
  std::vector<Point> sides[2];  // [0]: image left (the patient's right), [1]: image right
  int columns_in_view[2] = {0, 0};
  for (int s = 0; s < 2; ++s)
    for (double d = near; d <= far; d += step) {
      const double x = centre + (s == 0 ? -d : d);
      if (!inside(x)) continue;
      ++columns_in_view[s];
      if (const auto y = top_edge(gy, column(x), 0, roi.height)) sides[s].push_back({d, *y});
    }
  const int expected = static_cast<int>((far - near) / step) + 1;
  const int enough = static_cast<int>(0.25 * w / step);  // a quarter of a face's width of edge
  Line fits[2];
  double overlap_from = near, overlap_to = far;  // where both shoulders' edges were found
  for (int s = 0; s < 2; ++s) {
    if (columns_in_view[s] < expected / 2) {
      out.cannot_judge = "Your shoulders are not both in the picture, so Midline cannot judge "
                         "how you sit.";
      return out;
    }
    const double tolerance = std::max(1.5, 0.05 * w);
    fits[s] = robust_line(sides[s], tolerance);
    // A clear shoulder: one straight top edge along most of the columns where one was found.
    if (static_cast<int>(sides[s].size()) < enough ||
        fits[s].inliers < static_cast<int>(sides[s].size()) * 3 / 5 || std::abs(fits[s].b) > 1.2) {
      out.cannot_judge = "Midline cannot see the line of your shoulders clearly (against the "
                         "background, or under hair or a collar), so it cannot judge how you sit.";
      return out;
    }
    double from = far, to = near;
    for (const Point& p : sides[s])
      if (std::abs(p.y - fits[s].at(p.d)) <= tolerance) from = std::min(from, p.d), to = std::max(to, p.d);
    overlap_from = std::max(overlap_from, from);
    overlap_to = std::min(overlap_to, to);
  }
  if (overlap_to - overlap_from < 0.25 * w) {
    out.cannot_judge = "Your shoulders are not both in the picture, so Midline cannot judge how "
                       "you sit.";
    return out;
  }
  // Heights at the same distances either side of the centre line: the shoulders' own slope
  // cancels, what is left is the line's tilt.
  const double d_mid = 0.5 * (overlap_from + overlap_to);
  out.shoulder_tilt_deg = std::atan2(fits[1].at(d_mid) - fits[0].at(d_mid), 2 * d_mid) * kDeg;

  // The outer edges, a little below the shoulders' tips: the nearer side looks wider.
  const double shoulder_row = std::max(fits[0].at(far), fits[1].at(far));
  std::vector<double> widths[2];
  for (double dy = 0.15 * w; dy <= 0.5 * w; dy += step) {
    const int y = static_cast<int>(shoulder_row + dy);
    if (y < 0 || y >= roi.height) break;
    for (int s = 0; s < 2; ++s) {
      const double sign = s == 0 ? -1.0 : 1.0;
      const double from = centre + sign * 1.1 * w;
      const double to = std::clamp(centre + sign * 2.6 * w, static_cast<double>(left),
                                   static_cast<double>(right - 1));
      if (!inside(from) || std::abs(to - from) < 0.3 * w) continue;
      if (const auto x = side_edge(gx, y, column(from), column(to)))
        widths[s].push_back(std::abs(left + *x - centre));
    }
  }
  if (widths[0].size() >= 3 && widths[1].size() >= 3) {
    const double l = median(widths[0]), r = median(widths[1]);
    // In perspective, a trunk turned by θ shows half-widths l and r with (l - r) / (l + r) =
    // (depth between its two outer edges / 2) / distance; for an elliptical trunk that depth
    // is 1 - (depth/width)^2 of its full width's, and half-width / distance = mean / focal.
    const double focal = focal_over_width * gray.cols;
    const double asymmetry = (l - r) / (l + r);
    const double flattening = 1.0 - torso_depth_over_width * torso_depth_over_width;
    out.trunk_rotation_deg = std::atan(asymmetry * focal / (0.5 * (l + r) * flattening)) * kDeg;
  }
  return out;
}

}  // namespace

SetupMeasurement measure_setup(const cv::Mat& image, const cv::Rect2d& face_box,
                               double focal_over_width) {
  constexpr double kTorsoDepthOverWidth = 0.5;  // a chest about half as deep as it is wide
  const cv::Mat gray = gray_of(image);
  if (gray.empty() || face_box.width < 16.0 || face_box.height < 16.0)
    return {std::nullopt, std::nullopt, std::nullopt,
            "Your face is too small in the picture to judge your shoulders."};
  SetupMeasurement out = measure_body(gray, face_box, focal_over_width, kTorsoDepthOverWidth);
  if (out.shoulder_tilt_deg && std::abs(*out.shoulder_tilt_deg) > 1.5) {
    // The trunk's outer edges are read along rows: level the shoulders first, turning the
    // picture about the chin, and read the turn (and what tilt is left) there.
    const cv::Point2f chin(static_cast<float>(face_box.x + 0.5 * face_box.width),
                           static_cast<float>(face_box.y + face_box.height));
    const cv::Mat turn = cv::getRotationMatrix2D(chin, *out.shoulder_tilt_deg, 1.0);
    cv::Mat levelled;
    cv::warpAffine(gray, levelled, turn, gray.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    const SetupMeasurement again =
        measure_body(levelled, face_box, focal_over_width, kTorsoDepthOverWidth);
    if (again.shoulder_tilt_deg) *out.shoulder_tilt_deg += *again.shoulder_tilt_deg;
    out.trunk_rotation_deg = again.trunk_rotation_deg;
  }
  if (out.shoulder_tilt_deg) out.room_tilt_deg = room_tilt(gray, face_box, 1.9 * face_box.width);
  return out;
}

SetupMeasurement steady_setup(std::span<const SetupMeasurement> recent) {
  SetupMeasurement out;
  if (recent.empty()) {
    out.cannot_judge = "Waiting for the camera's picture.";
    return out;
  }
  std::vector<double> tilts, turns, rooms;
  for (const SetupMeasurement& m : recent) {
    if (m.shoulder_tilt_deg) tilts.push_back(*m.shoulder_tilt_deg);
    if (m.trunk_rotation_deg) turns.push_back(*m.trunk_rotation_deg);
    if (m.room_tilt_deg) rooms.push_back(*m.room_tilt_deg);
  }
  const auto most = [&](const std::vector<double>& v) { return 3 * v.size() >= 2 * recent.size(); };
  if (!most(tilts)) {
    for (auto m = recent.rbegin(); m != recent.rend() && out.cannot_judge.empty(); ++m)
      out.cannot_judge = m->cannot_judge;
    if (out.cannot_judge.empty())
      out.cannot_judge = "Midline cannot see your shoulders steadily enough to judge how you sit.";
    return out;
  }
  out.shoulder_tilt_deg = median(tilts);
  if (most(turns)) out.trunk_rotation_deg = median(turns);
  if (most(rooms)) out.room_tilt_deg = median(rooms);
  return out;
}

SetupVerdict judge_setup(const SetupMeasurement& m) {
  SetupVerdict v;
  if (!m.shoulder_tilt_deg) return v;
  v.judged = true;
  const double room = m.room_tilt_deg.value_or(0.0);
  v.camera_tilted = m.room_tilt_deg && std::abs(room) > kSetupCameraTiltToleranceDeg;
  const double lean = *m.shoulder_tilt_deg - room;
  if (std::abs(lean) > kSetupLeanToleranceDeg) {
    v.trunk_leans = lean > 0 ? +1 : -1;
    v.lean_or_camera = !m.room_tilt_deg;
  }
  if (m.trunk_rotation_deg && std::abs(*m.trunk_rotation_deg) > kSetupTurnToleranceDeg)
    v.trunk_turned = *m.trunk_rotation_deg > 0 ? +1 : -1;
  return v;
}

std::optional<FaceLight> measure_face_light(const cv::Mat& gray, const cv::Rect2d& face_box) {
  constexpr double kSmallestFacePx = 40.0;
  if (gray.empty() || gray.type() != CV_8UC1 || face_box.width < kSmallestFacePx ||
      face_box.height < kSmallestFacePx)
    return std::nullopt;
  // Each side's cheek and eye, clear of the nose, the hair at the temples and the mouth; the
  // median, so that a glasses frame or a strand of hair across it does not decide.
  const auto side_brightness = [&](double from, double to) -> std::optional<double> {
    const cv::Rect patch(static_cast<int>(face_box.x + from * face_box.width),
                         static_cast<int>(face_box.y + 0.35 * face_box.height),
                         static_cast<int>((to - from) * face_box.width),
                         static_cast<int>(0.4 * face_box.height));
    if ((patch & cv::Rect(0, 0, gray.cols, gray.rows)) != patch) return std::nullopt;
    std::vector<double> values;
    values.reserve(static_cast<size_t>(patch.area()));
    for (int y = patch.y; y < patch.br().y; ++y)
      for (int x = patch.x; x < patch.br().x; ++x) values.push_back(gray.at<uchar>(y, x));
    return median(std::move(values));
  };
  const std::optional<double> image_left = side_brightness(0.12, 0.38);
  const std::optional<double> image_right = side_brightness(0.62, 0.88);
  if (!image_left || !image_right) return std::nullopt;
  const double brighter = std::max(*image_left, *image_right);
  if (brighter < 1.0) return std::nullopt;  // black: nothing lit to compare
  FaceLight light;
  light.balance = std::min(*image_left, *image_right) / brighter;
  light.brighter_side = *image_right >= *image_left ? +1 : -1;  // image right: the patient's left
  return light;
}

std::optional<FaceLight> steady_face_light(std::span<const FaceLight> recent) {
  if (recent.empty()) return std::nullopt;
  std::vector<double> balances;
  int side_votes = 0;
  for (const FaceLight& l : recent) {
    balances.push_back(l.balance);
    side_votes += l.brighter_side;
  }
  FaceLight steady;
  steady.balance = median(std::move(balances));
  steady.brighter_side = side_votes >= 0 ? +1 : -1;
  return steady;
}

const char* lit_side_words(const FaceLight& light) {
  return light.brighter_side > 0 ? "left" : "right";
}

std::string side_light_note(const FaceLight& light) {
  if (light.balance >= kSideLitBalance) return {};
  char share[16];
  std::snprintf(share, sizeof share, "%.0f%%", 100.0 * light.balance);
  return std::string("At the camera check the face was lit from the patient's ") +
         lit_side_words(light) + ": the shaded side had " + share +
         " of the lit side's brightness. Under light from one side, turns of the head are read "
         "less reliably (the shading stays put as the head turns).";
}

}  // namespace midline
