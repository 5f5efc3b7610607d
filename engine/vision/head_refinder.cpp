#include "vision/head_refinder.hpp"

#include <algorithm>
#include <cmath>
#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>

#include "vision/background_work.hpp"
#include "vision/landmarks.hpp"
#include "vision/pose_solver.hpp"

namespace midline {
namespace {

// The head's features, from FAST corners a little weaker than ORB's default (skin is smooth,
// and a webcam's compression flattens it further), at four scales a factor 2 apart in all: a
// patient sits at about the same distance from the camera all session.
cv::Ptr<cv::ORB> features(int count) {
  return cv::ORB::create(count, 1.25f, 4, 19, 0, 2, cv::ORB::HARRIS_SCORE, 31, 12);
}

// How squarely (cosine) a view's feature must face the camera to be kept.
constexpr double kLeastFacing = 0.35;

// Where the head is in the picture at `pose`: the face's outline and the skull around it,
// which reaches about an eye span beyond the face each way, and above it.
cv::Rect head_region(const HeadShape& head, const HeadPose& pose, const CameraIntrinsics& camera,
                     const cv::Size& image) {
  std::vector<cv::Point2f> outline;
  for (const auto& p : head.face()) {
    const cv::Point2d q = project(camera, pose, p);
    outline.emplace_back(static_cast<float>(q.x), static_cast<float>(q.y));
  }
  const cv::Rect face = cv::boundingRect(outline);
  const int reach = static_cast<int>(cv::norm(outline[kRightEyeOuter] - outline[kLeftEyeOuter]));
  return cv::Rect(face.x - reach, face.y - reach, face.width + 2 * reach, face.height + reach) &
         cv::Rect(cv::Point(0, 0), image);
}

HeadPose pose_of(const cv::Vec3d& rvec, const cv::Vec3d& tvec) {
  cv::Matx33d r;
  cv::Rodrigues(rvec, r);
  return {to_glm(r), glm::dvec3(tvec[0], tvec[1], tvec[2])};
}

}  // namespace

HeadRefinder::HeadRefinder(HeadRefinderParams params)
    : params_(params),
      view_features_(features(params.features_per_view)),
      frame_features_(features(params.features_per_frame)) {}

bool HeadRefinder::wants_view(const HeadPose& pose) const {
  if (static_cast<int>(views_.size()) >= params_.most_views) return false;
  const bool new_enough = std::all_of(views_.begin(), views_.end(), [&](const View& v) {
    return angular_distance_deg(v.pose.orientation, pose.orientation) >= params_.new_view_after_deg;
  });
  return new_enough && std::all_of(refused_.begin(), refused_.end(), [&](const glm::dmat3& r) {
           return angular_distance_deg(r, pose.orientation) >= params_.retry_after_refusal_deg;
         });
}

bool HeadRefinder::may_try_view(const HeadPose& pose, double degrees_from_anchor) const {
  // The first view has only the landmarks' word for its pose: it is made where they confirm it.
  if (views_.empty() && degrees_from_anchor > 0.0) return false;
  return pose.position_mm.z > 0.0 && wants_view(pose);
}

bool HeadRefinder::followed_on_from_a_view(const HeadPose& pose) const {
  return last_kept_ && last_kept_->track == track_ &&
         angular_distance_deg(last_kept_->pose.orientation, pose.orientation) <=
             params_.followed_on_within_deg;
}

void HeadRefinder::keep_or_refuse(std::optional<View> view, const HeadPose& pose, int track) {
  if (view) {
    last_kept_ = KeptByTrack{track, view->pose};
    views_.push_back(std::move(*view));
    return;
  }
  refused_.push_back(pose.orientation);
  if (static_cast<int>(refused_.size()) > params_.refusals_remembered) refused_.erase(refused_.begin());
}

bool HeadRefinder::add_view(const cv::Mat& gray, const HeadPose& pose,
                            const SinceAnchor& since_anchor, const HeadShape& head,
                            const CameraIntrinsics& camera) {
  settle();
  if (gray.empty() || !may_try_view(pose, since_anchor.farthest_deg)) return false;
  auto view = make_view(params_, *view_features_, gray, pose, since_anchor, head, camera,
                        views_nearest(pose, 0), followed_on_from_a_view(pose));
  const bool kept = view.has_value();
  keep_or_refuse(std::move(view), pose, track_);
  return kept;
}

void HeadRefinder::add_view_in_background(const cv::Mat& gray, const HeadPose& pose,
                                          const SinceAnchor& since_anchor, const HeadShape& head,
                                          const CameraIntrinsics& camera) {
  if (view_in_background_.valid() || gray.empty() || !may_try_view(pose, since_anchor.farthest_deg))
    return;
  // The thread reads only its own copies: the frame, the nearest views, the head.
  std::vector<View> nearest;
  for (const auto& numbered : views_nearest(pose, 0)) nearest.push_back(*numbered.second);
  pose_in_background_ = pose;
  track_in_background_ = track_;
  frames_in_background_ = 0;
  view_in_background_ = in_background(
      [params = params_, features = view_features_, gray = gray.clone(), pose, since_anchor, head,
       camera, nearest = std::move(nearest), followed_on = followed_on_from_a_view(pose)] {
        Numbered numbered;  // the numbers matter only to find()
        for (const View& v : nearest) numbered.emplace_back(-1, &v);
        return make_view(params, *features, gray, pose, since_anchor, head, camera, numbered,
                         followed_on);
      });
}

void HeadRefinder::next_frame() {
  if (view_in_background_.valid() && ++frames_in_background_ >= params_.frames_to_make_a_view)
    settle();
}

void HeadRefinder::settle() {
  if (!view_in_background_.valid()) return;
  keep_or_refuse(view_in_background_.get(), pose_in_background_, track_in_background_);
}

void HeadRefinder::clear() {
  if (view_in_background_.valid()) view_in_background_.wait();
  view_in_background_ = {};
  views_.clear();
  refused_.clear();
  last_kept_.reset();
}

std::optional<HeadRefinder::View> HeadRefinder::make_view(
    const HeadRefinderParams& params, cv::ORB& features, const cv::Mat& gray, const HeadPose& pose,
    const SinceAnchor& since_anchor, const HeadShape& head, const CameraIntrinsics& camera,
    const Numbered& nearest, bool followed_on) {
  const cv::Rect region = head_region(head, pose, camera, gray.size());
  if (region.width < 32 || region.height < 32) return std::nullopt;
  cv::Mat mask(gray.size(), CV_8U, cv::Scalar(0));
  mask(region).setTo(255);
  std::vector<cv::KeyPoint> keypoints;
  cv::Mat descriptors;
  features.detectAndCompute(gray, mask, keypoints, descriptors);

  View view;
  view.pose = pose;
  view.since_anchor = since_anchor;
  view.eye_span_mm = cv::norm(head.face()[kRightEyeOuter] - head.face()[kLeftEyeOuter]);
  for (size_t i = 0; i < keypoints.size(); ++i) {
    const auto hit = head.cast(keypoints[i].pt, pose, camera);
    if (!hit) continue;  // off the head (background, neck, collar) or near its outline
    // Nearer the outline, a feature is as much the background's as the head's, and the
    // simple head's shape is least like the patient's: it would pull a find's pose toward
    // the view's.
    if (HeadShape::facing_camera(hit->point, hit->normal, pose) < kLeastFacing) continue;
    view.points.emplace_back(static_cast<float>(hit->point.x), static_cast<float>(hit->point.y),
                             static_cast<float>(hit->point.z));
    view.descriptors.push_back(descriptors.row(static_cast<int>(i)));
  }
  if (static_cast<int>(view.points.size()) < params.fewest_features_in_view) return std::nullopt;
  // The pose is checked, by features of their own, against the views already kept: a track
  // that slipped or landmarks that read a turned face as frontal would otherwise label a
  // view wrongly, and every later find by it would be as wrong. (The first view has only the
  // landmarks' word for it: may_try_view.)
  if (nearest.empty()) return view;
  const auto seen =
      solve(params, keypoints, descriptors, camera, nearest, params.fewest_inliers_to_agree);
  if (!seen) return followed_on ? std::optional<View>(std::move(view)) : std::nullopt;
  if (angular_distance_deg(seen->pose.orientation, pose.orientation) > params.view_agrees_within_deg)
    return std::nullopt;
  return view;
}

HeadRefinder::Numbered HeadRefinder::views_nearest(const HeadPose& near, int attempt) const {
  std::vector<int> order(views_.size());
  for (size_t v = 0; v < order.size(); ++v) order[v] = static_cast<int>(v);
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    return angular_distance_deg(views_[static_cast<size_t>(a)].pose.orientation, near.orientation) <
           angular_distance_deg(views_[static_cast<size_t>(b)].pose.orientation, near.orientation);
  });
  const int per = std::max(1, params_.views_per_search);
  const int rounds = (static_cast<int>(order.size()) + per - 1) / per;
  const int first = (attempt % std::max(1, rounds)) * per;
  Numbered nearest;
  for (int i = first; i < std::min<int>(first + per, static_cast<int>(order.size())); ++i) {
    const int v = order[static_cast<size_t>(i)];
    nearest.emplace_back(v, &views_[static_cast<size_t>(v)]);
  }
  return nearest;
}

std::optional<HeadRefinder::Found> HeadRefinder::find(const cv::Mat& gray,
                                                      const CameraIntrinsics& camera,
                                                      const HeadPose& near, int attempt) const {
  if (views_.empty() || gray.empty()) return std::nullopt;
  std::vector<cv::KeyPoint> keypoints;
  cv::Mat descriptors;
  frame_features_->detectAndCompute(gray, cv::noArray(), keypoints, descriptors);
  return solve(params_, keypoints, descriptors, camera, views_nearest(near, attempt),
               params_.fewest_inliers);
}

std::optional<HeadRefinder::Found> HeadRefinder::solve(const HeadRefinderParams& params,
                                                       const std::vector<cv::KeyPoint>& keypoints,
                                                       const cv::Mat& descriptors,
                                                       const CameraIntrinsics& camera,
                                                       const Numbered& views,
                                                       int fewest_inliers) {
  if (static_cast<int>(keypoints.size()) < fewest_inliers) return std::nullopt;

  // Each view's matches that pass the ratio test; the views with most are tried first.
  struct Matches {
    int view;
    const View* seen_in;
    std::vector<cv::Point3f> object;
    std::vector<cv::Point2f> image;
  };
  std::vector<Matches> candidates;
  cv::BFMatcher matcher(cv::NORM_HAMMING);
  for (const auto& [v, in] : views) {
    const View& view = *in;
    std::vector<std::vector<cv::DMatch>> knn;
    matcher.knnMatch(descriptors, view.descriptors, knn, 2);
    Matches m{v, in, {}, {}};
    for (const auto& pair : knn) {
      if (pair.size() < 2 || pair[0].distance >= params.ratio_test * pair[1].distance) continue;
      m.object.push_back(view.points[static_cast<size_t>(pair[0].trainIdx)]);
      m.image.push_back(keypoints[static_cast<size_t>(pair[0].queryIdx)].pt);
    }
    if (static_cast<int>(m.object.size()) >= fewest_inliers) candidates.push_back(std::move(m));
  }
  std::sort(candidates.begin(), candidates.end(),
            [](const Matches& a, const Matches& b) { return a.object.size() > b.object.size(); });
  constexpr size_t kViewsTried = 2;
  if (candidates.size() > kViewsTried) candidates.resize(kViewsTried);

  const cv::Matx33d k = camera.matrix();
  for (const Matches& m : candidates) {
    const View& view = *m.seen_in;
    cv::Vec3d rvec, tvec;
    std::vector<int> inliers;
    if (!cv::solvePnPRansac(m.object, m.image, k, cv::noArray(), rvec, tvec, false, 100,
                            static_cast<float>(params.ransac_px), 0.999, inliers,
                            cv::SOLVEPNP_EPNP))
      continue;
    if (static_cast<int>(inliers.size()) < fewest_inliers) continue;
    // Refined on the inliers, then once more on every match that agrees with the refined pose.
    std::vector<cv::Point3f> object;
    std::vector<cv::Point2f> image;
    for (int i : inliers) {
      object.push_back(m.object[static_cast<size_t>(i)]);
      image.push_back(m.image[static_cast<size_t>(i)]);
    }
    cv::solvePnPRefineLM(object, image, k, cv::noArray(), rvec, tvec);
    object.clear();
    image.clear();
    for (size_t i = 0; i < m.object.size(); ++i) {
      const cv::Point2d q = project(camera, pose_of(rvec, tvec), cv::Point3d(m.object[i]));
      if (cv::norm(q - cv::Point2d(m.image[i])) > params.ransac_px) continue;
      object.push_back(m.object[i]);
      image.push_back(m.image[i]);
    }
    if (static_cast<int>(object.size()) < fewest_inliers) continue;
    cv::solvePnPRefineLM(object, image, k, cv::noArray(), rvec, tvec);
    const HeadPose pose = pose_of(rvec, tvec);
    // In front of the camera, at about the distance the view was seen from.
    if (!(tvec[2] > 0.6 * view.pose.position_mm.z && tvec[2] < 1.6 * view.pose.position_mm.z))
      continue;
    const double from_view = angular_distance_deg(view.pose.orientation, pose.orientation);
    if (from_view > params.farthest_from_view_deg) continue;

    // The agreeing features must cover the head, not one patch of it.
    double squared = 0.0;
    std::vector<cv::Point2f> agreeing;
    for (size_t i = 0; i < object.size(); ++i) {
      const cv::Point2d q = project(camera, pose, cv::Point3d(object[i]));
      const double e2 = std::pow(q.x - image[i].x, 2) + std::pow(q.y - image[i].y, 2);
      if (e2 > params.ransac_px * params.ransac_px) continue;
      squared += e2;
      agreeing.push_back(image[i]);
    }
    if (static_cast<int>(agreeing.size()) < fewest_inliers) continue;
    const cv::Rect spread = cv::boundingRect(agreeing);
    const double span_px = camera.fx * view.eye_span_mm / tvec[2];
    if (spread.width < params.least_spread_over_span * span_px ||
        spread.height < params.least_spread_over_span * span_px)
      continue;
    const double share = static_cast<double>(agreeing.size()) / static_cast<double>(m.object.size());
    if (share < params.least_inlier_share) continue;

    Found found;
    found.pose = pose;
    found.inliers = static_cast<int>(agreeing.size());
    found.inlier_share = share;
    found.rms_px = std::sqrt(squared / static_cast<double>(agreeing.size()));
    found.view = m.view;
    found.degrees_from_view = from_view;
    found.since_anchor = view.since_anchor;
    found.since_anchor.farthest_deg += from_view;
    return found;  // the view with most matches that finds the head soundly
  }
  return std::nullopt;
}

}  // namespace midline
