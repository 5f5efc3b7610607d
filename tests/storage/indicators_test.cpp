#include "storage/indicators.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace midline::storage {
namespace {

// A session at 25 samples a second whose angles come from `angles(t)`.
template <typename Angles>
std::vector<StoredSample> session(double seconds, Angles angles) {
  std::vector<StoredSample> out;
  for (int i = 0; i * 0.04 <= seconds; ++i) {
    StoredSample s;
    s.t_s = i * 0.04;
    s.quality = 0.9;
    angles(s.t_s, s);
    out.push_back(s);
  }
  return out;
}

TEST(Indicators, ExcursionsArePerDirectionAndIgnoreOneFrameGlitches) {
  auto samples = session(30, [](double t, StoredSample& s) {
    s.rotation_deg = 30 * std::sin(t * 0.5);  // +30 left ... -30 right
    s.tilt_deg = t < 15 ? 12 : -4;
    s.flexion_deg = -8;  // extension
  });
  samples[100].rotation_deg = 80;  // a single wrong frame
  samples[200].face_lost = true;
  samples[200].tilt_deg = 60;  // lost: its stale angle does not count
  const SessionIndicators i = compute_indicators(samples);
  EXPECT_NEAR(i.rotation_left_deg, 30, 0.2);
  EXPECT_NEAR(i.rotation_right_deg, 30, 0.2);
  EXPECT_NEAR(i.tilt_left_deg, 12, 1e-9);
  EXPECT_NEAR(i.tilt_right_deg, 4, 1e-9);
  EXPECT_DOUBLE_EQ(i.flexion_deg, 0);
  EXPECT_NEAR(i.extension_deg, 8, 1e-9);
  EXPECT_NEAR(i.max_rotation_deg(), 30, 0.2);
}

TEST(Indicators, AnglesBeforeCalibrationAreLeftOut) {
  auto samples = session(20, [](double t, StoredSample& s) {
    s.calibrated = t >= 5;            // the camera check and calibration come first
    s.rotation_deg = t < 5 ? 35 : 6;  // relative to the camera, then to neutral
  });
  const SessionIndicators i = compute_indicators(samples);
  EXPECT_NEAR(i.rotation_left_deg, 6, 1e-9);
  EXPECT_NEAR(i.tracked_s, 15, 0.05);
}

TEST(Indicators, SensoryTricksAreCountedAsSeparateUses) {
  auto samples = session(60, [](double t, StoredSample& s) {
    s.sensory_trick = (t >= 5 && t < 8) || (t >= 8.5 && t < 9)          // one use with a short gap
                      || (t >= 20 && t < 25) || (t >= 40 && t < 40.1);  // another; a brush
  });
  EXPECT_EQ(compute_indicators(samples).sensory_trick_count, 2);
}

TEST(Indicators, TremorIsTheMedianOfWhereItWasSeen) {
  auto samples = session(40, [](double t, StoredSample& s) {
    if (t > 10) {
      s.tremor_hz = t > 20 ? 4.0 : 3.0;
      s.tremor_amplitude_deg = 1.2;
    }
  });
  const SessionIndicators i = compute_indicators(samples);
  ASSERT_TRUE(i.tremor_hz);
  EXPECT_DOUBLE_EQ(*i.tremor_hz, 4.0);
  EXPECT_DOUBLE_EQ(*i.tremor_amplitude_deg, 1.2);
  EXPECT_NEAR(i.tracked_s, 40, 0.05);

  auto calm = session(40, [](double, StoredSample&) {});
  calm[3].tremor_hz = 5;
  calm[3].tremor_amplitude_deg = 1;
  EXPECT_FALSE(compute_indicators(calm).tremor_hz);  // one frame is not a tremor
}

TEST(Indicators, TwstrsBandEdges) {
  EXPECT_EQ(twstrs_rotation_band(0.4).score, 0);
  EXPECT_EQ(twstrs_rotation_band(22.4).score, 1);
  EXPECT_EQ(twstrs_rotation_band(23).score, 2);
  EXPECT_EQ(twstrs_rotation_band(45).score, 2);
  EXPECT_EQ(twstrs_rotation_band(46).score, 3);
  EXPECT_EQ(twstrs_rotation_band(68).score, 4);
  EXPECT_EQ(twstrs_laterocollis_band(15).score, 1);
  EXPECT_EQ(twstrs_laterocollis_band(16).score, 2);
  EXPECT_EQ(twstrs_laterocollis_band(36).score, 3);
  EXPECT_EQ(twstrs_neutral_hold_band(61).score, 0);
  EXPECT_EQ(twstrs_neutral_hold_band(60.5).score, 1);
  EXPECT_EQ(twstrs_neutral_hold_band(46).score, 1);
  EXPECT_EQ(twstrs_neutral_hold_band(45).score, 2);
  EXPECT_EQ(twstrs_neutral_hold_band(30).score, 3);
  EXPECT_EQ(twstrs_neutral_hold_band(15.9).score, 4);
  EXPECT_EQ(twstrs_rotation_band(50).label, "moderate (46-67 deg)");
}

}  // namespace
}  // namespace midline::storage
