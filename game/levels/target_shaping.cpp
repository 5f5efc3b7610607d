#include "levels/target_shaping.hpp"

#include <algorithm>
#include <cmath>

namespace midline {

HeadAngles TargetShaping::target(const std::optional<HeadAngles>& resting) const {
  const HeadAngles from = start ? *start : resting.value_or(HeadAngles{});
  auto shape = [&](double start_deg, Axis axis) {
    const int side = start_deg >= 0 ? 1 : -1;
    double magnitude = std::max(0.0, std::abs(start_deg) - step_deg * mastered_levels);
    if (const auto reach = range.toward(axis, side)) magnitude = std::min(magnitude, *reach);
    return side * std::min(magnitude, kTrustedTargetDeg);
  };
  return {shape(from.rotation_deg, Axis::rotation), shape(from.tilt_deg, Axis::tilt),
          shape(from.flexion_deg, Axis::flexion)};
}

}  // namespace midline
