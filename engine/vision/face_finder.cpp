#include "vision/face_finder.hpp"

#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/opencv/cv_image.h>

#include <opencv2/imgproc.hpp>

#include <cmath>

namespace midline {

namespace {

// dlib builds its detector by decompressing it, which takes about half a second: done once,
// and each finder copies it.
const dlib::frontal_face_detector& decompressed_detector() {
  static const dlib::frontal_face_detector detector = dlib::get_frontal_face_detector();
  return detector;
}

// The same detector searching only the first few scales it is given.
dlib::frontal_face_detector limited_to_levels(const dlib::frontal_face_detector& full,
                                              unsigned long levels) {
  dlib::frontal_face_detector::image_scanner_type scanner;
  scanner.copy_configuration(full.get_scanner());
  scanner.set_max_pyramid_levels(levels);
  std::vector<dlib::frontal_face_detector::feature_vector_type> weights;
  for (unsigned long i = 0; i < full.num_detectors(); ++i) weights.push_back(full.get_w(i));
  return dlib::frontal_face_detector(scanner, full.get_overlap_tester(), weights);
}

}  // namespace

struct FaceFinder::Impl {
  // The detector's scan keeps scratch state, so each finder owns one; const methods use it.
  mutable dlib::frontal_face_detector detector = decompressed_detector();
  // Four scales cover faces from 0.8 to about 1.6 times the size expected: the region
  // checked is not much larger than that.
  mutable dlib::frontal_face_detector detector_at_size = limited_to_levels(detector, 4);

  // The detector's own search, skipping its first `skipped_levels` scales: the image is
  // brought down its pyramid (the same steps the detector takes) and searched from there,
  // so every scale searched is exactly as in the full search. At a face's size, only the
  // next few scales are searched too.
  std::vector<dlib::rect_detection> detect(const cv::Mat& gray, double threshold,
                                           int skipped_levels, bool at_size) const {
    std::vector<dlib::rect_detection> found;
    auto& searcher = at_size ? detector_at_size : detector;
    if (skipped_levels <= 0) {
      searcher(dlib::cv_image<unsigned char>(gray), found, threshold);
      return found;
    }
    const dlib::pyramid_down<6> down;
    dlib::array2d<unsigned char> level, next;
    down(dlib::cv_image<unsigned char>(gray), level);
    for (int i = 1; i < skipped_levels; ++i) {
      down(level, next);
      dlib::swap(level, next);
    }
    searcher(level, found, threshold);
    for (auto& d : found) d.rect = down.rect_up(d.rect, static_cast<unsigned>(skipped_levels));
    return found;
  }
};

FaceFinder::FaceFinder(FaceFinderParams params)
    : impl_(std::make_unique<Impl>()), params_(params) {}
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

// A part of the image turned upright for a face rolled by `roll_deg` (clockwise on screen),
// and the way back from a box found in it.
struct UprightView {
  cv::Mat image;
  cv::Mat to_image;  // 2x3 affine: view -> image
  double roll_deg = 0.0;

  std::optional<FaceDetection> back_in_image(std::optional<FaceDetection> face) const {
    if (!face) return face;
    const cv::Rect& b = face->box;
    const cv::Matx23d m = to_image;
    const cv::Point2d c(b.x + b.width / 2.0, b.y + b.height / 2.0);
    const cv::Point2d centre(m(0, 0) * c.x + m(0, 1) * c.y + m(0, 2),
                             m(1, 0) * c.x + m(1, 1) * c.y + m(1, 2));
    face->box =
        cv::Rect(static_cast<int>(std::lround(centre.x - b.width / 2.0)),
                 static_cast<int>(std::lround(centre.y - b.height / 2.0)), b.width, b.height);
    face->roll_deg = roll_deg;
    return face;
  }
};

// Turns only `region` (about its centre), so a small region stays cheap.
UprightView upright_view(const cv::Mat& gray, const cv::Rect& region, double roll_deg) {
  UprightView view;
  view.roll_deg = roll_deg;
  const cv::Point2f centre(static_cast<float>(region.x + region.width / 2.0),
                           static_cast<float>(region.y + region.height / 2.0));
  // OpenCV's positive angle turns counter-clockwise on screen: undoing a clockwise roll.
  cv::Mat to_view = cv::getRotationMatrix2D(centre, roll_deg, 1.0);
  to_view.at<double>(0, 2) -= region.x;
  to_view.at<double>(1, 2) -= region.y;
  cv::warpAffine(gray, view.image, to_view, region.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  cv::invertAffineTransform(to_view, view.to_image);
  return view;
}

// How many of the detector's first scales (each 5/6 of the one before) can be skipped while a
// face `width_px` wide still appears at least `least_px` wide at the first scale searched.
int scales_to_skip(double width_px, double least_px) {
  int skipped = 0;
  while (width_px * std::pow(5.0 / 6.0, skipped + 1) >= least_px) ++skipped;
  return skipped;
}

// Where a lost face is looked for near where it was last seen: a square three face widths
// wide about it (a head tilting or turning far moves its face about a face's width at most).
cv::Rect around(const cv::Rect& last_seen, cv::Size frame) {
  const int side = 3 * std::max(last_seen.width, last_seen.height);
  const cv::Point centre = (last_seen.tl() + last_seen.br()) / 2;
  return cv::Rect(centre.x - side / 2, centre.y - side / 2, side, side) &
         cv::Rect(0, 0, frame.width, frame.height);
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

std::optional<FaceDetection> FaceFinder::find_lost(const cv::Mat& gray, int attempt,
                                                   std::optional<cv::Rect> last_seen) const {
  switch (attempt % kLostViews) {
    case 0:
      if (!last_seen || last_seen->empty() ||
          (attempt / kLostViews) % kLostRoundsPerFullSearch == kLostRoundsPerFullSearch - 1) {
        return find(gray);
      }
      return find_seen_before(gray, *last_seen);
    case 1:
      return find_rolled(gray, params_.rolled_search_deg, last_seen);
    default:
      return find_rolled(gray, -params_.rolled_search_deg, last_seen);
  }
}

std::optional<FaceDetection> FaceFinder::find_seen_before(const cv::Mat& gray,
                                                          const cv::Rect& last_seen) const {
  // The scales where even the narrowest face expected is wider than the detector's window
  // are skipped: each is the costliest left.
  const double narrowest = kLostFaceNarrowest * last_seen.width;
  const int skipped_levels = scales_to_skip(narrowest, kDetectorWindowPx);
  if (auto face = largest(impl_->detect(gray, params_.threshold, skipped_levels, false), 1.0, {}))
    return face;
  if (narrowest >= kDetectorWindowPx || gray.cols > params_.max_width_for_upsampling)
    return std::nullopt;
  // A face small enough to need the frame scaled up, which over the whole frame costs about
  // four times the search above: scaled up only around where it was.
  const cv::Rect region = around(last_seen, gray.size());
  if (region.width < 40 || region.height < 40) return std::nullopt;
  cv::Mat larger;
  cv::resize(gray(region), larger, {}, 2.0, 2.0, cv::INTER_LINEAR);
  return largest(impl_->detect(larger, params_.threshold, 0, false), 2.0, region.tl());
}

std::optional<FaceDetection> FaceFinder::find_rolled(
    const cv::Mat& gray, double roll_deg, const std::optional<cv::Rect>& last_seen) const {
  cv::Rect region(0, 0, gray.cols, gray.rows);
  if (last_seen && !last_seen->empty()) {
    region = around(*last_seen, gray.size());
    if (region.width < kDetectorWindowPx || region.height < kDetectorWindowPx)
      region = cv::Rect(0, 0, gray.cols, gray.rows);
  }
  return find_in(gray, region, params_.threshold, roll_deg);
}

std::optional<FaceDetection> FaceFinder::find_in(const cv::Mat& gray, cv::Rect region,
                                                 double threshold, double roll_deg,
                                                 double face_width_px) const {
  region &= cv::Rect(0, 0, gray.cols, gray.rows);
  if (region.width < 40 || region.height < 40) return std::nullopt;
  const bool at_size = face_width_px > 0.0;
  const int skipped_levels = scales_to_skip(face_width_px, kCheckedFaceWidthPx);
  if (roll_deg == 0.0) {
    const cv::Mat crop = gray(region);
    return largest(impl_->detect(crop, threshold, skipped_levels, at_size), 1.0, region.tl());
  }
  const UprightView view = upright_view(gray, region, roll_deg);
  return view.back_in_image(
      largest(impl_->detect(view.image, threshold, skipped_levels, at_size), 1.0, {}));
}

}  // namespace midline
