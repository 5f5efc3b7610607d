#pragma once
// Per-session clinical indicators computed from the stored head samples, and where they fall on
// the TWSTRS severity bands. (The longest steady hold, which the TWSTRS time band grades, is
// measured by the exercise rules per repetition: see session_figures.hpp.) These are indicators for a clinician to look at, not a clinical
// rating: the camera sees the head during exercises, not a standardised examination.

#include <optional>
#include <span>
#include <string>

#include "storage/records.hpp"

namespace midline::storage {

struct IndicatorParams {
  double trusted_quality = 0.5;         // below this a sample is not measured (see HeadSample)
  double sustained_s = 0.3;             // an excursion counts when held this long (no glitches)
  double max_gap_s = 0.5;               // a longer gap between samples breaks a stretch
  double trick_merge_gap_s = 1.0;       // touches closer than this are one use of a trick
  double trick_min_s = 0.3;             // shorter covers of the lower face are not counted
  double tremor_min_fraction = 0.05;    // tremor reported when seen in this share of samples
};

struct SessionIndicators {
  // Largest excursion held for `sustained_s`, per direction, in degrees (0 when none).
  double rotation_left_deg = 0.0;  // chin toward the left shoulder
  double rotation_right_deg = 0.0;
  double tilt_left_deg = 0.0;  // left ear toward the left shoulder
  double tilt_right_deg = 0.0;
  double flexion_deg = 0.0;  // chin toward chest
  double extension_deg = 0.0;
  std::optional<double> tremor_hz;
  std::optional<double> tremor_amplitude_deg;
  int sensory_trick_count = 0;
  double tracked_s = 0.0;  // time with a trusted face

  double max_rotation_deg() const;
  double max_tilt_deg() const;
};

SessionIndicators compute_indicators(std::span<const StoredSample> samples,
                                     const IndicatorParams& params = {});

// TWSTRS severity bands (see shared CLINICAL.md). Each returns the band's score and a label.
struct TwstrsBand {
  int score = 0;
  std::string label;
};
TwstrsBand twstrs_rotation_band(double max_rotation_deg);    // 0..4: 1-22/23-45/46-67/68-90
TwstrsBand twstrs_laterocollis_band(double max_tilt_deg);    // 0..3: 1-15/16-35/>35
TwstrsBand twstrs_neutral_hold_band(double longest_hold_s);  // 0..4: >60/46-60/31-45/16-30/<=15

}  // namespace midline::storage
