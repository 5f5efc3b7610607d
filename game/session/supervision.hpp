#pragma once
// A supervised session (inpatient ward): what the clinician's panel beside the game shows, as
// plain values (what it keeps is the station's: session/ward_station.hpp). No ImGui here, so it is tested without a window; the panel itself is
// screens/supervision_panel.cpp.

#include <optional>
#include <string>
#include <vector>

#include "pose/head_sample.hpp"

namespace midline {

// The live numbers for the clinician, in words that need no convention to read.
struct SupervisionReadout {
  // "-" while the face is not seen (its angles are stale).
  std::string rotation{"-"};  // "12 deg to the left", "at the midline"
  std::string tilt{"-"};
  std::string flexion{"-"};
  std::string quality;        // "good (0.92)", "low (0.41): not scored", "face not seen",
                              // "not calibrated yet; face seen clearly (0.92)"
  std::string tremor{"-"};    // "none seen", "4.2 Hz, 1.3 deg, mostly rotation"
  bool trusted = false;  // the angles can be relied on (and are scored)
  bool sensory_trick = false;  // a hand on the chin or cheek
};

SupervisionReadout supervision_readout(const std::optional<HeadSample>& sample);

}  // namespace midline
