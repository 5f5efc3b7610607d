#include "vision/landmark_fitter.hpp"

#include <dlib/image_processing/shape_predictor.h>
#include <dlib/opencv/cv_image.h>
#include <dlib/serialize.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace midline {

// dlib's shape_predictor rounds its answer to whole pixels, which alone adds up to half a
// pixel of jitter per landmark. We read the same model file into the same parts and run
// dlib's own cascade (its public impl:: functions), keeping the result in sub-pixel floats.
struct LandmarkFitter::Impl {
  dlib::matrix<float, 0, 1> initial_shape;
  std::vector<std::vector<dlib::impl::regression_tree>> forests;
  std::vector<std::vector<unsigned long>> anchor_idx;
  std::vector<std::vector<dlib::vector<float, 2>>> deltas;
};

LandmarkFitter::LandmarkFitter(const std::string& model_path) : impl_(std::make_unique<Impl>()) {
  if (!std::filesystem::exists(model_path))
    throw std::runtime_error("face landmark model not found: " + model_path +
                             " (install the Debian package libdlib-data)");
  try {
    std::ifstream in(model_path, std::ios::binary);
    int version = 0;
    dlib::deserialize(version, in);
    if (version != 1) throw dlib::serialization_error("not a dlib shape predictor (version)");
    dlib::deserialize(impl_->initial_shape, in);
    dlib::deserialize(impl_->forests, in);
    dlib::deserialize(impl_->anchor_idx, in);
    dlib::deserialize(impl_->deltas, in);
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot read the face landmark model " + model_path + ": " +
                             e.what());
  }
  const long parts = impl_->initial_shape.size() / 2;
  if (parts != kLandmarkCount)
    throw std::runtime_error("the face landmark model " + model_path + " has " +
                             std::to_string(parts) + " points; Midline needs the 68-point model");
}

LandmarkFitter::~LandmarkFitter() = default;
LandmarkFitter::LandmarkFitter(LandmarkFitter&&) noexcept = default;
LandmarkFitter& LandmarkFitter::operator=(LandmarkFitter&&) noexcept = default;

Landmarks LandmarkFitter::fit(const cv::Mat& gray, const cv::Rect& box) const {
  using namespace dlib::impl;
  const dlib::cv_image<unsigned char> img(gray);
  const dlib::rectangle rect(box.x, box.y, box.x + box.width - 1, box.y + box.height - 1);
  dlib::matrix<float, 0, 1> shape = impl_->initial_shape;
  std::vector<float> feature_pixel_values;
  unsigned long leaf_index = 0;
  for (size_t level = 0; level < impl_->forests.size(); ++level) {
    extract_feature_pixel_values(img, rect, shape, impl_->initial_shape, impl_->anchor_idx[level],
                                 impl_->deltas[level], feature_pixel_values);
    for (const auto& tree : impl_->forests[level]) shape += tree(feature_pixel_values, leaf_index);
  }
  const dlib::point_transform_affine to_image = unnormalizing_tform(rect);
  Landmarks out;
  for (int i = 0; i < kLandmarkCount; ++i) {
    const dlib::vector<float, 2> p = to_image(location(shape, static_cast<unsigned long>(i)));
    out[i] = cv::Point2f(p.x(), p.y());
  }
  return out;
}

namespace {
constexpr float kBoxSideOverSpan = 1.04f;  // mean over 49 faces in dlib's example photos
constexpr float kBoxCentreDx = 0.0f;
constexpr float kBoxCentreDy = -0.107f;  // the box sits higher than the landmarks
}  // namespace

cv::Rect box_around(const Landmarks& l) {
  // dlib's HOG boxes are squares from the brows to just below the lower lip, centred a little
  // below the eyes. Fitted on frontal and turned faces: centre and side from landmark spans.
  float min_x = l[0].x, max_x = l[0].x, min_y = l[0].y, max_y = l[0].y;
  for (const auto& p : l) {
    min_x = std::min(min_x, p.x);
    max_x = std::max(max_x, p.x);
    min_y = std::min(min_y, p.y);
    max_y = std::max(max_y, p.y);
  }
  const float side = kBoxSideOverSpan * std::max(max_x - min_x, max_y - min_y);
  const float cx = 0.5f * (min_x + max_x) + kBoxCentreDx * side;
  const float cy = 0.5f * (min_y + max_y) + kBoxCentreDy * side;
  return cv::Rect(static_cast<int>(cx - side / 2), static_cast<int>(cy - side / 2),
                  static_cast<int>(side), static_cast<int>(side));
}

}  // namespace midline
