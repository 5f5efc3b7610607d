#pragma once
// The 68 facial landmarks of the iBUG 300-W scheme, as dlib's shape predictor returns them.

#include <array>
#include <opencv2/core/types.hpp>

namespace midline {

inline constexpr int kLandmarkCount = 68;
using Landmarks = std::array<cv::Point2f, kLandmarkCount>;

// Index ranges of the scheme (first, one past last).
namespace landmark_range {
inline constexpr int jaw_begin = 0, jaw_end = 17;  // slides along the outline as the head turns
inline constexpr int brows_begin = 17, brows_end = 27;
inline constexpr int nose_begin = 27, nose_end = 36;
inline constexpr int eyes_begin = 36, eyes_end = 48;
inline constexpr int mouth_begin = 48, mouth_end = 68;
}  // namespace landmark_range

inline constexpr int kLeftEyeOuter = 36;   // image-left eye (the patient's right)
inline constexpr int kRightEyeOuter = 45;  // image-right eye (the patient's left)
inline constexpr int kNoseTip = 30;
inline constexpr int kChin = 8;

// Distance between the outer eye corners, the face's scale in pixels.
inline float eye_span_px(const Landmarks& l) {
  const cv::Point2f d = l[kRightEyeOuter] - l[kLeftEyeOuter];
  return std::sqrt(d.x * d.x + d.y * d.y);
}

}  // namespace midline
