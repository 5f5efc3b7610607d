#include "exercises/fresh_samples.hpp"

#include <gtest/gtest.h>

#include "exercises/hold_midline.hpp"
#include "game/synthetic_samples.hpp"

namespace midline {
namespace {

using testing::sample_at;

TEST(FreshSamples, PassesNewFramesAndRepeatsOfARecentOne) {
  FreshSamples fresh(0.5);
  HeadSample s = sample_at(0.0, {});
  EXPECT_TRUE(fresh.filter(s, 1.0 / 60));
  EXPECT_TRUE(fresh.filter(s, 1.0 / 60));  // a 60 Hz screen sees each 30 Hz frame twice
  s.frame_index += 1;
  EXPECT_TRUE(fresh.filter(s, 1.0 / 60));
  EXPECT_FALSE(fresh.filter(std::nullopt, 1.0 / 60));
}

TEST(FreshSamples, AFrozenFrameStopsCountingAndAFreshOneResumes) {
  FreshSamples fresh(0.5);
  HeadSample s = sample_at(0.0, {});
  for (int i = 0; i < 30; ++i) EXPECT_TRUE(fresh.filter(s, 1.0 / 60)) << i;
  for (int i = 0; i < 10; ++i) fresh.filter(s, 1.0 / 60);
  EXPECT_TRUE(fresh.stale());
  EXPECT_FALSE(fresh.filter(s, 1.0 / 60));
  s.frame_index += 1;
  EXPECT_TRUE(fresh.filter(s, 1.0 / 60));
  EXPECT_FALSE(fresh.stale());
}

TEST(FreshSamples, AFrozenCameraPausesAHoldInsteadOfFillingIt) {
  HoldMidlineParams p;
  p.hold_s = 3.0;
  p.repetitions = 1;
  HoldMidline hold(p);
  FreshSamples fresh;
  const HeadSample frozen = sample_at(0.0, {});  // a head at the midline, never updated
  for (int i = 0; i < 600; ++i) hold.update(1.0 / 60, fresh.filter(frozen, 1.0 / 60));
  EXPECT_EQ(hold.pause(), PauseReason::face_lost);
  EXPECT_LT(hold.hold_progress(), 0.2);  // only the first half second counted
}

}  // namespace
}  // namespace midline
