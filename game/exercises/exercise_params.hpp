#pragma once
// The parameters of the first exercise types: what a level file sets and the exercise rules
// read. Degrees and seconds throughout. Safety limits are checked where levels are loaded;
// the catalogue (catalogue.hpp) joins each type's parameters into ExerciseParams.

#include <string>

#include "pose/tremor.hpp"  // Axis

namespace midline {

// Per-axis tolerance around the target, in degrees.
struct AxisTolerance {
  double rotation_deg = 15.0;
  double tilt_deg = 15.0;
  double flexion_deg = 15.0;
  bool operator==(const AxisTolerance&) const = default;
};

// Which way a movement goes, relative to the patient's dystonic pull.
enum class MovementDirection { away_from_pull, toward_pull, left, right, up, down };

// Keep the head within tolerance of the (calibrated) midline for hold_s, `repetitions` times.
struct HoldMidlineParams {
  AxisTolerance tolerance;
  double hold_s = 5.0;
  int repetitions = 10;
  double rest_between_s = 15.0;
  // Fading feedback: the scene is shown for this share of hold_s from each hold's start, then
  // the screen rests (no head feedback) until the hold ends, and only its result is shown.
  // 100: the whole hold; 50: the first half; 0: only a result at the end.
  int scene_shown_percent = 100;
  bool operator==(const HoldMidlineParams&) const = default;
};

// Follow a target that moves slowly along one axis to `amplitude_deg`, holds, and returns.
struct GuidedMovementParams {
  Axis axis = Axis::rotation;
  MovementDirection direction = MovementDirection::away_from_pull;
  double amplitude_deg = 10.0;         // how far the target goes from midline
  double speed_deg_per_s = 10.0;       // how fast the target moves (gentle: 10-20 at most)
  double hold_at_end_s = 3.0;          // pause at the end of the movement
  AxisTolerance tolerance;             // how close to the target counts as following it
  int repetitions = 6;
  double rest_between_s = 15.0;
  bool operator==(const GuidedMovementParams&) const = default;
};

// An assessment: move gently to where it is comfortable in each direction and back.
struct RangeCheckParams {
  double hold_at_end_s = 2.0;
  double settle_time_s = 1.0;  // how still the head must be to count a direction's end
  bool operator==(const RangeCheckParams&) const = default;
};

}  // namespace midline
