#include "storage/indicators.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "pose/median.hpp"

namespace midline::storage {
namespace {

// Measured, and in the neutral's frame: angles before calibration are relative to the camera.
bool trusted(const StoredSample& s, const IndicatorParams& p) {
  return !s.face_lost && s.calibrated && s.quality >= p.trusted_quality;
}

// The largest value v such that `signed_value(sample) >= v` for a stretch of at least
// `sustained_s` of consecutive trusted samples.
template <typename Value>
double sustained_excursion(std::span<const StoredSample> samples, const IndicatorParams& p,
                           Value signed_value) {
  double best = 0.0;
  for (size_t i = 0; i < samples.size(); ++i) {
    if (!trusted(samples[i], p)) continue;
    double low = signed_value(samples[i]);
    bool long_enough = false;
    for (size_t j = i + 1; j < samples.size() && low > best; ++j) {
      const StoredSample& s = samples[j];
      if (!trusted(s, p) || s.t_s - samples[j - 1].t_s > p.max_gap_s) break;
      low = std::min(low, signed_value(s));
      if (s.t_s - samples[i].t_s >= p.sustained_s) {
        long_enough = true;
        break;
      }
    }
    if (long_enough) best = std::max(best, low);
  }
  return best;
}

}  // namespace

double SessionIndicators::max_rotation_deg() const {
  return std::max(rotation_left_deg, rotation_right_deg);
}
double SessionIndicators::max_tilt_deg() const {
  return std::max(tilt_left_deg, tilt_right_deg);
}

SessionIndicators compute_indicators(std::span<const StoredSample> samples,
                                     const IndicatorParams& p) {
  SessionIndicators out;
  out.rotation_left_deg = sustained_excursion(samples, p, [](auto& s) { return s.rotation_deg; });
  out.rotation_right_deg = sustained_excursion(samples, p, [](auto& s) { return -s.rotation_deg; });
  out.tilt_left_deg = sustained_excursion(samples, p, [](auto& s) { return s.tilt_deg; });
  out.tilt_right_deg = sustained_excursion(samples, p, [](auto& s) { return -s.tilt_deg; });
  out.flexion_deg = sustained_excursion(samples, p, [](auto& s) { return s.flexion_deg; });
  out.extension_deg = sustained_excursion(samples, p, [](auto& s) { return -s.flexion_deg; });

  // One pass for tracked time, tremor and sensory tricks.
  std::optional<double> trick_start, trick_last;
  std::vector<double> tremor_hz, tremor_amplitude;
  size_t trusted_count = 0;
  auto close_trick = [&] {
    if (trick_start && *trick_last - *trick_start >= p.trick_min_s) ++out.sensory_trick_count;
    trick_start.reset();
  };
  for (size_t i = 0; i < samples.size(); ++i) {
    const StoredSample& s = samples[i];
    const bool gap = i > 0 && s.t_s - samples[i - 1].t_s > p.max_gap_s;
    const bool ok = trusted(s, p);
    if (ok) {
      ++trusted_count;
      if (i > 0 && !gap && trusted(samples[i - 1], p)) out.tracked_s += s.t_s - samples[i - 1].t_s;
      if (s.tremor_hz && s.tremor_amplitude_deg) {
        tremor_hz.push_back(*s.tremor_hz);
        tremor_amplitude.push_back(*s.tremor_amplitude_deg);
      }
    }

    if (s.sensory_trick) {
      if (trick_start && s.t_s - *trick_last > p.trick_merge_gap_s) close_trick();
      if (!trick_start) trick_start = s.t_s;
      trick_last = s.t_s;
    }
  }
  close_trick();

  if (trusted_count > 0 && static_cast<double>(tremor_hz.size()) >=
                               p.tremor_min_fraction * static_cast<double>(trusted_count)) {
    out.tremor_hz = median(tremor_hz);
    out.tremor_amplitude_deg = median(tremor_amplitude);
  }
  return out;
}

// Bands use whole degrees as TWSTRS writes them: 22.4 is in 1-22, 22.6 rounds to 23.
TwstrsBand twstrs_rotation_band(double max_rotation_deg) {
  const double d = std::round(max_rotation_deg);
  if (d < 1) return {0, "none (<1 deg)"};
  if (d <= 22) return {1, "slight (1-22 deg)"};
  if (d <= 45) return {2, "mild (23-45 deg)"};
  if (d <= 67) return {3, "moderate (46-67 deg)"};
  return {4, "severe (68-90 deg)"};
}

TwstrsBand twstrs_laterocollis_band(double max_tilt_deg) {
  const double d = std::round(max_tilt_deg);
  if (d < 1) return {0, "none (<1 deg)"};
  if (d <= 15) return {1, "mild (1-15 deg)"};
  if (d <= 35) return {2, "moderate (16-35 deg)"};
  return {3, "severe (>35 deg)"};
}

TwstrsBand twstrs_neutral_hold_band(double longest_hold_s) {
  const double s = std::floor(longest_hold_s);  // a hold counts in whole seconds reached
  if (s > 60) return {0, ">60 s"};
  if (s >= 46) return {1, "46-60 s"};
  if (s >= 31) return {2, "31-45 s"};
  if (s >= 16) return {3, "16-30 s"};
  return {4, "<=15 s"};
}

}  // namespace midline::storage
