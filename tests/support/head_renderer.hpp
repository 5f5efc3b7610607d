#pragma once
// A whole head, neck and torso rendered through a webcam: ground truth for the tracker that
// fails the way real faces fail.
//
// The head's 3-D shape is Midline's own test geometry, independent of the solver's face
// model: a skull (an ellipsoid above the eyes), a lower face whose outline follows the
// photographed jaw, and a relief of nose, brow ridge, eye sockets, cheekbones, lips and chin
// placed at the photo's landmarks, each region's size drawn per face (about ±25%), not one
// global scale. The photograph is mapped onto the front of it through its landmarks (made
// left-right symmetric first, so facing the camera is well defined); hair, ears, a neck and
// a torso that stays still while the head turns about a pivot below and behind the eyes
// complete it. Optional: glasses, a knitted hat, hair over the forehead, a hand on the cheek
// or the chin. Then the webcam: 60° field of view at 640x480, coloured and side light,
// brightness drifting over tens of seconds, blur, sensor noise and MJPG (JPEG) compression.

#include <array>
#include <memory>
#include <opencv2/core/mat.hpp>
#include <string>
#include <vector>

#include "pose/head_pose.hpp"
#include "vision/landmarks.hpp"

namespace midline::testing {

// Per-region proportions: 1 is an average adult face by this renderer's own anthropometry.
struct HeadProportions {
  double eye_span_mm = 90.0;   // outer eye corners
  double nose = 1.0;           // protrusion of the nose
  double brow = 1.0;           // brow ridge
  double eye_sockets = 1.0;    // depth of the sockets
  double cheeks = 1.0;         // cheekbones
  double lips = 1.0;
  double chin = 1.0;
  double face_depth = 1.0;     // how far the sides of the face lie behind its front
  double head_width = 1.0;
  double head_length = 1.0;
  // Where the head turns on the neck (the upper cervical spine), from the outer eye corners'
  // midpoint: the tracker assumes 100 below and 90 behind, and its turns read long or short
  // by as much as a head's own pivot lies nearer or further.
  double neck_below_mm = 100.0;
  double neck_behind_mm = 90.0;
  // Draws each of the above independently, ±25% (eye span 86-96 mm, head size ±8%, the neck's
  // pivot ±15%), from `seed`.
  static HeadProportions random(unsigned seed);
};

enum class Hand { none, on_cheek, on_chin };

struct HeadLook {
  HeadProportions proportions;
  std::array<double, 3> hair_bgr{40, 50, 70};  // where the photo shows none above the forehead
  bool fringe = false;   // hair over the forehead, down to the brows
  bool glasses = false;
  bool hat = false;      // a knitted hat down to the forehead
  unsigned seed = 1;     // textures, background
};

struct Light {
  glm::dvec3 direction{0.3, -0.3, 1.0};  // toward which the light travels (camera frame)
  std::array<double, 3> colour_bgr{1.0, 1.0, 1.0};   // of the key light
  std::array<double, 3> ambient_bgr{0.45, 0.45, 0.45};
  double strength = 0.6;  // of the key light
};

struct Webcam {
  int width = 640, height = 480;
  double horizontal_fov_deg = 60.0;
  double blur_sigma = 0.7;
  double noise_sigma = 3.0;
  double brightness_drift = 0.06;   // ± this fraction ...
  double drift_period_s = 24.0;     // ... over this period
  int jpeg_quality = 85;            // about ffmpeg -q:v 3 MJPG; 0: no compression
  double focal_over_width() const;
};

// One frame's ground truth and conditions.
struct Shot {
  HeadAngles angles;   // of the head, relative to facing the camera squarely
  Hand hand = Hand::none;
  double time_s = 0.0;   // drives the brightness drift
  unsigned noise_seed = 1;
};

class HeadRenderer {
 public:
  // `photo` with the 68 landmarks of a roughly frontal face in it. `jaw_px`: how wide the
  // jaw (landmarks 0-16) appears facing the camera; the head is placed at that distance.
  HeadRenderer(const cv::Mat& photo, const Landmarks& photo_landmarks, HeadLook look,
               Light light = {}, Webcam webcam = {}, double jaw_px = 155.0);
  ~HeadRenderer();
  HeadRenderer(HeadRenderer&&) noexcept;

  cv::Mat render(const Shot& shot) const;
  // Without the webcam's blur, noise, drift and compression (to look at the geometry).
  cv::Mat render_clean(const Shot& shot) const;

  const Webcam& webcam() const;
  // The head's distance from the camera (eyes, mm) and the jaw's width in mm.
  double distance_mm() const;
  double jaw_width_mm() const;
  // Where the photo's 68 landmarks lie in the picture of the head at `angles`: the truth an
  // exact landmark fit would give (hidden ones included), to test what follows the fit.
  Landmarks landmarks_seen(const HeadAngles& angles) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace midline::testing
