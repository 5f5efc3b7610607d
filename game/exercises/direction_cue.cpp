#include "exercises/direction_cue.hpp"

#include <cmath>

namespace midline {

std::vector<DirectionCue> way_back(const HeadAngles& offset, const AxisTolerance& tolerance) {
  std::vector<DirectionCue> cues;
  auto add = [&](Axis axis, double off, double allowed, const char* toward_plus,
                 const char* toward_minus, float x_plus, float y_plus) {
    if (std::abs(off) <= allowed) return;
    const int sign = off > 0 ? -1 : 1;  // back, against the offset
    cues.push_back({axis, sign, sign > 0 ? toward_plus : toward_minus,
                    static_cast<float>(sign) * x_plus, static_cast<float>(sign) * y_plus});
  };
  add(Axis::rotation, offset.rotation_deg, tolerance.rotation_deg, "Turn a little to your left",
      "Turn a little to your right", -1.0f, 0.0f);
  add(Axis::tilt, offset.tilt_deg, tolerance.tilt_deg,
      "Tilt your head a little toward your left shoulder",
      "Tilt your head a little toward your right shoulder", -1.0f, 0.0f);
  add(Axis::flexion, offset.flexion_deg, tolerance.flexion_deg, "Lower your chin a little",
      "Raise your chin a little", 0.0f, 1.0f);
  return cues;
}

}  // namespace midline
