#include "exercises/hold_midline.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "game/synthetic_samples.hpp"

namespace midline {
namespace {

using testing::kFrameS;
using testing::lost_at;
using testing::sample_at;

HoldMidlineParams params(int repetitions = 2, double hold_s = 5.0, double rest_s = 10.0) {
  HoldMidlineParams p;
  p.tolerance = {10.0, 8.0, 6.0};
  p.hold_s = hold_s;
  p.repetitions = repetitions;
  p.rest_between_s = rest_s;
  return p;
}

// Feeds `seconds` of frames at `angles` (or a lost face), returns the exercise clock after.
void feed(HoldMidline& hold, double seconds, std::optional<HeadAngles> angles,
          double quality = 0.9) {
  const int frames = static_cast<int>(seconds / kFrameS + 0.5);
  for (int i = 0; i < frames; ++i) {
    const double t = hold.time_s();
    hold.update(kFrameS, angles ? sample_at(t, *angles, quality) : lost_at(t));
  }
}

// A head that rests 25 deg to the patient's right, held there, is not at the body midline:
// a hold aimed at 0 never fills (it did when the resting posture was the zero).
TEST(HoldMidline, HoldingTheRestingPostureDoesNotFillAHoldAimedAtTheBodyMidline) {
  HoldMidline hold(params(1, 5.0, 10.0), HeadAngles{});
  feed(hold, 8.0, HeadAngles{-25, 0, 0});
  EXPECT_FALSE(hold.in_zone());
  EXPECT_EQ(hold.hold_progress(), 0.0);
  EXPECT_TRUE(hold.finished_repetitions().empty() ||
              !hold.finished_repetitions().front().goal_reached);
  // Aimed at a shaped target 20 deg to the right, the same head is within its zone.
  HoldMidline shaped(params(1, 5.0, 10.0), HeadAngles{-20, 0, 0});
  feed(shaped, 5.2, HeadAngles{-25, 0, 0});
  ASSERT_EQ(shaped.finished_repetitions().size(), 1u);
  EXPECT_TRUE(shaped.finished_repetitions().front().goal_reached);
}

TEST(HoldMidline, AStillHeadAtMidlineFillsEachHoldInItsHoldTime) {
  HoldMidline hold(params(2, 5.0, 10.0));
  feed(hold, 4.9, HeadAngles{2, -1, 1});
  EXPECT_EQ(hold.phase(), ExercisePhase::repetition);
  EXPECT_NEAR(hold.hold_progress(), 4.9 / 5.0, 0.02);
  feed(hold, 0.2, HeadAngles{2, -1, 1});
  ASSERT_EQ(hold.finished_repetitions().size(), 1u);
  const RepetitionMetrics& m = hold.finished_repetitions()[0];
  EXPECT_TRUE(m.goal_reached);
  EXPECT_NEAR(m.active_s, 5.0, 0.05);
  EXPECT_NEAR(m.time_in_zone_s, 5.0, 0.05);
  EXPECT_NEAR(m.mean_deviation_deg, std::sqrt(6.0), 0.01);
  EXPECT_NEAR(m.peak_deviation_deg, std::sqrt(6.0), 0.01);
  EXPECT_EQ(m.face_loss_pauses, 0);
  EXPECT_EQ(hold.phase(), ExercisePhase::rest);
}

TEST(HoldMidline, RestsBetweenRepetitionsThenFinishes) {
  HoldMidline hold(params(2, 2.0, 10.0));
  feed(hold, 2.1, HeadAngles{});
  ASSERT_EQ(hold.phase(), ExercisePhase::rest);
  EXPECT_NEAR(hold.rest_remaining_s(), 10.0, 0.1);
  feed(hold, 9.8, HeadAngles{30, 0, 0});  // whatever the head does during a rest is not scored
  EXPECT_EQ(hold.phase(), ExercisePhase::rest);
  feed(hold, 0.3, HeadAngles{});
  EXPECT_EQ(hold.phase(), ExercisePhase::repetition);
  EXPECT_EQ(hold.repetition(), 2);
  feed(hold, 2.1, HeadAngles{});
  EXPECT_EQ(hold.phase(), ExercisePhase::done);
  ASSERT_EQ(hold.finished_repetitions().size(), 2u);
  EXPECT_TRUE(hold.finished_repetitions()[1].goal_reached);
  EXPECT_NEAR(hold.finished_repetitions()[1].active_s, 2.0, 0.1);
}

TEST(HoldMidline, SkippingARestStartsTheNextRepetition) {
  HoldMidline hold(params(2, 1.0, 30.0));
  feed(hold, 1.1, HeadAngles{});
  ASSERT_EQ(hold.phase(), ExercisePhase::rest);
  hold.skip_rest();
  feed(hold, kFrameS, HeadAngles{});
  EXPECT_EQ(hold.phase(), ExercisePhase::repetition);
  EXPECT_EQ(hold.repetition(), 2);
}

TEST(HoldMidline, LeavingTheZoneDrainsTheHoldGentlyInsteadOfResettingIt) {
  HoldMidline hold(params(1, 5.0));
  feed(hold, 3.0, HeadAngles{});
  feed(hold, 1.0, HeadAngles{0, 12, 0});  // tilt beyond its 8 degree tolerance
  EXPECT_NEAR(hold.hold_progress(), 2.5 / 5.0, 0.02);
  EXPECT_FALSE(hold.in_zone());
  EXPECT_GT(*hold.zone_distance(), 1.0);
  feed(hold, 2.4, HeadAngles{});
  EXPECT_EQ(hold.phase(), ExercisePhase::repetition);
  feed(hold, 0.2, HeadAngles{});
  ASSERT_EQ(hold.phase(), ExercisePhase::done);
  const RepetitionMetrics& m = hold.finished_repetitions()[0];
  EXPECT_TRUE(m.goal_reached);
  EXPECT_NEAR(m.time_in_zone_s, 5.5, 0.1);
  EXPECT_NEAR(m.peak_deviation_deg, 12.0, 0.01);
  EXPECT_NEAR(m.longest_in_zone_s, 3.0, 0.05);  // the longest unbroken stretch
}

TEST(HoldMidline, ARepetitionOutsideTheZoneEndsCalmlyAtItsTimeLimit) {
  HoldMidline hold(params(2, 5.0));
  const double limit = hold.repetition_limit_s();
  EXPECT_GE(limit, 3 * 5.0);
  feed(hold, limit + 0.1, HeadAngles{20, 0, 0});
  ASSERT_EQ(hold.finished_repetitions().size(), 1u);
  const RepetitionMetrics& m = hold.finished_repetitions()[0];
  EXPECT_FALSE(m.goal_reached);
  EXPECT_EQ(m.time_in_zone_s, 0.0);
  EXPECT_NEAR(m.mean_deviation_deg, 20.0, 0.01);
  EXPECT_EQ(hold.phase(), ExercisePhase::rest);  // the session goes on
}

TEST(HoldMidline, FaceLossPausesWithoutCostingTheHold) {
  HoldMidline hold(params(1, 5.0));
  feed(hold, 3.0, HeadAngles{});
  hold.take_events();
  const double progress = hold.hold_progress();
  feed(hold, 4.0, std::nullopt);
  EXPECT_EQ(hold.pause(), PauseReason::face_lost);
  EXPECT_DOUBLE_EQ(hold.hold_progress(), progress);
  EXPECT_STRNE(pause_advice(hold.pause()), "");
  feed(hold, 2.1, HeadAngles{});
  ASSERT_EQ(hold.phase(), ExercisePhase::done);
  const RepetitionMetrics& m = hold.finished_repetitions()[0];
  EXPECT_TRUE(m.goal_reached);
  EXPECT_EQ(m.face_loss_pauses, 1);
  EXPECT_NEAR(m.paused_s, 4.0, 0.05);
  EXPECT_NEAR(m.active_s, 5.0, 0.1);  // the pause is not part of the repetition

  const auto events = hold.take_events();
  std::vector<ExerciseEvent::Type> types;
  for (const auto& e : events) types.push_back(e.type);
  using T = ExerciseEvent::Type;
  const std::vector<T> expected{T::left_zone, T::paused, T::resumed, T::entered_zone,
                                T::left_zone, T::repetition_finished, T::exercise_finished};
  EXPECT_EQ(types, expected);
  EXPECT_EQ(events[1].reason, PauseReason::face_lost);
}

TEST(HoldMidline, UntrustedSamplesNeverScore) {
  HoldMidline hold(params(1, 5.0));
  feed(hold, 6.0, HeadAngles{}, kTrustedQuality - 0.1);  // at the midline, but unsure
  EXPECT_EQ(hold.pause(), PauseReason::uncertain);
  EXPECT_EQ(hold.hold_progress(), 0.0);
  EXPECT_TRUE(hold.finished_repetitions().empty());
  hold.stop();
  ASSERT_EQ(hold.phase(), ExercisePhase::done);
  EXPECT_TRUE(hold.finished_repetitions().empty());  // nothing ran, so nothing to record
}

TEST(HoldMidline, WithoutATouchAllowedAHandOnTheChinWaitsInsteadOfScoring) {
  HoldMidline hold(params(1, 3.0));
  hold.set_touch_allowed(false);
  for (int i = 0; i < 120; ++i) {
    HeadSample s = sample_at(hold.time_s(), {});
    s.face->lower_face_covered = i >= 30 && i < 90;  // a hand on the chin from 1 s to 3 s
    hold.update(kFrameS, s);
  }
  EXPECT_EQ(hold.pause(), PauseReason::none);
  EXPECT_NEAR(hold.hold_progress(), 2.0 / 3.0, 0.02);  // the 2 s without a touch
  EXPECT_STRNE(pause_advice(PauseReason::touch), "");

  HoldMidline allowed(params(1, 3.0));  // by default a touch is welcome
  HeadSample s = sample_at(0.0, {});
  s.face->lower_face_covered = true;
  allowed.update(kFrameS, s);
  EXPECT_EQ(allowed.pause(), PauseReason::none);
}

TEST(HoldMidline, MeasuresTremorWhilePresent) {
  HoldMidline hold(params(1, 4.0));
  for (int i = 0; i < 150; ++i) {
    HeadSample s = sample_at(hold.time_s(), {});
    s.tremor.present = i >= 60;
    s.tremor.amplitude_deg = 1.5;
    hold.update(kFrameS, s);
  }
  ASSERT_EQ(hold.finished_repetitions().size(), 1u);
  const RepetitionMetrics& m = hold.finished_repetitions()[0];
  EXPECT_NEAR(m.tremor_time_fraction, 60.0 / 120.0, 0.02);
  EXPECT_NEAR(m.tremor_mean_amplitude_deg, 1.5, 1e-9);
}

TEST(HoldMidline, StoppingKeepsTheRepetitionAsItStands) {
  HoldMidline hold(params(5, 5.0));
  feed(hold, 2.0, HeadAngles{});
  hold.stop();
  EXPECT_EQ(hold.phase(), ExercisePhase::done);
  ASSERT_EQ(hold.finished_repetitions().size(), 1u);
  EXPECT_FALSE(hold.finished_repetitions()[0].goal_reached);
  EXPECT_NEAR(hold.finished_repetitions()[0].time_in_zone_s, 2.0, 0.05);
}

TEST(HoldMidline, HoldsAroundATargetMidlineWhenOneIsSet) {
  HoldMidline hold(params(1, 2.0), HeadAngles{12, 0, 0});  // the true midline, per the clinician
  feed(hold, 1.0, HeadAngles{});                           // the camera's neutral: outside
  EXPECT_FALSE(hold.in_zone());
  EXPECT_NEAR(hold.offset()->rotation_deg, -12.0, 1e-9);
  feed(hold, 2.1, HeadAngles{13, 0, 0});
  ASSERT_EQ(hold.phase(), ExercisePhase::done);
  EXPECT_NEAR(hold.finished_repetitions()[0].mean_deviation_deg, (12.0 * 1.0 + 1.0 * 2.0) / 3.0, 0.1);
}

TEST(HoldMidline, RejectsParametersThatCannotWork) {
  HoldMidlineParams p = params();
  p.repetitions = 0;
  EXPECT_THROW(HoldMidline{p}, std::invalid_argument);
  p = params();
  p.tolerance.tilt_deg = 0.0;
  EXPECT_THROW(HoldMidline{p}, std::invalid_argument);
  p = params();
  p.hold_s = -1;
  EXPECT_THROW(HoldMidline{p}, std::invalid_argument);
}

}  // namespace
}  // namespace midline
