#pragma once
// Finds faces with dlib's HOG detector. The tracker calls it only when the face is lost (or,
// cheaply, in a crop around the last face to confirm it is still a face).

#include <memory>
#include <opencv2/core/mat.hpp>
#include <optional>

namespace midline {

struct FaceDetection {
  cv::Rect box;
  double score = 0.0;  // detector confidence; above 0 is a confident face
  // The face is turned by this much in the image (clockwise on screen) and `box` is its box
  // turned upright about the box's centre: what LandmarkFitter::fit takes as its roll.
  double roll_deg = 0.0;
};

struct FaceFinderParams {
  // Faces narrower than about 80 px are missed at native size; the finder then retries on
  // a frame scaled up once, when the frame is small enough for that to stay affordable.
  int max_width_for_upsampling = 1000;
  double threshold = 0.0;
  // A lost face may be tilted far, past what the upright detector finds: find_lost also
  // searches the frame turned by this much each way (the detector itself takes some 20
  // degrees of roll either side of each view).
  double rolled_search_deg = 40.0;
};

class FaceFinder {
 public:
  explicit FaceFinder(FaceFinderParams params = {});
  ~FaceFinder();
  FaceFinder(FaceFinder&&) noexcept;
  FaceFinder& operator=(FaceFinder&&) noexcept;

  // The largest face in an 8-bit grey image, or none.
  std::optional<FaceDetection> find(const cv::Mat& gray) const;
  // A lost face, in one view per call so that no frame pays for more than one full-frame
  // search: upright, the frame turned one way, then the other, then round again.
  // `attempt` counts the calls since the face was lost (0 first). A face last seen in
  // `last_seen` is looked for in the turned views around there only (a head tilting far
  // moves its face about a face's width at most), at about half the cost of the whole frame;
  // the upright view, over the whole frame, finds a face that moved. It looks there for faces
  // down to kLostFaceNarrowest of the width last seen (the patient leaning back by half),
  // not smaller; only every kLostRoundsPerFullSearch-th upright view searches for faces of
  // any size (another patient, further away), as find() does at up to four times the cost.
  std::optional<FaceDetection> find_lost(const cv::Mat& gray, int attempt,
                                         std::optional<cv::Rect> last_seen = {}) const;
  static constexpr int kLostViews = 3;
  static constexpr double kLostFaceNarrowest = 2.0 / 3.0;
  static constexpr int kLostRoundsPerFullSearch = 4;

  // The largest face inside `region` (clipped to the image), at `threshold` (the tracker
  // confirms a followed face with a lower one). Cheap for a small region. A face known to be
  // turned by `roll_deg` in the image is looked for in the region turned upright. A face expected
  // to be about `face_width_px` wide (the detector's box) is looked for only at the sizes it may
  // have, from 0.8 to about 1.6 times that: the detector scans the region at every scale down
  // to its 80 px window, and the scales where such a face would be wider than
  // kCheckedFaceWidthPx, or much narrower than the window, are work spent where it cannot be.
  std::optional<FaceDetection> find_in(const cv::Mat& gray, cv::Rect region, double threshold,
                                       double roll_deg = 0.0, double face_width_px = 0.0) const;
  // Faces down to 80 px (the detector's window) are found: one a fifth smaller than expected.
  static constexpr double kCheckedFaceWidthPx = 100.0;
  // The detector's window: the narrowest face it finds without the image scaled up.
  static constexpr double kDetectorWindowPx = 80.0;

 private:
  // The upright view of a face last seen in `last_seen`: at its possible sizes only.
  std::optional<FaceDetection> find_seen_before(const cv::Mat& gray,
                                                const cv::Rect& last_seen) const;
  std::optional<FaceDetection> find_rolled(const cv::Mat& gray, double roll_deg,
                                           const std::optional<cv::Rect>& last_seen) const;

  struct Impl;
  std::unique_ptr<Impl> impl_;
  FaceFinderParams params_;
};

}  // namespace midline
