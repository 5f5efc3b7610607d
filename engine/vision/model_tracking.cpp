#include "vision/model_tracking.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/video/tracking.hpp>

#include "vision/landmarks.hpp"
#include "vision/pose_solver.hpp"

namespace midline {
namespace {

// The skull around the face, from adult head anthropometry (breadth about 150 mm, length
// about 195 mm, vertex about 115 mm above the eyes), placed on the fitted face: its front
// just behind the brows, its middle at eye level.
constexpr double kSkullHalfLength = 97.0, kSkullHalfHeight = 115.0, kSkullHalfBreadth = 75.0;
// Points further down than this (head frame, mm below the nose tip) that miss the face are
// on the jaw's outline, the neck or the collar: not placed.
constexpr double kLowestSkullPoint = 25.0;
// A ray meeting the head more obliquely than this (cosine) is near the outline, where a
// small error in the shape moves the point far.
constexpr double kLeastFacing = 0.3;
// A followed point turned further from the camera than this is near the outline, where a
// corner is often the outline itself against what is behind it, sliding over the head as it
// turns; and it is about to be hidden.
constexpr double kLeastFacingKept = 0.3;
constexpr int kPyramidLevels = 3;
const cv::Size kFlowWindow(21, 21);

cv::Point3d cross(const cv::Point3d& a, const cv::Point3d& b) { return a.cross(b); }
cv::Point3d unit(const cv::Point3d& v) { return v * (1.0 / std::max(1e-12, cv::norm(v))); }

// The face's triangles over the 68 landmarks: a Delaunay triangulation of the generic face
// seen from the front (its topology holds for every fitted face, which is the generic one moved).
const std::vector<std::array<int, 3>>& face_triangles() {
  static const std::vector<std::array<int, 3>> triangles = [] {
    const FaceModel& g = generic_face_model();
    cv::Subdiv2D subdiv(cv::Rect(-200, -200, 400, 400));
    std::vector<cv::Point2f> points;
    for (const auto& p : g) {
      points.emplace_back(static_cast<float>(p.x), static_cast<float>(p.y));
      subdiv.insert(points.back());
    }
    std::vector<cv::Vec6f> list;
    subdiv.getTriangleList(list);
    auto index_of = [&](float x, float y) {
      for (size_t i = 0; i < points.size(); ++i)
        if (std::abs(points[i].x - x) < 0.01f && std::abs(points[i].y - y) < 0.01f)
          return static_cast<int>(i);
      return -1;
    };
    std::vector<std::array<int, 3>> out;
    for (const auto& t : list) {
      const std::array<int, 3> tri = {index_of(t[0], t[1]), index_of(t[2], t[3]),
                                      index_of(t[4], t[5])};
      // The inner lips make slivers between the two lips; the mouth is its outer outline.
      const bool inner_mouth = std::any_of(tri.begin(), tri.end(), [](int i) { return i >= 60; });
      if (tri[0] >= 0 && tri[1] >= 0 && tri[2] >= 0 && !inner_mouth) out.push_back(tri);
    }
    return out;
  }();
  return triangles;
}

cv::Point3d to_point(const glm::dvec3& v) { return {v.x, v.y, v.z}; }
glm::dvec3 to_vec(const cv::Point3d& p) { return {p.x, p.y, p.z}; }

// The orientation a fraction `weight` of the way from `from` to `to`.
glm::dmat3 toward(const glm::dmat3& from, const glm::dmat3& to, double weight) {
  cv::Vec3d step;
  cv::Rodrigues(to_cv(glm::transpose(from) * to), step);
  cv::Matx33d part;
  cv::Rodrigues(step * weight, part);
  return from * to_glm(part);
}

}  // namespace

HeadShape::HeadShape(const FaceModel& face, double neck_behind_mm)
    : face_(face), neck_behind_mm_(neck_behind_mm) {}

cv::Point3d HeadShape::neck_pivot() const {
  cv::Point3d eyes(0, 0, 0);
  for (int i = landmark_range::eyes_begin; i < landmark_range::eyes_end; ++i) eyes += face_[i];
  eyes *= 1.0 / (landmark_range::eyes_end - landmark_range::eyes_begin);
  return eyes + cv::Point3d(0.0, 100.0, neck_behind_mm_);
}

double HeadShape::facing_camera(const cv::Point3d& point, const cv::Point3d& normal,
                                const HeadPose& pose) {
  const glm::dvec3 at = pose.orientation * to_vec(point) + pose.position_mm;
  return -glm::dot(pose.orientation * to_vec(normal), at) / std::max(1e-9, glm::length(at));
}

std::optional<HeadShape::Hit> HeadShape::cast(const cv::Point2f& pixel, const HeadPose& pose,
                                              const CameraIntrinsics& camera) const {
  // The ray from the camera through the pixel, in the head's frame.
  const glm::dmat3 to_head = glm::transpose(pose.orientation);
  const cv::Point3d origin = to_point(to_head * -pose.position_mm);
  const cv::Point3d dir = unit(to_point(
      to_head * glm::dvec3((pixel.x - camera.cx) / camera.fx, (pixel.y - camera.cy) / camera.fy, 1.0)));

  // The face first: Moller-Trumbore against each triangle, nearest hit.
  std::optional<Hit> best;
  double nearest = 1e18;
  for (const auto& t : face_triangles()) {
    const cv::Point3d &a = face_[t[0]], &b = face_[t[1]], &c = face_[t[2]];
    const cv::Point3d e1 = b - a, e2 = c - a, p = cross(dir, e2);
    const double det = e1.dot(p);
    if (std::abs(det) < 1e-9) continue;
    const cv::Point3d s = origin - a;
    const double u = s.dot(p) / det;
    if (u < 0 || u > 1) continue;
    const cv::Point3d q = cross(s, e1);
    const double v = dir.dot(q) / det;
    if (v < 0 || u + v > 1) continue;
    const double distance = e2.dot(q) / det;
    if (distance <= 0 || distance >= nearest) continue;
    cv::Point3d normal = unit(cross(e1, e2));
    if (normal.dot(dir) > 0) normal = -normal;  // toward the camera: the face's outside
    nearest = distance;
    best = Hit{origin + dir * distance, normal};
  }
  if (best) {
    if (-best->normal.dot(dir) < kLeastFacing) return std::nullopt;
    return best;
  }

  // Then the skull: an ellipsoid, in coordinates where it is the unit sphere.
  const FaceModel& f = face_;
  const double eye_y = 0.5 * (f[kLeftEyeOuter].y + f[kRightEyeOuter].y);
  double front = f[landmark_range::brows_begin].z;
  for (int i = landmark_range::brows_begin; i < landmark_range::brows_end; ++i)
    front = std::min(front, f[i].z);
  const cv::Point3d centre(0.5 * (f[kLeftEyeOuter].x + f[kRightEyeOuter].x), eye_y,
                           front + kSkullHalfLength - 8.0);
  const double breadth = std::max(kSkullHalfBreadth, 1.04 * 0.5 * std::abs(f[16].x - f[0].x));
  const cv::Point3d axes(breadth, kSkullHalfHeight, kSkullHalfLength);
  const cv::Point3d o((origin.x - centre.x) / axes.x, (origin.y - centre.y) / axes.y,
                      (origin.z - centre.z) / axes.z);
  const cv::Point3d d(dir.x / axes.x, dir.y / axes.y, dir.z / axes.z);
  const double qa = d.dot(d), qb = 2 * o.dot(d), qc = o.dot(o) - 1;
  const double disc = qb * qb - 4 * qa * qc;
  if (disc < 0) return std::nullopt;
  const double distance = (-qb - std::sqrt(disc)) / (2 * qa);
  if (distance <= 0) return std::nullopt;
  const cv::Point3d at = origin + dir * distance;
  if (at.y > kLowestSkullPoint) return std::nullopt;
  const cv::Point3d normal = unit(cv::Point3d((at.x - centre.x) / (axes.x * axes.x),
                                              (at.y - centre.y) / (axes.y * axes.y),
                                              (at.z - centre.z) / (axes.z * axes.z)));
  if (-normal.dot(dir) < kLeastFacing) return std::nullopt;
  return Hit{at, normal};
}

void ModelTracking::reset() {
  points_.clear();
  last_turn_ = cv::Vec3d();
  previous_pyramid_.clear();
  previous_gray_.release();
}

void ModelTracking::forget() {
  reset();
  last_followed_.reset();
}

void ModelTracking::lose(LastFollowed last) {
  reset();
  last_followed_ = std::move(last);
}

std::optional<ModelTracking::Followed> ModelTracking::resume(const cv::Mat& gray,
                                                             const CameraIntrinsics& camera) {
  if (active() || !last_followed_) return std::nullopt;
  if (++last_followed_->frames_since > params_.resume_within_frames ||
      last_followed_->pyramid.empty() || last_followed_->pyramid[0].size() != gray.size()) {
    last_followed_.reset();
    return std::nullopt;
  }
  const LastFollowed last = *last_followed_;
  previous_pyramid_ = last.pyramid;
  points_ = last.points;
  pose_ = last.pose;
  anchored_pose_ = last.anchored_pose;
  since_anchor_ = last.since_anchor;
  anchors_ = last.anchors;
  previous_gray_.create(gray.size(), gray.type());  // follow() fills it with this frame
  auto followed = follow(gray, camera);
  // Taken up again only where most of its points are found, reliably.
  if (followed && reliable(*followed) &&
      followed->points >= params_.resumed_share * static_cast<double>(last.points.size())) {
    last_followed_.reset();
    return followed;
  }
  lose(last);
  last_followed_->frames_since = last.frames_since;
  return std::nullopt;
}

bool ModelTracking::start(const cv::Mat& gray, const HeadPose& pose, const HeadShape& head,
                          const CameraIntrinsics& camera) {
  forget();
  gray.copyTo(previous_gray_);
  cv::buildOpticalFlowPyramid(previous_gray_, previous_pyramid_, kFlowWindow, kPyramidLevels);
  pose_ = pose;
  anchored_pose_ = pose;
  since_anchor_ = {};
  anchors_ = 0;
  neck_pivot_ = head.neck_pivot();
  add_points(head, camera);
  if (static_cast<int>(points_.size()) < 2 * params_.fewest_points) {
    reset();
    return false;
  }
  return true;
}

void ModelTracking::add_points(const HeadShape& head, const CameraIntrinsics& camera) {
  const int wanted = params_.most_points - static_cast<int>(points_.size());
  if (wanted < params_.most_points / 4 || previous_gray_.empty()) return;
  // Where the head is: the face and the skull's outline, as the camera sees them now.
  std::vector<cv::Point2f> outline;
  for (const auto& p : head.face()) {
    const cv::Point2d q = project(camera, pose_, p);
    outline.emplace_back(static_cast<float>(q.x), static_cast<float>(q.y));
  }
  const double span = cv::norm(outline[kRightEyeOuter] - outline[kLeftEyeOuter]);
  // The skull reaches about one eye span beyond the face each way, and above it.
  const cv::Rect face = cv::boundingRect(outline);
  const int reach = static_cast<int>(std::max(span, 0.6 * face.width));
  const cv::Rect region = cv::Rect(face.x - reach, face.y - reach, face.width + 2 * reach,
                                   face.height + reach) &
                          cv::Rect(0, 0, previous_gray_.cols, previous_gray_.rows);
  if (region.width < 16 || region.height < 16) return;
  const double spacing = std::max(4.0, params_.spacing_per_span *
                                           std::max(span, 0.6 * static_cast<double>(face.width)));
  cv::Mat mask(previous_gray_.size(), CV_8U, cv::Scalar(0));
  mask(region).setTo(255);
  for (const auto& p : points_)
    cv::circle(mask, p.seen_at, static_cast<int>(spacing), cv::Scalar(0), -1);
  std::vector<cv::Point2f> corners;
  cv::goodFeaturesToTrack(previous_gray_(region), corners, 3 * wanted, 0.01, spacing,
                          mask(region), 5);
  for (auto& c : corners) c += cv::Point2f(static_cast<float>(region.x), static_cast<float>(region.y));
  for (const auto& c : corners) {
    if (static_cast<int>(points_.size()) >= params_.most_points) break;
    if (const auto hit = head.cast(c, pose_, camera))
      points_.push_back({hit->point, hit->normal, c});
  }
}

void ModelTracking::recast(const HeadPose& pose, const HeadShape& head,
                           const CameraIntrinsics& camera) {
  std::vector<Point> kept;
  kept.reserve(points_.size());
  for (const auto& p : points_)
    if (const auto hit = head.cast(p.seen_at, pose, camera))
      kept.push_back({hit->point, hit->normal, p.seen_at, p.residual_px});
  points_ = std::move(kept);
  pose_ = pose;
}

HeadPose ModelTracking::anchor(const HeadPose& landmark_pose, double dt_s, const HeadShape& head,
                               const CameraIntrinsics& camera) {
  if (!active()) return landmark_pose;
  // A young track takes the mean of the landmarks' poses since it started (one landmark
  // fit is off by a degree or two); an older one follows them over the time constant.
  ++anchors_;
  const double weight =
      std::max(1.0 - std::exp(-std::max(0.0, dt_s) / params_.anchor_time_constant_s),
               1.0 / static_cast<double>(anchors_ + 1));
  HeadPose pulled;
  pulled.orientation = toward(pose_.orientation, landmark_pose.orientation, weight);
  pulled.position_mm = pose_.position_mm + weight * (landmark_pose.position_mm - pose_.position_mm);
  recast(pulled, head, camera);
  anchored_pose_ = pulled;
  since_anchor_ = {};
  if (static_cast<int>(points_.size()) < params_.fewest_points) reset();
  return pulled;
}

double ModelTracking::expected_roll_rad() const {
  const cv::Vec3d ray(pose_.position_mm.x, pose_.position_mm.y, pose_.position_mm.z);
  const double length = cv::norm(ray);
  if (length <= 0.0) return 0.0;
  const double roll = last_turn_.dot(ray) / length;
  return std::abs(roll) >= params_.least_roll_share * cv::norm(last_turn_) ? roll : 0.0;
}

std::optional<ModelTracking::Followed> ModelTracking::follow(const cv::Mat& gray,
                                                             const CameraIntrinsics& camera) {
  if (!active() || previous_gray_.size() != gray.size()) {
    reset();
    return std::nullopt;
  }
  // The points move into what is kept should the track be lost here: no copy each frame.
  LastFollowed last{previous_pyramid_, std::move(points_), pose_, anchored_pose_,
                    since_anchor_,     anchors_,           0};
  std::vector<cv::Mat> pyramid;
  cv::buildOpticalFlowPyramid(gray, pyramid, kFlowWindow, kPyramidLevels);
  std::vector<cv::Point2f> before, start, next, back;
  before.reserve(last.points.size());
  for (const auto& p : last.points) before.push_back(p.seen_at);
  // Followed from the last picture as it was, or turned by the head's expected roll (about the
  // points' middle; ModelTrackingParams::roll_followed_turned_deg), within the region the
  // points lie in: `start` is where they are in the picture followed from.
  const std::vector<cv::Mat>* followed_from = &previous_pyramid_;
  const std::vector<cv::Mat>* followed_into = &pyramid;
  std::vector<cv::Mat> turned_pyramid, region_pyramid;
  cv::Point2f offset(0.0f, 0.0f);
  int flags = 0;
  start = before;
  const double roll = expected_roll_rad();
  if (std::abs(roll) * 180.0 / CV_PI >= params_.roll_followed_turned_deg && !before.empty()) {
    cv::Point2f middle(0.0f, 0.0f);
    for (const cv::Point2f& p : before) middle += p;
    middle *= 1.0f / static_cast<float>(before.size());
    const double c = std::cos(roll), s = std::sin(roll);
    cv::Matx23d turn(c, -s, middle.x - (c * middle.x - s * middle.y), s, c,
                     middle.y - (s * middle.x + c * middle.y));
    cv::transform(before, start, turn);
    // Room for the flow's windows at every level, and for the head's move.
    const int margin = 2 * kFlowWindow.width + 32;
    const cv::Rect around = (cv::boundingRect(start) | cv::boundingRect(before)) +
                            cv::Size(2 * margin, 2 * margin) - cv::Point(margin, margin);
    const cv::Rect region = around & cv::Rect(0, 0, gray.cols, gray.rows);
    if (region.width >= kFlowWindow.width && region.height >= kFlowWindow.height) {
      offset = cv::Point2f(static_cast<float>(region.x), static_cast<float>(region.y));
      turn(0, 2) -= region.x;
      turn(1, 2) -= region.y;
      cv::Mat turned;
      cv::warpAffine(previous_pyramid_[0], turned, turn, region.size(), cv::INTER_LINEAR,
                     cv::BORDER_REPLICATE);
      cv::buildOpticalFlowPyramid(turned, turned_pyramid, kFlowWindow, kPyramidLevels);
      cv::buildOpticalFlowPyramid(gray(region), region_pyramid, kFlowWindow, kPyramidLevels);
      for (cv::Point2f& p : start) p -= offset;
      followed_from = &turned_pyramid;
      followed_into = &region_pyramid;
      next = start;
      flags = cv::OPTFLOW_USE_INITIAL_FLOW;
    } else {
      start = before;
    }
  }
  std::vector<uchar> found, found_back;
  const cv::TermCriteria stop(cv::TermCriteria::COUNT | cv::TermCriteria::EPS, 20, 0.02);
  // No error measure asked for (cv::noArray()): it would cost another pass over each window.
  cv::calcOpticalFlowPyrLK(*followed_from, *followed_into, start, next, found, cv::noArray(),
                           kFlowWindow, kPyramidLevels, stop, flags);
  back = start;
  cv::calcOpticalFlowPyrLK(*followed_into, *followed_from, next, back, found_back, cv::noArray(),
                           kFlowWindow, kPyramidLevels, stop, cv::OPTFLOW_USE_INITIAL_FLOW);
  for (cv::Point2f& p : next) p += offset;
  previous_pyramid_ = std::move(pyramid);
  gray.copyTo(previous_gray_);

  std::vector<Point> followed;
  std::vector<cv::Point3d> object;
  std::vector<cv::Point2f> image;
  for (size_t i = 0; i < last.points.size(); ++i) {
    if (!found[i] || !found_back[i]) continue;
    if (cv::norm(back[i] - start[i]) > params_.forward_backward_px) continue;
    const Point& p = last.points[i];
    followed.push_back({p.position, p.normal, next[i], p.residual_px});
    object.push_back(p.position);
    image.push_back(next[i]);
  }
  if (static_cast<int>(object.size()) < params_.fewest_points) {
    lose(std::move(last));
    return std::nullopt;
  }
  const cv::Matx33d camera_matrix = camera.matrix();
  cv::Vec3d rvec, tvec(pose_.position_mm.x, pose_.position_mm.y, pose_.position_mm.z);
  cv::Rodrigues(to_cv(pose_.orientation), rvec);
  std::vector<int> inliers;
  const bool solved = cv::solvePnPRansac(object, image, camera_matrix, cv::noArray(), rvec, tvec,
                                         true, 40, static_cast<float>(params_.ransac_px), 0.99,
                                         inliers, cv::SOLVEPNP_ITERATIVE);
  if (!solved || static_cast<int>(inliers.size()) < params_.fewest_points || !(tvec[2] > 0.0)) {
    lose(std::move(last));
    return std::nullopt;
  }
  std::vector<cv::Point3d> inlier_object;
  std::vector<cv::Point2f> inlier_image;
  for (int i : inliers) {
    inlier_object.push_back(object[static_cast<size_t>(i)]);
    inlier_image.push_back(image[static_cast<size_t>(i)]);
  }
  // The neck where it was in the last frame, weighted as pivot_weight of the inliers (LM
  // weighs each correspondence alike, so the weight is in copies).
  const cv::Point2d neck_seen = project(camera, pose_, neck_pivot_);
  const auto neck_copies =
      static_cast<size_t>(std::lround(params_.pivot_weight * static_cast<double>(inliers.size())));
  inlier_object.insert(inlier_object.end(), neck_copies, neck_pivot_);
  inlier_image.insert(inlier_image.end(), neck_copies, cv::Point2f(neck_seen));
  cv::solvePnPRefineLM(inlier_object, inlier_image, camera_matrix, cv::noArray(), rvec, tvec);
  cv::Matx33d r;
  cv::Rodrigues(rvec, r);
  cv::Rodrigues(r * to_cv(glm::transpose(pose_.orientation)), last_turn_);
  since_anchor_.moved_fast_deg +=
      std::max(0.0, angular_distance_deg(pose_.orientation, to_glm(r)) - params_.slow_step_deg);
  pose_.orientation = to_glm(r);
  pose_.position_mm = glm::dvec3(tvec[0], tvec[1], tvec[2]);

  // Keep the inliers that still face the camera well (see kLeastFacingKept) and whose error
  // has not stayed high.
  std::vector<double> residuals, errors;  // per inlier: averaged, and this frame's
  for (int i : inliers) {
    Point& p = followed[static_cast<size_t>(i)];
    const cv::Point2d q = project(camera, pose_, p.position);
    errors.push_back(std::hypot(q.x - p.seen_at.x, q.y - p.seen_at.y));
    p.residual_px = 0.6 * p.residual_px + 0.4 * errors.back();
    residuals.push_back(p.residual_px);
  }
  std::vector<double> sorted = residuals;
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<long>(sorted.size() / 2),
                   sorted.end());
  const double drifting = std::max(params_.drifting_px, 2.5 * sorted[sorted.size() / 2]);
  points_.clear();
  double squared = 0.0;
  for (size_t k = 0; k < inliers.size(); ++k) {
    const Point& p = followed[static_cast<size_t>(inliers[k])];
    if (HeadShape::facing_camera(p.position, p.normal, pose_) < kLeastFacingKept) continue;
    if (residuals[k] > drifting) continue;
    squared += errors[k] * errors[k];
    points_.push_back(p);
  }
  if (static_cast<int>(points_.size()) < params_.fewest_points) {
    lose(std::move(last));
    return std::nullopt;
  }
  Followed out;
  out.pose = pose_;
  out.points = static_cast<int>(points_.size());
  out.inlier_share = static_cast<double>(inliers.size()) / static_cast<double>(object.size());
  out.rms_px = std::sqrt(squared / static_cast<double>(points_.size()));
  since_anchor_.farthest_deg =
      std::max(since_anchor_.farthest_deg,
               angular_distance_deg(anchored_pose_.orientation, pose_.orientation));
  out.since_anchor = since_anchor_;
  return out;
}

}  // namespace midline
