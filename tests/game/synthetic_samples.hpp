#pragma once
// HeadSamples made to order for exercise tests: a trusted face at given angles, or a lost one.

#include <optional>

#include "pose/head_sample.hpp"

namespace midline::testing {

inline constexpr double kFrameS = 1.0 / 30.0;

inline HeadSample sample_at(double time_s, HeadAngles angles, double quality = 0.9) {
  HeadSample s;
  s.time_s = time_s;
  s.frame_index = static_cast<int64_t>(time_s * 30.0);
  s.quality = quality;
  s.calibrated = true;
  FaceMeasurement& face = s.face.emplace();
  face.angles = face.raw_angles = angles;
  return s;
}

inline HeadSample lost_at(double time_s) {
  HeadSample s;
  s.time_s = time_s;
  return s;
}

}  // namespace midline::testing
