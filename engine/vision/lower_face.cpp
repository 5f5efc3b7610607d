#include "vision/lower_face.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <opencv2/imgproc.hpp>

namespace midline {
namespace {

constexpr int kPatch = 32;  // pixels per side of the normalised region

}  // namespace

LowerFaceDescriptor describe_lower_face(const cv::Mat& gray, const Landmarks& l) {
  // Canonical frame: outer eye corners at (-1, 0) and (1, 0) in units of half the eye span,
  // nose tip where it is; the region spans x in [-0.9, 0.9] and from just below the nose
  // tip down past the chin.
  const cv::Point2f left = l[kLeftEyeOuter], right = l[kRightEyeOuter], nose = l[kNoseTip];
  const cv::Point2f across = (right - left) * 0.5f;               // one unit to the right
  const cv::Point2f mid = (left + right) * 0.5f;
  const cv::Point2f down = nose - mid;                              // eye line to nose tip
  // Region corners in the image: top-left, top-right, bottom-left.
  const cv::Point2f top = nose + down * 0.55f;
  const cv::Point2f bottom = nose + down * 1.75f;
  const cv::Point2f src[3] = {top - across * 0.9f, top + across * 0.9f, bottom - across * 0.9f};
  const cv::Point2f dst[3] = {{0, 0}, {kPatch, 0}, {0, kPatch}};
  cv::Mat patch;
  cv::warpAffine(gray, patch, cv::getAffineTransform(src, dst), {kPatch, kPatch}, cv::INTER_LINEAR,
                 cv::BORDER_REPLICATE);
  cv::Mat gx, gy;
  cv::Sobel(patch, gx, CV_32F, 1, 0);
  cv::Sobel(patch, gy, CV_32F, 0, 1);

  LowerFaceDescriptor d{};
  const int cell = kPatch / kLowerFaceCells;
  for (int y = 1; y < kPatch - 1; ++y)
    for (int x = 1; x < kPatch - 1; ++x) {
      const float dx = gx.at<float>(y, x), dy = gy.at<float>(y, x);
      const float magnitude = std::sqrt(dx * dx + dy * dy);
      double angle = std::atan2(dy, dx);
      if (angle < 0) angle += std::numbers::pi;  // unsigned: light or dark edges alike
      const int bin = std::min(kLowerFaceBins - 1,
                               static_cast<int>(angle / std::numbers::pi * kLowerFaceBins));
      d[static_cast<size_t>(((y / cell) * kLowerFaceCells + x / cell) * kLowerFaceBins + bin)] +=
          magnitude;
    }
  // Each cell normalised on its own (with a floor, so flat skin stays quiet): a hand that
  // flattens the chin changes its cells as much as the lips' strong edges change theirs.
  constexpr size_t kBins = kLowerFaceBins;
  double total = 0;
  for (float v : d) total += v;
  const double floor = 0.25 * total / (kLowerFaceCells * kLowerFaceCells);
  for (size_t c = 0; c < d.size(); c += kBins) {
    double norm = 0;
    for (size_t b = 0; b < kBins; ++b) norm += static_cast<double>(d[c + b]) * d[c + b];
    norm = std::sqrt(norm) + floor;
    for (size_t b = 0; b < kBins; ++b) d[c + b] = static_cast<float>(d[c + b] / norm);
  }
  double norm = 0;
  for (float v : d) norm += static_cast<double>(v) * v;
  norm = std::sqrt(norm);
  if (norm > 0)
    for (float& v : d) v = static_cast<float>(v / norm);
  return d;
}

double lower_face_change(const LowerFaceDescriptor& now, const LowerFaceDescriptor& reference) {
  double dot = 0;
  for (size_t i = 0; i < now.size(); ++i) dot += static_cast<double>(now[i]) * reference[i];
  return 1.0 - dot;
}

LowerFaceLook look_of_lower_face(const cv::Mat& gray, const Landmarks& l) {
  const cv::Point2f mid = (l[kLeftEyeOuter] + l[kRightEyeOuter]) * 0.5f;
  const float span = std::max(1.0f, eye_span_px(l));
  // In the eyes' own frame, so that a tilt of the head does not move the key.
  const cv::Point2f across = (l[kRightEyeOuter] - l[kLeftEyeOuter]) * (1.0f / span);
  const cv::Point2f down(-across.y, across.x);
  const cv::Point2f nose = l[kNoseTip] - mid;
  const double roll_deg = std::atan2(across.y, across.x) * 180.0 / std::numbers::pi;
  return {{nose.dot(across) / span, nose.dot(down) / span},
          describe_lower_face(gray, l),
          static_cast<float>(roll_deg)};
}

std::optional<double> lower_face_change(const LowerFaceLook& now,
                                        const std::vector<LowerFaceLook>& references) {
  constexpr float kNearEnough = 0.02f;  // in eye spans: a few degrees of rotation or flexion
  constexpr float kNearEnoughRollDeg = 5.0f;
  const LowerFaceLook* nearest = nullptr;
  float best = kNearEnough;
  for (const auto& r : references) {
    if (r.roll_deg && now.roll_deg && std::abs(*r.roll_deg - *now.roll_deg) > kNearEnoughRollDeg)
      continue;
    const cv::Point2f d = r.pose_key - now.pose_key;
    const float distance = std::sqrt(d.dot(d));
    if (distance <= best) {
      best = distance;
      nearest = &r;
    }
  }
  if (!nearest) return std::nullopt;
  return lower_face_change(now.descriptor, nearest->descriptor);
}

}  // namespace midline
