#include "pose/tremor.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

namespace midline {
namespace {

TremorEstimate analyse(double hz, double amplitude, Axis axis, double noise_deg, double drift) {
  TremorAnalyzer analyzer;
  std::mt19937 rng(3);
  std::normal_distribution<double> noise(0.0, noise_deg);
  std::uniform_real_distribution<double> jitter(-0.004, 0.004);  // uneven frame times
  for (int i = 0; i < 150; ++i) {
    const double t = i / 30.0 + jitter(rng);
    const double wave = amplitude * std::sin(2 * std::numbers::pi * hz * t);
    HeadAngles a{drift * t + noise(rng), noise(rng), noise(rng)};
    (axis == Axis::rotation ? a.rotation_deg : axis == Axis::tilt ? a.tilt_deg : a.flexion_deg) +=
        wave;
    analyzer.add(t, a);
  }
  return analyzer.estimate();
}

TEST(TremorAnalyzer, FindsFrequencyAmplitudeAndAxis) {
  for (double hz : {2.0, 4.0, 6.0}) {
    const TremorEstimate e = analyse(hz, 1.5, Axis::flexion, 0.1, 0.0);
    ASSERT_TRUE(e.present) << hz;
    EXPECT_NEAR(e.frequency_hz, hz, 0.25);
    EXPECT_NEAR(e.amplitude_deg, 1.5, 0.3);
    EXPECT_EQ(e.axis, Axis::flexion);
  }
}

TEST(TremorAnalyzer, IgnoresSlowVoluntaryMovement) {
  const TremorEstimate e = analyse(3.0, 0.0, Axis::rotation, 0.1, 8.0);
  EXPECT_FALSE(e.present);
}

TEST(TremorAnalyzer, FindsTremorOnTopOfAMovement) {
  const TremorEstimate e = analyse(4.5, 1.0, Axis::rotation, 0.1, 10.0);
  ASSERT_TRUE(e.present);
  EXPECT_NEAR(e.frequency_hz, 4.5, 0.25);
  EXPECT_EQ(e.axis, Axis::rotation);
}

TEST(TremorAnalyzer, NoiseAloneIsNotTremor) {
  EXPECT_FALSE(analyse(3.0, 0.0, Axis::tilt, 0.15, 0.0).present);
}

TEST(TremorAnalyzer, NeedsTwoSecondsOfSignal) {
  TremorAnalyzer analyzer;
  for (int i = 0; i < 40; ++i)
    analyzer.add(i / 30.0, {3.0 * std::sin(2 * std::numbers::pi * 4 * i / 30.0), 0, 0});
  EXPECT_FALSE(analyzer.estimate().present);
}

}  // namespace
}  // namespace midline
