#pragma once
// A posture from the body midline in words, one wording for every screen, command and report.
// The patient's own words speak to them ("25\u00B0 to your right"); a clinician's page turns
// "your" into "the patient's" (export::about_the_patient).

#include <string>
#include <vector>

#include "pose/head_pose.hpp"

namespace midline {

// A posture from the body midline in words: "turned 8 deg to the left, tilted 3 deg to the
// right, chin 2 deg down"; "at the body midline" when every angle is under half a degree.
std::string describe_posture(const HeadAngles& angles);
// A posture from the body midline in the patient's words, one part an axis, leaving out what
// rounds to 0: {"25° to your right", "8° toward your left shoulder"}.
std::vector<std::string> posture_parts(const HeadAngles& angles);
// The resting posture as calibration tells the patient: "Your head rests about 25° to your
// right and 8° toward your left shoulder."
std::string describe_resting_posture(const HeadAngles& resting);
// Said after it where the head rests turned further than the tracker is sure of.
inline constexpr const char* kRoughRestingPostureNote =
    "Your head rests turned further than Midline measures surely, so this is a rough figure. "
    "The exercises are measured surely nearer the body midline.";

}  // namespace midline
