#pragma once
// The safety limits' numbers every level keeps, from shared/CLINICAL.md: the catalogue's fields
// and the level checks (levels/safety_limits.hpp) both use them.

#include "pose/tremor.hpp"  // Axis

namespace midline {

// The textbook normal active range from the midline (shared CLINICAL.md): rotation 80 and
// lateral flexion 45 degrees each way, flexion (chin down, side +1) 50, extension 80.
constexpr double textbook_range_deg(Axis axis, int side) {
  switch (axis) {
    case Axis::rotation: return 80.0;
    case Axis::tilt: return 45.0;
    case Axis::flexion: return side > 0 ? 50.0 : 80.0;
  }
  return 0.0;
}

namespace limits {
inline constexpr double kMinToleranceDeg = 5.0;  // tracker error + error of finding neutral
inline constexpr double kMaxToleranceDeg = 30.0;
inline constexpr double kMaxSpeedDegPerS = 20.0;  // guided movements: 10-20 deg/s at most
inline constexpr double kLongEffortS = 30.0;      // a hold or movement this long is "long"
inline constexpr double kMinRestAfterLongEffortS = 15.0;
inline constexpr double kMaxLevelDurationS = 15.0 * 60.0;  // sessions are 10-15 minutes
// Guided-movement amplitude caps: half the textbook range on each axis (rotation 80,
// lateral flexion 45, flexion 50 deg), the top of "30-50% of the patient's range".
inline constexpr double kMaxAmplitudeRotationDeg = 40.0;
inline constexpr double kMaxAmplitudeTiltDeg = 22.0;
inline constexpr double kMaxAmplitudeFlexionDeg = 25.0;
}  // namespace limits

}  // namespace midline
