#include "vision/look_around_fit.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/video/tracking.hpp>
#include <utility>

#include "vision/model_tracking.hpp"
#include "vision/pose_solver.hpp"

namespace midline {
namespace {

constexpr int kMostPoints = 300;
constexpr double kCornerQuality = 0.005;
constexpr double kCornerSpacingPx = 5.0;
constexpr double kForwardBackwardPx = 0.5;
const cv::Size kWindow(15, 15);
constexpr int kPyramidLevels = 3;

// Points followed into fewer of the fitted frames than this say little about their depth.
constexpr int kFewestSightings = 5;
constexpr int kFewestPoints = 20;
// Sightings further than this from where the fit places them are dropped, twice: a point
// that slid with the shading, or onto the outline.
constexpr double kOutlierPx = 1.5;
// Residuals count fully up to about this (Cauchy's loss), so a few sliding points do not
// steer the fit before they are dropped.
constexpr double kRobustPx = 1.0;
constexpr int kMostIterations = 50;

const cv::Point2f kLost(NAN, NAN);
bool lost(const cv::Point2f& p) {
  return std::isnan(p.x);
}

// One residual's row of the Jacobian: few parameters each.
using SparseRow = std::vector<std::pair<int, double>>;

// The look around's poses and the points' depths, as one least-squares problem. Parameters:
// for each frame after the first, a small turn (rotation vector, applied before its starting
// rotation) and its position; then each point's depth along its ray in the first frame.
class LookAroundProblem {
 public:
  std::vector<std::vector<cv::Point2f>> seen;  // [frame][point]
  std::vector<cv::Vec3d> ray;                  // first frame, z = 1
  std::vector<cv::Matx33d> start_rotation;     // [frame]
  HeadPose first;
  CameraIntrinsics camera;
  double mean_depth = 0.0;  // held: the points' depths fix the scene's size only so

  int frames() const { return static_cast<int>(seen.size()); }
  int points() const { return static_cast<int>(ray.size()); }
  int depth_index(int point) const { return 6 * (frames() - 1) + point; }

  // Residuals (pixels; per sighting x then y; last the held mean depth) and their rows.
  void evaluate(const cv::Mat& param, std::vector<double>& error,
                std::vector<SparseRow>* rows) const {
    error.clear();
    if (rows) rows->clear();
    const double* p = param.ptr<double>();
    const cv::Matx33d r0 = to_cv(first.orientation);
    const cv::Vec3d t0(first.position_mm.x, first.position_mm.y, first.position_mm.z);
    std::vector<cv::Vec3d> in_head(points());
    for (int j = 0; j < points(); ++j) in_head[j] = r0.t() * (ray[j] * p[depth_index(j)] - t0);
    for (int k = 1; k < frames(); ++k) {
      const int base = 6 * (k - 1);
      const cv::Vec3d turn(p[base], p[base + 1], p[base + 2]);
      const cv::Vec3d shift(p[base + 3], p[base + 4], p[base + 5]);
      std::vector<cv::Point3d> started(points());
      for (int j = 0; j < points(); ++j) {
        const cv::Vec3d q = start_rotation[k] * in_head[j];
        started[j] = {q[0], q[1], q[2]};
      }
      std::vector<cv::Point2d> image;
      cv::Mat jacobian;  // per point, rows x and y: d/dturn (3), d/dshift (3), then intrinsics
      cv::projectPoints(started, turn, shift, cv::Mat(camera.matrix()), cv::noArray(), image,
                        jacobian);
      cv::Matx33d turned;
      cv::Rodrigues(turn, turned);
      for (int j = 0; j < points(); ++j) {
        if (lost(seen[k][j])) continue;
        // d(camera point)/d(depth); d(pixel)/d(camera point) is d(pixel)/d(shift).
        const cv::Vec3d along = turned * (start_rotation[k] * (r0.t() * ray[j]));
        for (int axis = 0; axis < 2; ++axis) {
          const int row = 2 * j + axis;
          error.push_back(axis == 0 ? image[j].x - seen[k][j].x : image[j].y - seen[k][j].y);
          if (!rows) continue;
          SparseRow entries;
          for (int q = 0; q < 6; ++q) entries.push_back({base + q, jacobian.at<double>(row, q)});
          entries.push_back({depth_index(j), jacobian.at<double>(row, 3) * along[0] +
                                                 jacobian.at<double>(row, 4) * along[1] +
                                                 jacobian.at<double>(row, 5) * along[2]});
          rows->push_back(std::move(entries));
        }
      }
    }
    // The scene's size: a deeper head further away looks the same.
    constexpr double kHeld = 10.0;
    double mean = 0.0;
    for (int j = 0; j < points(); ++j) mean += p[depth_index(j)] / points();
    error.push_back(kHeld * (mean - mean_depth));
    if (rows) {
      SparseRow entries;
      for (int j = 0; j < points(); ++j) entries.push_back({depth_index(j), kHeld / points()});
      rows->push_back(std::move(entries));
    }
  }

  // A sighting's squared error, in units of kRobustPx squared.
  static double squared_robust(const std::vector<double>& error, size_t sighting) {
    const double x = error[2 * sighting], y = error[2 * sighting + 1];
    return (x * x + y * y) / (kRobustPx * kRobustPx);
  }

  // Cauchy's loss over the sightings, squares for the held depth.
  static double cost(const std::vector<double>& error) {
    double total = 0.0;
    const size_t sightings = (error.size() - 1) / 2;
    for (size_t i = 0; i < sightings; ++i)
      total += kRobustPx * kRobustPx * std::log1p(squared_robust(error, i));
    return total + error.back() * error.back();
  }

  // Levenberg-Marquardt, each sighting weighted as Cauchy's loss weighs it where it stands.
  void solve(cv::Mat& param) const {
    std::vector<double> error;
    std::vector<SparseRow> rows;
    evaluate(param, error, &rows);
    double current = cost(error);
    double damping = 1e-3;
    const int n = param.rows;
    for (int iteration = 0; iteration < kMostIterations; ++iteration) {
      cv::Mat normal = cv::Mat::zeros(n, n, CV_64F), gradient = cv::Mat::zeros(n, 1, CV_64F);
      for (size_t i = 0; i < rows.size(); ++i) {
        const double weight =
            i + 1 < rows.size() ? 1.0 / (1.0 + squared_robust(error, i / 2)) : 1.0;
        for (const auto& [a, va] : rows[i]) {
          gradient.at<double>(a) += weight * va * error[i];
          for (const auto& [b, vb] : rows[i]) normal.at<double>(a, b) += weight * va * vb;
        }
      }
      bool improved = false;
      while (damping < 1e8) {
        cv::Mat damped = normal.clone();
        for (int i = 0; i < n; ++i)
          damped.at<double>(i, i) = damped.at<double>(i, i) * (1.0 + damping) + 1e-6;
        cv::Mat step;
        cv::solve(damped, -gradient, step, cv::DECOMP_CHOLESKY);
        const cv::Mat trial = param + step;
        std::vector<double> trial_error;
        std::vector<SparseRow> trial_rows;
        evaluate(trial, trial_error, &trial_rows);
        const double trial_cost = cost(trial_error);
        if (trial_cost < current) {
          improved = current - trial_cost > 1e-7 * current;
          param = trial;
          current = trial_cost;
          error = std::move(trial_error);
          rows = std::move(trial_rows);
          damping = std::max(1e-7, damping / 10.0);
          break;
        }
        damping *= 10.0;
      }
      if (!improved) return;
    }
  }

  // Forgets sightings further than kOutlierPx from where `param` places them; how many.
  int drop_outliers(const cv::Mat& param) {
    std::vector<double> error;
    evaluate(param, error, nullptr);
    int dropped = 0;
    size_t sighting = 0;
    for (int k = 1; k < frames(); ++k)
      for (int j = 0; j < points(); ++j) {
        if (lost(seen[k][j])) continue;
        if (squared_robust(error, sighting++) >
            (kOutlierPx * kOutlierPx) / (kRobustPx * kRobustPx)) {
          seen[k][j] = kLost;
          ++dropped;
        }
      }
    return dropped;
  }

  HeadPose pose(const cv::Mat& param, int frame) const {
    if (frame == 0) return first;
    const int base = 6 * (frame - 1);
    cv::Matx33d turned;
    cv::Rodrigues(
        cv::Vec3d(param.at<double>(base), param.at<double>(base + 1), param.at<double>(base + 2)),
        turned);
    return {to_glm(turned * start_rotation[frame]),
            glm::dvec3(param.at<double>(base + 3), param.at<double>(base + 4),
                       param.at<double>(base + 5))};
  }
};

}  // namespace

void TexturePoints::start(const cv::Mat& gray, const Landmarks& landmarks) {
  std::vector<cv::Point> outline;
  for (const auto& p : landmarks) outline.emplace_back(cvRound(p.x), cvRound(p.y));
  std::vector<cv::Point> hull;
  cv::convexHull(outline, hull);
  cv::Mat face = cv::Mat::zeros(gray.size(), CV_8U);
  cv::fillConvexPoly(face, hull, 255);
  std::vector<cv::Point2f> corners;
  cv::goodFeaturesToTrack(gray, corners, kMostPoints, kCornerQuality, kCornerSpacingPx, face);
  seen_.assign(1, corners);
  last_gray_ = gray.clone();
}

void TexturePoints::follow(const cv::Mat& gray) {
  if (!started()) return;
  const std::vector<cv::Point2f>& last = seen_.back();
  std::vector<cv::Point2f> from, to, back;
  std::vector<size_t> which;
  for (size_t j = 0; j < last.size(); ++j)
    if (!lost(last[j])) {
      from.push_back(last[j]);
      which.push_back(j);
    }
  std::vector<cv::Point2f> now(last.size(), kLost);
  if (!from.empty()) {
    std::vector<uchar> found, found_back;
    std::vector<float> error;
    cv::calcOpticalFlowPyrLK(last_gray_, gray, from, to, found, error, kWindow, kPyramidLevels);
    cv::calcOpticalFlowPyrLK(gray, last_gray_, to, back, found_back, error, kWindow,
                             kPyramidLevels);
    for (size_t i = 0; i < from.size(); ++i)
      if (found[i] && found_back[i] && cv::norm(back[i] - from[i]) < kForwardBackwardPx)
        now[which[i]] = to[i];
  }
  seen_.push_back(std::move(now));
  last_gray_ = gray.clone();
}

std::optional<std::vector<HeadPose>> fit_look_around(
    const std::vector<std::vector<cv::Point2f>>& seen, const std::vector<HeadPose>& starts,
    const FaceModel& face, const CameraIntrinsics& camera) {
  if (seen.size() < 3 || seen.size() != starts.size()) return std::nullopt;
  LookAroundProblem problem;
  problem.first = starts[0];
  problem.camera = camera;
  for (const HeadPose& start : starts) problem.start_rotation.push_back(to_cv(start.orientation));
  problem.seen.resize(seen.size());
  const HeadShape shape(face);
  std::vector<double> depth;
  for (size_t j = 0; j < seen[0].size(); ++j) {
    int sightings = 0;
    for (size_t k = 1; k < seen.size(); ++k) sightings += !lost(seen[k][j]);
    if (lost(seen[0][j]) || sightings < kFewestSightings) continue;
    const auto hit = shape.cast(seen[0][j], starts[0], camera);
    if (!hit) continue;
    const glm::dvec3 at =
        starts[0].orientation * glm::dvec3(hit->point.x, hit->point.y, hit->point.z) +
        starts[0].position_mm;
    depth.push_back(at.z);
    problem.ray.emplace_back((seen[0][j].x - camera.cx) / camera.fx,
                             (seen[0][j].y - camera.cy) / camera.fy, 1.0);
    for (size_t k = 0; k < seen.size(); ++k) problem.seen[k].push_back(seen[k][j]);
  }
  if (problem.points() < kFewestPoints) return std::nullopt;
  cv::Mat param = cv::Mat::zeros(6 * (problem.frames() - 1) + problem.points(), 1, CV_64F);
  for (int k = 1; k < problem.frames(); ++k) {
    param.at<double>(6 * (k - 1) + 3) = starts[k].position_mm.x;
    param.at<double>(6 * (k - 1) + 4) = starts[k].position_mm.y;
    param.at<double>(6 * (k - 1) + 5) = starts[k].position_mm.z;
  }
  for (int j = 0; j < problem.points(); ++j) {
    param.at<double>(problem.depth_index(j)) = depth[j];
    problem.mean_depth += depth[j] / problem.points();
  }
  for (int round = 0; round < 3; ++round) {
    problem.solve(param);
    if (round < 2 && problem.drop_outliers(param) == 0) break;
  }
  std::vector<HeadPose> poses;
  for (int k = 0; k < problem.frames(); ++k) poses.push_back(problem.pose(param, k));
  return poses;
}

namespace {

// The correlation of the landmarks' nods with the texture's, each from the first frame.
std::optional<double> landmark_nod_agreement(const std::vector<HeadPose>& by_texture,
                                             const std::vector<HeadPose>& by_landmarks) {
  if (by_texture.size() < 2 || by_landmarks.size() != by_texture.size()) return std::nullopt;
  const double texture_first = head_angles(by_texture[0].orientation).flexion_deg;
  const double landmarks_first = head_angles(by_landmarks[0].orientation).flexion_deg;
  double along = 0.0, texture_square = 0.0, landmarks_square = 0.0;
  for (size_t i = 1; i < by_texture.size(); ++i) {
    const double t = head_angles(by_texture[i].orientation).flexion_deg - texture_first;
    const double l = head_angles(by_landmarks[i].orientation).flexion_deg - landmarks_first;
    along += t * l;
    texture_square += t * t;
    landmarks_square += l * l;
  }
  // Nods of a degree or two are the landmarks' noise.
  constexpr double kLeastNodDeg = 3.0;
  const double frames = static_cast<double>(by_texture.size() - 1);
  if (std::sqrt(texture_square / frames) < kLeastNodDeg || landmarks_square <= 0.0)
    return std::nullopt;
  return along / std::sqrt(texture_square * landmarks_square);
}

// The turn from `from` to `to` as a rotation vector in the camera's frame (radians).
cv::Vec3d turn_in_camera_frame(const HeadPose& from, const HeadPose& to) {
  cv::Vec3d turn;
  cv::Rodrigues(to_cv(to.orientation * glm::transpose(from.orientation)), turn);
  return turn;
}

}  // namespace

LookAroundMeasures measure_look_around(const std::vector<cv::Mat>& grays,
                                       const std::vector<std::optional<Landmarks>>& landmarks,
                                       const FaceModel& face, const CameraIntrinsics& camera) {
  LookAroundMeasures measures;
  if (grays.size() != landmarks.size() || grays.empty() || !landmarks[0]) return measures;
  TexturePoints points;
  points.start(grays[0], *landmarks[0]);
  for (size_t k = 1; k < grays.size(); ++k) points.follow(grays[k]);
  // Every third frame with landmarks, each pose started from the last.
  std::vector<size_t> used;
  std::vector<std::vector<cv::Point2f>> seen;
  std::vector<HeadPose> starts;
  std::optional<HeadPose> last;
  for (size_t k = 0; k < grays.size(); k += 3) {
    if (!landmarks[k]) continue;
    last = solve_pose(*landmarks[k], face, camera, last).pose;
    starts.push_back(*last);
    seen.push_back(points.seen(k));
    used.push_back(k);
  }
  const auto by_texture = fit_look_around(seen, starts, face, camera);
  if (!by_texture) return measures;
  measures.landmark_nod_agreement = landmark_nod_agreement(*by_texture, starts);
  std::vector<double> texture_turn_deg;  // how far the head turned from the first frame
  double square_sum = 0.0;
  for (size_t i = 1; i < used.size(); ++i) {
    texture_turn_deg.push_back(
        angular_distance_deg((*by_texture)[0].orientation, (*by_texture)[i].orientation));
    square_sum += texture_turn_deg.back() * texture_turn_deg.back();
  }
  // Turns of a few degrees say little of how long the track reads them.
  constexpr double kLeastTurnDeg = 5.0;
  if (texture_turn_deg.empty() ||
      std::sqrt(square_sum / static_cast<double>(texture_turn_deg.size())) < kLeastTurnDeg)
    return measures;

  // The track's turns over the texture's (least squares through zero), at three distances.
  const std::array<double, 3> behind_mm = {kLeastNeckBehindMm + 5.0, kTypicalNeckBehindMm,
                                           kMostNeckBehindMm - 5.0};
  std::array<double, 3> gain{};
  // The track's turns against the texture's, as rotation vectors in the camera's frame: how
  // far the one's turn axes pitch from the other's (summed over the three tracks).
  double axes_cross = 0.0, axes_dot = 0.0;
  for (size_t d = 0; d < behind_mm.size(); ++d) {
    const HeadShape head(face, behind_mm[d]);
    ModelTracking track;
    if (!track.start(grays[0], starts[0], head, camera)) return measures;
    std::vector<HeadPose> followed(grays.size());
    followed[0] = starts[0];
    for (size_t k = 1; k < grays.size(); ++k) {
      const auto f = track.follow(grays[k], camera);
      if (!f) return measures;
      track.add_points(head, camera);
      followed[k] = f->pose;
    }
    double along = 0.0;
    for (size_t i = 1; i < used.size(); ++i) {
      along += angular_distance_deg(followed[0].orientation, followed[used[i]].orientation) *
               texture_turn_deg[i - 1];
      const cv::Vec3d by_track = turn_in_camera_frame(followed[0], followed[used[i]]);
      const cv::Vec3d by_points = turn_in_camera_frame((*by_texture)[0], (*by_texture)[i]);
      axes_cross += by_points[1] * by_track[2] - by_points[2] * by_track[1];
      axes_dot += by_points[1] * by_track[1] + by_points[2] * by_track[2];
    }
    gain[d] = along / square_sum;
  }
  measures.track_pitch_deg = std::atan2(axes_cross, axes_dot) * 180.0 / CV_PI;
  // The track reads turns shorter the further behind the neck is taken to be, about 0.7% a
  // millimetre, and one reading can differ from the next by a few percent (on the test heads,
  // voc_c's 1.001 at 90 mm and 0.955 at 90.5): the distance where the line fitted through all
  // three reads them in full.
  double mean_mm = 0.0, mean_gain = 0.0;
  for (size_t d = 0; d < behind_mm.size(); ++d) {
    mean_mm += behind_mm[d] / static_cast<double>(behind_mm.size());
    mean_gain += gain[d] / static_cast<double>(behind_mm.size());
  }
  double covariance = 0.0, variance = 0.0;
  for (size_t d = 0; d < behind_mm.size(); ++d) {
    covariance += (behind_mm[d] - mean_mm) * (gain[d] - mean_gain);
    variance += (behind_mm[d] - mean_mm) * (behind_mm[d] - mean_mm);
  }
  const double slope = covariance / variance;
  if (!(slope < 0.0)) return measures;  // the turns did not shorten: nothing to go on
  const double behind = mean_mm + (1.0 - mean_gain) / slope;
  measures.neck_behind_mm = std::clamp(behind, kLeastNeckBehindMm, kMostNeckBehindMm);
  return measures;
}

}  // namespace midline
