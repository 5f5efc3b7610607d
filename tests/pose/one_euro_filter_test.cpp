#include "pose/one_euro_filter.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace midline {
namespace {

TEST(OneEuroFilter, FirstValuePassesThrough) {
  OneEuroFilter f;
  EXPECT_DOUBLE_EQ(f.apply(12.5, 1.0 / 30), 12.5);
}

TEST(OneEuroFilter, ReducesJitterOfAStillSignal) {
  OneEuroFilter f;
  std::mt19937 rng(7);
  std::normal_distribution<double> noise(0.0, 1.0);
  double raw_sq = 0, filtered_sq = 0;
  for (int i = 0; i < 600; ++i) {
    const double v = noise(rng);
    const double out = f.apply(v, 1.0 / 30);
    if (i > 60) {
      raw_sq += v * v;
      filtered_sq += out * out;
    }
  }
  EXPECT_LT(std::sqrt(filtered_sq), 0.4 * std::sqrt(raw_sq));
}

TEST(OneEuroFilter, FollowsARampWithSmallLag) {
  OneEuroFilter f;
  const double speed = 20.0;  // degrees per second
  double out = 0;
  for (int i = 0; i <= 90; ++i) out = f.apply(speed * i / 30.0, 1.0 / 30);
  const double lag_s = (speed * 3.0 - out) / speed;
  EXPECT_GT(lag_s, 0.0);
  EXPECT_LT(lag_s, 0.1);
}

TEST(OneEuroFilter, ResetForgetsHistory) {
  OneEuroFilter f;
  f.apply(0.0, 0.03);
  f.apply(0.0, 0.03);
  f.reset();
  EXPECT_DOUBLE_EQ(f.apply(40.0, 0.03), 40.0);
}

}  // namespace
}  // namespace midline
