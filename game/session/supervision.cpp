#include "session/supervision.hpp"

#include <cmath>
#include <cstdio>

namespace midline {

namespace {

// Under half a degree reads as the midline, as describe_posture has it.
std::string side_words(double deg, const char* positive, const char* negative) {
  if (std::abs(deg) < 0.5) return "at the midline";
  char s[64];
  std::snprintf(s, sizeof s, "%.0f deg %s", std::abs(deg), deg > 0 ? positive : negative);
  return s;
}

}  // namespace

SupervisionReadout supervision_readout(const std::optional<HeadSample>& sample) {
  SupervisionReadout r;
  if (!sample || !sample->face) {
    r.quality = "face not seen";
    return r;
  }
  const HeadAngles& a = sample->face->angles;
  r.rotation = side_words(a.rotation_deg, "to the left", "to the right");
  r.tilt = side_words(a.tilt_deg, "to the left", "to the right");
  r.flexion = side_words(a.flexion_deg, "chin down", "chin up");
  r.trusted = sample->trusted();
  char s[96];
  if (sample->calibrated)
    std::snprintf(s, sizeof s, r.trusted ? "good (%.2f)" : "low (%.2f): not scored",
                  sample->quality);
  else  // no angle is trusted before calibration: whether it can start is what matters
    std::snprintf(s, sizeof s, "not calibrated yet; face %s (%.2f)",
                  sample->seen_clearly() ? "seen clearly" : "unclear", sample->clarity);
  r.quality = s;
  if (sample->tremor.present) {
    std::snprintf(s, sizeof s, "%.1f Hz, %.1f deg, mostly %s", sample->tremor.frequency_hz,
                  sample->tremor.amplitude_deg, axis_name(sample->tremor.axis));
    r.tremor = s;
  } else {
    r.tremor = "none seen";
  }
  r.sensory_trick = sample->face->lower_face_covered;
  return r;
}

}  // namespace midline
