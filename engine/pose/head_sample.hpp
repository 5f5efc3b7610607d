#pragma once
// What the tracker publishes for every camera frame, and all the game ever reads of it.

#include <cstdint>
#include <optional>

#include "pose/head_pose.hpp"
#include "pose/tremor.hpp"

namespace midline {

// Below this quality an angle is shown as uncertain and never scored.
inline constexpr double kTrustedQuality = 0.5;

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
  double quality = 0.0;      // 0..1, 0 while the face is lost; see kTrustedQuality
  bool calibrated = false;   // angles relative to a calibrated neutral (else: facing the camera)

  std::optional<FaceMeasurement> face;  // empty: the face is lost
  TremorEstimate tremor;     // over the last seconds; not present while the face is lost

  bool trusted() const { return face && quality >= kTrustedQuality; }
};

}  // namespace midline
