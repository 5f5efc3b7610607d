#pragma once
// What the tracker publishes for every camera frame, and all the game ever reads of it.

#include <cstdint>

#include "pose/head_pose.hpp"
#include "pose/tremor.hpp"

namespace midline {

// Below this quality an angle is shown as uncertain and never scored.
inline constexpr double kTrustedQuality = 0.5;

struct HeadSample {
  double time_s = 0.0;       // the frame's time, seconds since its source started
  int64_t frame_index = 0;
  bool face_found = false;   // false: the face is lost; every angle below is stale
  double quality = 0.0;      // 0..1; see kTrustedQuality
  bool calibrated = false;   // angles relative to a calibrated neutral (else: facing the camera)

  HeadAngles angles;         // smoothed, relative to neutral
  HeadAngles raw_angles;     // unsmoothed, relative to neutral
  double lateral_shift_mm = 0.0;  // + = toward the patient's left (image right)
  double forward_shift_mm = 0.0;  // + = toward the camera
  HeadPose pose;             // absolute, in the camera frame

  TremorEstimate tremor;
  bool lower_face_covered = false;  // a hand on the chin or cheek: a likely sensory trick

  bool trusted() const { return face_found && quality >= kTrustedQuality; }
};

}  // namespace midline
