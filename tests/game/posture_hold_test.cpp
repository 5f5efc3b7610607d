#include "session/posture_hold.hpp"
#include "session/capture_countdown.hpp"

#include <gtest/gtest.h>

#include "game/synthetic_samples.hpp"

namespace midline {
namespace {

using testing::kFrameS;
using testing::sample_at;

TEST(PostureHold, RecordsWhereTheHeadRestedRelativeToNeutral) {
  PostureHold hold;
  for (int i = 0; i < 100; ++i) {
    const double wobble = i % 2 ? 0.4 : -0.4;
    HeadSample s = sample_at(i * kFrameS, {9.0 + wobble, -4.0, 2.0});
    hold.add(s);
    hold.add(s);  // the same frame again, as a 60 Hz screen sees a 30 Hz camera
  }
  ASSERT_TRUE(hold.complete());
  const auto result = hold.finish();
  ASSERT_TRUE(result.posture) << result.problem;
  EXPECT_NEAR(result.posture->rotation_deg, 9.0, 0.2);
  EXPECT_NEAR(result.posture->tilt_deg, -4.0, 0.2);
  EXPECT_NEAR(result.posture->flexion_deg, 2.0, 0.2);
}

TEST(PostureHold, RejectsAHoldThatMovedAndSaysSo) {
  PostureHold hold;
  for (int i = 0; i < 100; ++i) hold.add(sample_at(i * kFrameS, {i * 0.15, 0.0, 0.0}));
  const auto result = hold.finish();
  EXPECT_FALSE(result.posture);
  EXPECT_NE(result.problem.find("moved"), std::string::npos) << result.problem;
}

TEST(PostureHold, DoesNotCountUntrustedFramesAsSeen) {
  PostureHold hold;
  for (int i = 0; i < 100; ++i)
    hold.add(sample_at(i * kFrameS, {}, i % 2 ? 0.9 : kTrustedQuality - 0.2));
  EXPECT_FALSE(hold.finish().posture);
}

}  // namespace
}  // namespace midline

namespace midline {
namespace {

TEST(CaptureCountdown, CountsThreeSecondsBeforeTheCapture) {
  CaptureCountdown count;
  EXPECT_FALSE(count.due());  // pressing the button captures nothing yet
  EXPECT_EQ(count.seconds_shown(), 3);
  count.advance(1.2);
  EXPECT_EQ(count.seconds_shown(), 2);
  count.advance(0.0);  // paused: it stands still
  EXPECT_EQ(count.seconds_shown(), 2);
  count.advance(1.7);
  EXPECT_FALSE(count.due());
  EXPECT_EQ(count.seconds_shown(), 1);
  count.advance(0.2);
  EXPECT_TRUE(count.due());
  EXPECT_EQ(count.seconds_shown(), 0);
}

}  // namespace
}  // namespace midline
