#pragma once
// A test fixture for the set-up check: a person's head, neck and shoulders in front of a room,
// drawn in 3D through a perspective camera with a known trunk lean, trunk turn and camera
// tilt. The trunk is stacked horizontal elliptical slices (neck, sloping shoulders, rounded
// shoulder tips, upper arms), each projected and filled; the head is drawn facing the camera.

#include <opencv2/core/mat.hpp>
#include <opencv2/core/types.hpp>

namespace midline::testing {

struct ShoulderScene {
  double trunk_lean_deg = 0.0;      // + = leaning to the patient's left, about the hips
  double trunk_rotation_deg = 0.0;  // + = chest turned toward the patient's left
  double camera_roll_deg = 0.0;     // + = the picture turned clockwise (level lines lower at
                                    // the image's right, the patient's left)
  double distance_mm = 800.0;       // camera to the neck
  double camera_below_eyes_mm = 60.0;
  int width = 640, height = 480;
  double focal_over_width = 0.9;
  bool room_lines = true;           // a shelf, a picture frame and a door frame behind
  unsigned seed = 1;
};

struct RenderedScene {
  cv::Mat bgr;
  cv::Rect2d face_box;  // eyebrows to chin, as the tracker's would be
};

RenderedScene render_shoulder_scene(const ShoulderScene& scene);

}  // namespace midline::testing
