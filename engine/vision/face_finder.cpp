#include "vision/face_finder.hpp"

#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/opencv/cv_image.h>

#include <opencv2/imgproc.hpp>

namespace midline {

struct FaceFinder::Impl {
  // The detector's scan keeps scratch state, so each finder owns one; const methods use it.
  mutable dlib::frontal_face_detector detector = dlib::get_frontal_face_detector();
};

FaceFinder::FaceFinder(FaceFinderParams params) : impl_(std::make_unique<Impl>()), params_(params) {}
FaceFinder::~FaceFinder() = default;
FaceFinder::FaceFinder(FaceFinder&&) noexcept = default;
FaceFinder& FaceFinder::operator=(FaceFinder&&) noexcept = default;

namespace {

std::optional<FaceDetection> largest(const std::vector<dlib::rect_detection>& found, double scale,
                                     cv::Point offset) {
  std::optional<FaceDetection> best;
  for (const auto& d : found) {
    const dlib::rectangle& r = d.rect;
    const cv::Rect box(static_cast<int>(static_cast<double>(r.left()) / scale) + offset.x,
                       static_cast<int>(static_cast<double>(r.top()) / scale) + offset.y,
                       static_cast<int>(static_cast<double>(r.width()) / scale),
                       static_cast<int>(static_cast<double>(r.height()) / scale));
    if (!best || box.area() > best->box.area()) best = FaceDetection{box, d.detection_confidence};
  }
  return best;
}

}  // namespace

std::optional<FaceDetection> FaceFinder::find(const cv::Mat& gray) const {
  std::vector<dlib::rect_detection> found;
  impl_->detector(dlib::cv_image<unsigned char>(gray), found, params_.threshold);
  if (auto face = largest(found, 1.0, {})) return face;
  if (gray.cols > params_.max_width_for_upsampling) return std::nullopt;
  cv::Mat larger;
  cv::resize(gray, larger, {}, 2.0, 2.0, cv::INTER_LINEAR);
  impl_->detector(dlib::cv_image<unsigned char>(larger), found, params_.threshold);
  return largest(found, 2.0, {});
}

std::optional<FaceDetection> FaceFinder::find_in(const cv::Mat& gray, cv::Rect region,
                                                 double threshold) const {
  region &= cv::Rect(0, 0, gray.cols, gray.rows);
  if (region.width < 40 || region.height < 40) return std::nullopt;
  const cv::Mat crop = gray(region);
  std::vector<dlib::rect_detection> found;
  impl_->detector(dlib::cv_image<unsigned char>(crop), found, threshold);
  return largest(found, 1.0, region.tl());
}

}  // namespace midline
