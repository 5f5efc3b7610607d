#pragma once
// Finds faces with dlib's HOG detector. The tracker calls it only when the face is lost (or,
// cheaply, in a crop around the last face to confirm it is still a face).

#include <memory>
#include <optional>
#include <opencv2/core/mat.hpp>

namespace midline {

struct FaceDetection {
  cv::Rect box;
  double score = 0.0;  // detector confidence; above 0 is a confident face
};

struct FaceFinderParams {
  // Faces narrower than about 80 px are missed at native size; the finder then retries on
  // a frame scaled up once, when the frame is small enough for that to stay affordable.
  int max_width_for_upsampling = 1000;
  double threshold = 0.0;
};

class FaceFinder {
 public:
  explicit FaceFinder(FaceFinderParams params = {});
  ~FaceFinder();
  FaceFinder(FaceFinder&&) noexcept;
  FaceFinder& operator=(FaceFinder&&) noexcept;

  // The largest face in an 8-bit grey image, or none.
  std::optional<FaceDetection> find(const cv::Mat& gray) const;
  // The largest face inside `region` (clipped to the image), with a lower threshold: used to
  // confirm a tracked face. Cheap for a small region.
  std::optional<FaceDetection> find_in(const cv::Mat& gray, cv::Rect region,
                                       double threshold) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  FaceFinderParams params_;
};

}  // namespace midline
