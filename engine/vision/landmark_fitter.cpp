#include "vision/landmark_fitter.hpp"

#include <dlib/image_processing/shape_predictor.h>
#include <dlib/opencv/cv_image.h>
#include <dlib/serialize.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace midline {

// dlib's shape_predictor rounds its answer to whole pixels, which alone adds up to half a
// pixel of jitter per landmark. We read the same model file into the same parts and run
// dlib's cascade (its public impl:: functions for the pixels), keeping the result in sub-pixel
// floats.
struct LandmarkFitter::Impl {
  // One level of the cascade's trees, packed: every split and every leaf of all its trees in
  // one array each. dlib keeps each leaf in its own allocation (65 MB of them in all, one
  // leaf of each tree read per fit), and a fit spent most of its time waiting on memory.
  struct Split {
    uint32_t idx1, idx2;
    float thresh;
  };
  struct Forest {
    size_t trees = 0, splits_per_tree = 0;
    std::vector<Split> splits;  // tree by tree, in dlib's order (children of i: 2i+1, 2i+2)
    std::vector<float> leaves;  // tree by tree, leaf by leaf, a shape's worth each
  };
  dlib::matrix<float, 0, 1> initial_shape;
  std::vector<Forest> forests;
  std::vector<std::vector<unsigned long>> anchor_idx;
  std::vector<std::vector<dlib::vector<float, 2>>> deltas;

  static std::vector<Forest> read_forests(std::istream& in, size_t shape_size);
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
    impl_->forests =
        Impl::read_forests(in, static_cast<size_t>(impl_->initial_shape.size()));
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

std::vector<LandmarkFitter::Impl::Forest> LandmarkFitter::Impl::read_forests(std::istream& in,
                                                                             size_t shape_size) {
  // As dlib serialises a std::vector<std::vector<regression_tree>>: counts, then the trees;
  // each tree is packed as it is read, so the unpacked ones never all exist at once.
  unsigned long levels = 0;
  dlib::deserialize(levels, in);
  std::vector<Forest> forests(levels);
  for (Forest& forest : forests) {
    unsigned long trees = 0;
    dlib::deserialize(trees, in);
    forest.trees = trees;
    dlib::impl::regression_tree tree;
    for (unsigned long t = 0; t < trees; ++t) {
      deserialize(tree, in);  // the tree's own (a friend, found by its type)
      if (t == 0) {
        forest.splits_per_tree = tree.splits.size();
        forest.splits.reserve(trees * forest.splits_per_tree);
        forest.leaves.reserve(trees * (forest.splits_per_tree + 1) * shape_size);
      }
      if (tree.splits.size() != forest.splits_per_tree ||
          tree.leaf_values.size() != forest.splits_per_tree + 1)
        throw dlib::serialization_error("trees of one level differ in depth");
      for (const auto& split : tree.splits)
        forest.splits.push_back({static_cast<uint32_t>(split.idx1),
                                 static_cast<uint32_t>(split.idx2), split.thresh});
      for (const auto& leaf : tree.leaf_values) {
        if (static_cast<size_t>(leaf.size()) != shape_size)
          throw dlib::serialization_error("a leaf is not a shape");
        forest.leaves.insert(forest.leaves.end(), leaf.begin(), leaf.end());
      }
    }
  }
  return forests;
}

LandmarkFitter::~LandmarkFitter() = default;
LandmarkFitter::LandmarkFitter(LandmarkFitter&&) noexcept = default;
LandmarkFitter& LandmarkFitter::operator=(LandmarkFitter&&) noexcept = default;

namespace {

constexpr double kDegToRad = 3.14159265358979323846 / 180.0;

// `p` turned by `deg` (clockwise on screen: image y points down) about `centre`.
cv::Point2d turned(cv::Point2d p, cv::Point2d centre, double deg) {
  if (deg == 0.0) return p;  // exactly as without a roll
  const double c = std::cos(deg * kDegToRad), s = std::sin(deg * kDegToRad);
  const cv::Point2d d = p - centre;
  return centre + cv::Point2d(c * d.x - s * d.y, s * d.x + c * d.y);
}

// dlib's impl::extract_feature_pixel_values, with the box's unit square mapped into the image
// by `to_image` (which may turn it) instead of by the upright box alone.
void feature_pixel_values(const dlib::cv_image<unsigned char>& img,
                          const dlib::point_transform_affine& to_image,
                          const dlib::matrix<float, 0, 1>& current_shape,
                          const dlib::matrix<float, 0, 1>& reference_shape,
                          const std::vector<unsigned long>& anchor_idx,
                          const std::vector<dlib::vector<float, 2>>& deltas,
                          std::vector<float>& values) {
  const dlib::matrix<float, 2, 2> tform = dlib::matrix_cast<float>(
      dlib::impl::find_tform_between_shapes(reference_shape, current_shape).get_m());
  const dlib::rectangle area = dlib::get_rect(img);
  values.resize(deltas.size());
  for (size_t i = 0; i < deltas.size(); ++i) {
    const dlib::point p =
        to_image(tform * deltas[i] + dlib::impl::location(current_shape, anchor_idx[i]));
    values[i] = area.contains(p) ? static_cast<float>(img[p.y()][p.x()]) : 0.0f;
  }
}

}  // namespace

Landmarks LandmarkFitter::fit(const cv::Mat& gray, const cv::Rect& box,
                              double upright_roll_deg) const {
  using namespace dlib::impl;
  const dlib::cv_image<unsigned char> img(gray);
  const dlib::rectangle rect(box.x, box.y, box.x + box.width - 1, box.y + box.height - 1);
  // The unit square onto the box (as dlib does), then turned by the roll about its centre.
  const dlib::point_transform_affine upright = unnormalizing_tform(rect);
  const double c = std::cos(upright_roll_deg * kDegToRad), s = std::sin(upright_roll_deg * kDegToRad);
  dlib::matrix<double, 2, 2> turn;
  turn = c, -s, s, c;
  const dlib::dpoint centre = upright(dlib::dpoint(0.5, 0.5));
  const dlib::point_transform_affine to_image =
      upright_roll_deg == 0.0 ? upright
                              : dlib::point_transform_affine(turn * upright.get_m(),
                                                             turn * (upright.get_b() - centre) + centre);
  dlib::matrix<float, 0, 1> shape = impl_->initial_shape;
  const size_t shape_size = static_cast<size_t>(shape.size());
  float* const sum = &shape(0);
  std::vector<float> values;
  std::vector<const float*> leaf_of_tree;
  for (size_t level = 0; level < impl_->forests.size(); ++level) {
    feature_pixel_values(img, to_image, shape, impl_->initial_shape, impl_->anchor_idx[level],
                         impl_->deltas[level], values);
    // Each tree's leaf first (dlib's walk: left where the pixel difference is over the
    // threshold), then the leaves added in the trees' order, as dlib adds them; the leaves
    // a few trees on are fetched from memory while these are added.
    const Impl::Forest& forest = impl_->forests[level];
    const size_t splits = forest.splits_per_tree, leaf_floats = shape_size;
    leaf_of_tree.resize(forest.trees);
    for (size_t t = 0; t < forest.trees; ++t) {
      const Impl::Split* split = &forest.splits[t * splits];
      size_t i = 0;
      while (i < splits)
        i = values[split[i].idx1] - values[split[i].idx2] > split[i].thresh ? 2 * i + 1 : 2 * i + 2;
      leaf_of_tree[t] = &forest.leaves[(t * (splits + 1) + (i - splits)) * leaf_floats];
    }
    constexpr size_t kFetchAhead = 4;
    for (size_t t = 0; t < forest.trees; ++t) {
      if (t + kFetchAhead < forest.trees)
        for (size_t j = 0; j < leaf_floats; j += 16) __builtin_prefetch(leaf_of_tree[t + kFetchAhead] + j);
      const float* leaf = leaf_of_tree[t];
      for (size_t j = 0; j < leaf_floats; ++j) sum[j] += leaf[j];
    }
  }
  Landmarks out;
  for (int i = 0; i < kLandmarkCount; ++i) {
    const dlib::dpoint p = to_image(location(shape, static_cast<unsigned long>(i)));
    out[i] = cv::Point2f(static_cast<float>(p.x()), static_cast<float>(p.y()));
  }
  return out;
}

cv::Rect LandmarkFitter::box_for(const Landmarks& landmarks, double upright_roll_deg) const {
  // The predictor starts from its mean shape placed in the box, so the box that fits the
  // mean shape best to these landmarks (scale and shift, least squares) is the one it would
  // have been given: x = left + s * mean_x, y = top + s * mean_y. A rolled face is first
  // turned upright about its centroid; turning the box back about that point is the same as
  // turning it about its own centre after a shift, which is what fit() does.
  const auto& mean = impl_->initial_shape;
  cv::Point2d centroid(0, 0);
  for (const auto& p : landmarks) centroid += cv::Point2d(p) / kLandmarkCount;
  Landmarks l;
  for (int i = 0; i < kLandmarkCount; ++i)
    l[i] = cv::Point2f(turned(cv::Point2d(landmarks[i]), centroid, -upright_roll_deg));
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
  const cv::Point2d upright_centre(lx - side * mx + side / 2, ly - side * my + side / 2);
  const cv::Point2d centre = turned(upright_centre, centroid, upright_roll_deg);
  const double left = centre.x - side / 2, top = centre.y - side / 2;
  return cv::Rect(static_cast<int>(std::lround(left)), static_cast<int>(std::lround(top)),
                  static_cast<int>(std::lround(side)) + 1, static_cast<int>(std::lround(side)) + 1);
}

double LandmarkFitter::roll_deg_of(const Landmarks& landmarks) const {
  // Least-squares rotation between the centred mean shape and the centred landmarks.
  const auto& mean = impl_->initial_shape;
  double mx = 0, my = 0, lx = 0, ly = 0;
  for (int i = 0; i < kLandmarkCount; ++i) {
    mx += mean(2 * i) / kLandmarkCount;
    my += mean(2 * i + 1) / kLandmarkCount;
    lx += landmarks[i].x / kLandmarkCount;
    ly += landmarks[i].y / kLandmarkCount;
  }
  double cross = 0, dot = 0;
  for (int i = 0; i < kLandmarkCount; ++i) {
    const double ax = mean(2 * i) - mx, ay = mean(2 * i + 1) - my;
    const double bx = landmarks[i].x - lx, by = landmarks[i].y - ly;
    cross += ax * by - ay * bx;
    dot += ax * bx + ay * by;
  }
  return std::atan2(cross, dot) / kDegToRad;
}

}  // namespace midline
