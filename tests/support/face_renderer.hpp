#pragma once
// A test fixture that renders a real face photograph as a textured 3D face at a known head
// pose, through a perspective camera: ground truth for the tracker's accuracy.
//
// The mesh takes its texture and its across-the-face shape from the photo's landmarks and
// its depth from the solver's generic model, scaled and roughened per face (so the solver's
// model never matches exactly), with rings around the face and a forehead so the detector
// and landmark fitter see a whole face. Each triangle is drawn by an affine warp, far ones
// first; back faces are culled.

#include <map>
#include <opencv2/core/mat.hpp>
#include <tuple>
#include <string>
#include <vector>

#include "pose/head_pose.hpp"
#include "vision/landmarks.hpp"

namespace midline::testing {

struct FaceShape {
  double depth_scale = 1.0;     // the face's depth relative to the solver's generic model
  double depth_noise_mm = 0.0;  // random per-point depth differences
  unsigned seed = 1;
};

struct RenderSettings {
  HeadAngles angles;                    // the ground truth
  glm::dvec3 position_mm{0, 0, 600};    // of the nose tip at neutral, camera frame
  int width = 640, height = 480;
  double focal_over_width = 0.85;       // the true camera (the tracker assumes 0.9)
  glm::dvec3 light_direction{0.3, -0.4, 1.0};  // toward which light travels (camera frame)
  double light_strength = 0.3;          // 0: flat; 1: full Lambert shading
  double noise_sigma = 3.0;             // sensor noise, grey levels
  double blur_sigma = 0.6;
  int background = 0;                   // which of a few backgrounds
  bool hand_over_chin = false;          // a skin-coloured hand covering the lower face
  unsigned noise_seed = 1;
};

class FaceRenderer {
 public:
  // `photo` with the 68 landmarks of the face in it.
  FaceRenderer(cv::Mat photo, const Landmarks& photo_landmarks, FaceShape shape);
  cv::Mat render(const RenderSettings& settings) const;

  // The astronaut photograph (Debian's python3-skimage), or an empty path when it has not
  // been fetched; tests skip with `missing_photo_message()` then.
  static std::string photo_path();
  static std::string missing_photo_message();

 private:
  struct Vertex {
    cv::Point2f texture;
    glm::dvec3 head_mm;  // head frame, nose tip at the origin
  };
  cv::Mat photo_;
  std::vector<Vertex> vertices_;
  std::vector<cv::Vec3i> triangles_;
  std::vector<int> chin_vertices_;  // where a hand goes
  mutable std::map<std::tuple<int, int, int>, cv::Mat> backgrounds_;  // by kind and size
};

}  // namespace midline::testing
