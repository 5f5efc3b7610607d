#pragma once
// dlib's 68-point shape predictor (an ensemble of regression trees). Loading the model takes
// about half a second and some 100 MB, so callers load it off the start-up path.

#include <memory>
#include <opencv2/core/mat.hpp>
#include <string>

#include "vision/landmarks.hpp"

namespace midline {

class LandmarkFitter {
 public:
  // Throws std::runtime_error naming the file when it is missing or not a shape predictor.
  explicit LandmarkFitter(const std::string& model_path);
  // What is wrong before any loading: the file is not there (and which package holds it);
  // empty when it is.
  static std::string missing_model_problem(const std::string& model_path);
  ~LandmarkFitter();
  LandmarkFitter(LandmarkFitter&&) noexcept;
  LandmarkFitter& operator=(LandmarkFitter&&) noexcept;

  // Fits the landmarks of the face in `box` (a detector-style box) in an 8-bit grey image.
  Landmarks fit(const cv::Mat& gray, const cv::Rect& box) const;

  // The detector-style box a face with these landmarks would have: how the tracker follows
  // a face from frame to frame without running the detector.
  cv::Rect box_for(const Landmarks& landmarks) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace midline
