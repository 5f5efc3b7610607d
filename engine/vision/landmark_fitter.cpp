#include "vision/landmark_fitter.hpp"

#include <dlib/image_processing/shape_predictor.h>
#include <dlib/opencv/cv_image.h>
#include <dlib/serialize.h>

#include <algorithm>
#include <cmath>
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

std::string LandmarkFitter::missing_model_problem(const std::string& model_path) {
  if (std::filesystem::exists(model_path)) return {};
  return "face landmark model not found: " + model_path +
         " (install the Debian package libdlib-data)";
}

LandmarkFitter::LandmarkFitter(const std::string& model_path) : impl_(std::make_unique<Impl>()) {
  if (const std::string problem = missing_model_problem(model_path); !problem.empty())
    throw std::runtime_error(problem);
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

cv::Rect LandmarkFitter::box_for(const Landmarks& l) const {
  // The predictor starts from its mean shape placed in the box, so the box that fits the
  // mean shape best to these landmarks (scale and shift, least squares) is the one it would
  // have been given: x = left + s * mean_x, y = top + s * mean_y.
  const auto& mean = impl_->initial_shape;
  double mx = 0, my = 0, lx = 0, ly = 0;
  for (int i = 0; i < kLandmarkCount; ++i) {
    mx += mean(2 * i);
    my += mean(2 * i + 1);
    lx += l[i].x;
    ly += l[i].y;
  }
  mx /= kLandmarkCount;
  my /= kLandmarkCount;
  lx /= kLandmarkCount;
  ly /= kLandmarkCount;
  double num = 0, den = 0;
  for (int i = 0; i < kLandmarkCount; ++i) {
    const double dx = mean(2 * i) - mx, dy = mean(2 * i + 1) - my;
    num += dx * (l[i].x - lx) + dy * (l[i].y - ly);
    den += dx * dx + dy * dy;
  }
  const double side = num / den;
  const double left = lx - side * mx, top = ly - side * my;
  return cv::Rect(static_cast<int>(std::lround(left)), static_cast<int>(std::lround(top)),
                  static_cast<int>(std::lround(side)) + 1, static_cast<int>(std::lround(side)) + 1);
}

}  // namespace midline
