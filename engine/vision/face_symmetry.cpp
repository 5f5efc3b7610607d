#include "vision/face_symmetry.hpp"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <vector>

namespace midline {
namespace {

constexpr double kSearchDeg = 10.0, kCoarseStepDeg = 1.0, kFineStepDeg = 0.5;
// The region compared, in eye spans (between the eyes' centres) from the face's centre (the
// mean of its inner landmarks, near the nose): wide enough for both eyes and brows, from
// above the brows down to the nose, not the mouth and chin, where a hand often rests.
constexpr double kHalfWidthSpans = 0.9, kAboveSpans = 1.0, kBelowSpans = 0.4;
// How far the mirror axis may lie beside the landmarks' centre: a lopsided fit moves it.
constexpr double kAxisShiftSpans = 0.3;
constexpr double kSmallestEyeSpanPx = 20.0;

cv::Point2f centre_of(const Landmarks& l, int begin, int end) {
  cv::Point2f sum(0, 0);
  for (int i = begin; i < end; ++i) sum += l[static_cast<size_t>(i)];
  return sum * (1.0f / static_cast<float>(end - begin));
}

// Gradients weighted by the square root of their strength over their strength: strong edges
// count more than faint ones, but not in proportion, so that the brighter half does not
// decide alone.
void softened_gradients(const cv::Mat& window, cv::Mat& gx, cv::Mat& gy) {
  cv::Sobel(window, gx, CV_32F, 1, 0);
  cv::Sobel(window, gy, CV_32F, 0, 1);
  cv::Mat strength, weight;
  cv::magnitude(gx, gy, strength);
  cv::pow(strength + 1.0, -0.5, weight);
  gx = gx.mul(weight);
  gy = gy.mul(weight);
}

}  // namespace

std::optional<double> face_lean_in_picture(const cv::Mat& gray, const Landmarks& landmarks) {
  const cv::Point2f left_eye = centre_of(landmarks, kLeftEyeOuter, kLeftEyeOuter + 6);
  const cv::Point2f right_eye = centre_of(landmarks, kRightEyeOuter - 3, kRightEyeOuter + 3);
  const double span = cv::norm(right_eye - left_eye);
  if (span < kSmallestEyeSpanPx || gray.empty()) return std::nullopt;
  const double eye_line_deg =
      std::atan2(right_eye.y - left_eye.y, right_eye.x - left_eye.x) * 180.0 / CV_PI;
  const cv::Point2f centre =
      centre_of(landmarks, landmark_range::brows_begin, landmark_range::mouth_end);

  const int half_width = static_cast<int>(std::lround(kHalfWidthSpans * span));
  const int above = static_cast<int>(std::lround(kAboveSpans * span));
  const int below = static_cast<int>(std::lround(kBelowSpans * span));
  const int shift = static_cast<int>(std::lround(kAxisShiftSpans * span));
  const cv::Size window_size(2 * (half_width + shift), above + below);

  // The part of the frame any turned window can reach, smoothed once.
  const int reach = static_cast<int>(std::ceil(std::hypot(half_width + shift, above))) + 2;
  const cv::Rect around(static_cast<int>(centre.x) - reach, static_cast<int>(centre.y) - reach,
                        2 * reach, 2 * reach);
  if ((around & cv::Rect(0, 0, gray.cols, gray.rows)) != around) return std::nullopt;
  cv::Mat region;
  gray(around).convertTo(region, CV_32F);
  cv::GaussianBlur(region, region, cv::Size(0, 0), 1.2);
  const cv::Point2f local =
      centre - cv::Point2f(static_cast<float>(around.x), static_cast<float>(around.y));

  // How alike the face and its mirror image are with the picture turned by `angle` (counter-
  // clockwise on screen, levelling a face that leans by it) about the centre, the best over
  // where the mirror axis may lie.
  const auto symmetry_at = [&](double angle) {
    cv::Mat turn = cv::getRotationMatrix2D(local, angle, 1.0);
    // The centre at the window's middle column, `above` rows from its top.
    turn.at<double>(0, 2) += window_size.width / 2.0 - local.x;
    turn.at<double>(1, 2) += static_cast<double>(above) - local.y;
    cv::Mat window;
    cv::warpAffine(region, window, turn, window_size, cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    cv::Mat gx, gy;
    softened_gradients(window, gx, gy);
    // The window's mirror image: a mirrored gradient's horizontal part changes sign.
    cv::Mat mirrored_gx, mirrored_gy;
    cv::flip(gx, mirrored_gx, 1);
    mirrored_gx = -mirrored_gx;
    cv::flip(gy, mirrored_gy, 1);
    double best = -1.0;
    const int width = window_size.width;
    for (int axis = width / 2 - shift; axis <= width / 2 + shift; ++axis) {
      // The left half against the right half's mirror image, about the axis at `axis`.
      const cv::Rect left(axis - half_width, 0, half_width, window_size.height);
      const cv::Rect right_mirrored(width - axis - half_width, 0, half_width, window_size.height);
      if (left.x < 0 || right_mirrored.x < 0 || right_mirrored.x + half_width > width) continue;
      const double along =
          gx(left).dot(mirrored_gx(right_mirrored)) + gy(left).dot(mirrored_gy(right_mirrored));
      const double left_size = gx(left).dot(gx(left)) + gy(left).dot(gy(left));
      const double right_size = mirrored_gx(right_mirrored).dot(mirrored_gx(right_mirrored)) +
                                mirrored_gy(right_mirrored).dot(mirrored_gy(right_mirrored));
      best = std::max(best, along / std::max(1e-9, std::sqrt(left_size * right_size)));
    }
    return best;
  };

  // Whole degrees first, then half a degree either side of the best (the match changes
  // smoothly with the angle), then the peak between those steps: the parabola through them.
  const int steps = static_cast<int>(std::lround(2 * kSearchDeg / kCoarseStepDeg));
  double best_angle = 0.0, best_score = -2.0;
  int best_step = 0;
  for (int k = 0; k <= steps; ++k) {
    const double angle = eye_line_deg - kSearchDeg + k * kCoarseStepDeg;
    const double score = symmetry_at(angle);
    if (score > best_score) {
      best_score = score;
      best_angle = angle;
      best_step = k;
    }
  }
  if (best_step == 0 || best_step == steps) return std::nullopt;  // at the search's edge
  const double before = symmetry_at(best_angle - kFineStepDeg);
  const double after = symmetry_at(best_angle + kFineStepDeg);
  const double curve = before - 2.0 * best_score + after;
  const double offset = curve < 0.0 ? std::clamp(0.5 * (before - after) / curve, -1.0, 1.0) : 0.0;
  return best_angle + offset * kFineStepDeg;
}

}  // namespace midline
