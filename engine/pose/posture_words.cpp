#include "pose/posture_words.hpp"

#include <cmath>
#include <cstdio>

namespace midline {

std::string describe_posture(const HeadAngles& a) {
  // Only what a person would notice: under half a degree is left out.
  std::vector<std::string> parts;
  char s[64];
  if (std::abs(a.rotation_deg) >= 0.5) {
    std::snprintf(s, sizeof s, "turned %.0f deg to the %s", std::abs(a.rotation_deg),
                  a.rotation_deg > 0 ? "left" : "right");
    parts.push_back(s);
  }
  if (std::abs(a.tilt_deg) >= 0.5) {
    std::snprintf(s, sizeof s, "tilted %.0f deg to the %s", std::abs(a.tilt_deg),
                  a.tilt_deg > 0 ? "left" : "right");
    parts.push_back(s);
  }
  if (std::abs(a.flexion_deg) >= 0.5) {
    std::snprintf(s, sizeof s, "chin %.0f deg %s", std::abs(a.flexion_deg),
                  a.flexion_deg > 0 ? "down" : "up");
    parts.push_back(s);
  }
  if (parts.empty()) return "at the body midline";
  std::string out = parts[0];
  for (size_t i = 1; i < parts.size(); ++i) out += ", " + parts[i];
  return out;
}

std::vector<std::string> posture_parts(const HeadAngles& a) {
  std::vector<std::string> parts;
  auto part = [&](double deg, const char* positive, const char* negative) {
    const long whole = std::lround(std::abs(deg));
    if (whole >= 1) parts.push_back(std::to_string(whole) + "\u00B0 " + (deg > 0 ? positive : negative));
  };
  part(a.rotation_deg, "to your left", "to your right");
  part(a.tilt_deg, "toward your left shoulder", "toward your right shoulder");
  part(a.flexion_deg, "chin down", "chin up");
  return parts;
}

std::string describe_resting_posture(const HeadAngles& a) {
  const std::vector<std::string> parts = posture_parts(a);
  if (parts.empty()) return "Your head rests square to your body, at the body midline.";
  std::string out = "Your head rests about " + parts[0];
  for (size_t i = 1; i < parts.size(); ++i)
    out += (i + 1 == parts.size() ? " and " : ", ") + parts[i];
  return out + ".";
}

}  // namespace midline
