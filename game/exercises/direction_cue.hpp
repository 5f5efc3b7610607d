#pragma once
// Out of the zone, which way back: for each axis the head is outside its tolerance, the way
// to move (in the patient's own frame) in words, and which way an arrow on the screen points.
// The screen is read as a mirror (the patient's left is the screen's left), as the demo keys
// and the camera preview are.

#include <string>
#include <vector>

#include "exercises/exercise_params.hpp"
#include "pose/head_pose.hpp"

namespace midline {

struct DirectionCue {
  Axis axis = Axis::rotation;
  int sign = 1;           // the way to move: + = toward the patient's left (rotation, tilt), chin down
  std::string words;      // "Turn a little to your left"
  float arrow_x = 0.0f;   // on the screen: -1 left, +1 right
  float arrow_y = 0.0f;   // -1 up, +1 down
};

// `offset`: the head's angles less the target's (HoldMidline::offset()). Empty when the head is
// within `tolerance` on every axis.
std::vector<DirectionCue> way_back(const HeadAngles& offset, const AxisTolerance& tolerance);

}  // namespace midline
