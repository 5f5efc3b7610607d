#pragma once
// What the tracker publishes for every camera frame, and all the game ever reads of it.

#include <algorithm>
#include <cstdint>
#include <optional>

#include "pose/head_pose.hpp"
#include "pose/tremor.hpp"

namespace midline {

// Below this quality an angle is shown as uncertain and never scored; below this clarity a face
// is not seen well enough to set up the camera or calibrate on.
inline constexpr double kTrustedQuality = 0.5;
inline constexpr double kClearFace = 0.5;
// Before calibration the angles are read on a generic face model, and no angle is trusted:
// facing the camera squarely it reads the test heads' faces as nodding -27 to +24 degrees, and
// their turns past 5 degrees mostly more than 5 degrees off (docs/tracker-record.md).
inline constexpr double kUncalibratedQuality = 0.4;

// The angles' quality for a face seen with `clarity`: the same once calibrated.
inline double angles_quality(double clarity, bool calibrated) {
  return calibrated ? clarity : std::min(clarity, kUncalibratedQuality);
}

// What one frame measured of a face it found. It exists only while the face is seen, so a
// lost face has no angles to read (never zeros, never the last ones seen).
struct FaceMeasurement {
  HeadAngles angles;         // smoothed, relative to neutral
  HeadAngles raw_angles;     // unsmoothed, relative to neutral
  double lateral_shift_mm = 0.0;  // + = toward the patient's left (image right)
  double forward_shift_mm = 0.0;  // + = toward the camera
  HeadPose pose;             // absolute, in the camera frame
  bool lower_face_covered = false;  // a hand on the chin or cheek: a likely sensory trick
};

struct HeadSample {
  double time_s = 0.0;       // the frame's time, seconds since its source started
  int64_t frame_index = 0;
  double quality = 0.0;  // 0..1, how far the angles are trusted, 0 while the face is lost
  // 0..1, how clearly the face is seen: the quality, but before calibration not held down to
  // kUncalibratedQuality (the camera page and calibration's hold need a face seen clearly).
  double clarity = 0.0;
  bool calibrated = false;   // angles relative to a calibrated neutral (else: facing the camera)

  std::optional<FaceMeasurement> face;  // empty: the face is lost
  TremorEstimate tremor;     // over the last seconds; not present while the face is lost

  bool trusted() const { return face && quality >= kTrustedQuality; }
  bool seen_clearly() const { return face && clarity >= kClearFace; }
};

}  // namespace midline
