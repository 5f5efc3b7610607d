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
  // The model was trained on upright faces and fails on a head tilted far to one side, so a
  // face turned in the image by `upright_roll_deg` (clockwise on screen, as roll_deg_of
  // measures it) is fitted in its own upright frame: `box` is then the box of the face turned
  // upright about the box's centre, and the landmarks come back in image coordinates.
  Landmarks fit(const cv::Mat& gray, const cv::Rect& box, double upright_roll_deg = 0.0) const;

  // The detector-style box a face with these landmarks would have: how the tracker follows
  // a face from frame to frame without running the detector. With `upright_roll_deg`, the
  // box in the face's upright frame, for fit() with the same roll.
  cv::Rect box_for(const Landmarks& landmarks, double upright_roll_deg = 0.0) const;

  // How far the face with these landmarks is turned in the image plane, clockwise on screen
  // (the top of the head toward the image's right): the rotation that best takes the model's
  // upright mean face onto them. Near 0 for an upright face.
  double roll_deg_of(const Landmarks& landmarks) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace midline
