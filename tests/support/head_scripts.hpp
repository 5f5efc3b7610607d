#pragma once
// Scripted head movements for rendered videos (make_head_video, the tests): the true angles
// at each moment, relative to facing the camera.

#include <algorithm>
#include <cmath>

#include "pose/head_pose.hpp"

namespace midline::testing {

// A head facing the camera, still: the camera check, a calibration's hold.
inline constexpr double kStillS = 10.0;

// Six seconds: turn right to 60°, left to -60°, back; nod down and up; a tilt each way; with
// a little of the other axes throughout, as heads move.
inline constexpr double kSweepS = 6.0;
inline HeadAngles sweep(double t) {
  const double pi = 3.14159265358979;
  HeadAngles a;
  if (t < 3.0) {
    a.rotation_deg = 60.0 * std::sin(2 * pi * t / 3.0);
    a.flexion_deg = 4.0 * std::sin(2 * pi * t / 1.5);
  } else if (t < 4.5) {
    a.flexion_deg = 35.0 * std::sin(2 * pi * (t - 3.0) / 1.5);
    a.rotation_deg = 5.0 * std::sin(2 * pi * (t - 3.0) / 1.5);
  } else {
    a.tilt_deg = 35.0 * std::sin(2 * pi * (t - 4.5) / 1.5);
    a.rotation_deg = 5.0 * std::sin(2 * pi * (t - 4.5) / 0.75);
  }
  return a;
}

// A calibration of a head resting 60° to the patient's left, past where its face is seen, as
// a patient asked to turn toward the screen does it (vision/calibration.hpp): 0-3.5 s at
// rest, turning to 10° by 5 s, holding still, looking around gently from 9 to 16 s, holding,
// then back to rest by 18.5 s and staying there.
inline constexpr double kRestingTurnedCalibrationS = 24.0;
inline constexpr double kRestingTurnedDeg = 60.0;
inline HeadAngles resting_turned_calibration(double t) {
  const double pi = 3.14159265358979;
  const auto between = [&](double t0, double t1, double from, double to) {
    return from + (to - from) * std::clamp((t - t0) / (t1 - t0), 0.0, 1.0);
  };
  HeadAngles a;
  a.rotation_deg = t < 17.0 ? between(3.5, 5.0, kRestingTurnedDeg, 10.0)
                            : between(17.0, 18.5, 10.0, kRestingTurnedDeg);
  if (t >= 9.0 && t < 16.0) {
    a.rotation_deg += 12 * std::sin(2 * pi * (t - 9.0) / 3.5);
    a.flexion_deg = 8 * std::sin(2 * pi * (t - 9.0) / 3.5 * 2);
  }
  return a;
}

}  // namespace midline::testing
