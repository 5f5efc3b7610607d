#include "pacing/fatigue_monitor.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "pacing/repetition_result.hpp"

namespace midline::pacing {
namespace {

// A 10-second hold repetition: `zone` of it in zone, with `deviation` mean deviation.
storage::RepetitionResult hold(double zone, double deviation, double tremor = 0.8) {
  storage::RepetitionResult r;
  r.duration_s = 10;
  r.time_in_zone_s = 10 * zone;
  r.mean_deviation_deg = deviation;
  r.peak_deviation_deg = deviation * 2;
  r.tremor_amplitude_deg = tremor;
  return r;
}

TEST(FatigueMonitor, ASteadySessionWithOrdinaryUpsAndDownsIsLeftAlone) {
  FatigueMonitor monitor;
  monitor.start(3, 2);
  for (int i = 0; i < 30; ++i) {
    const double wobble = std::sin(i * 1.7);  // deterministic ups and downs
    const auto advice = monitor.add_repetition("hold:1", hold(0.8 + 0.1 * wobble, 4 + wobble));
    EXPECT_EQ(advice.action, PacingAction::carry_on) << "repetition " << i;
  }
  EXPECT_EQ(monitor.report(3, 3).action, PacingAction::carry_on);  // one point is not a rise
}

TEST(FatigueMonitor, AFadingSessionGetsARestThenShorterThenAKindEnd) {
  FatigueMonitor monitor;
  monitor.start(3, 2);
  for (int i = 0; i < 3; ++i) monitor.add_repetition("hold:1", hold(0.8, 4));
  // One poor repetition is not fatigue.
  EXPECT_EQ(monitor.add_repetition("hold:1", hold(0.4, 4)).action, PacingAction::carry_on);
  EXPECT_EQ(monitor.add_repetition("hold:1", hold(0.8, 4)).action, PacingAction::carry_on);
  // Two in a row are.
  EXPECT_EQ(monitor.add_repetition("hold:1", hold(0.45, 5)).action, PacingAction::carry_on);
  const auto rest = monitor.add_repetition("hold:1", hold(0.4, 5));
  EXPECT_EQ(rest.action, PacingAction::offer_rest);
  EXPECT_FALSE(rest.message.empty());
  EXPECT_NE(rest.cause.find("time in zone"), std::string::npos) << rest.cause;

  monitor.rest_taken();
  monitor.add_repetition("hold:1", hold(0.5, 9));  // deviation now well above the start
  const auto shorter = monitor.add_repetition("hold:1", hold(0.6, 9));
  EXPECT_EQ(shorter.action, PacingAction::shorten);

  monitor.add_repetition("hold:1", hold(0.3, 9));
  EXPECT_EQ(monitor.add_repetition("hold:1", hold(0.3, 9)).action, PacingAction::end_kindly);
}

TEST(FatigueMonitor, ARestNotYetTakenIsOfferedAgainRatherThanEscalated) {
  FatigueMonitor monitor;
  for (int i = 0; i < 3; ++i) monitor.add_repetition("hold:1", hold(0.8, 4));
  for (int i = 0; i < 6; ++i) {
    const auto advice = monitor.add_repetition("hold:1", hold(0.3, 4));
    if (i % 2 == 1) {
      EXPECT_EQ(advice.action, PacingAction::offer_rest) << i;
    }
  }
  EXPECT_EQ(monitor.offers_made(), 1);
}

TEST(FatigueMonitor, EachExerciseIsComparedWithItsOwnStart) {
  FatigueMonitor monitor;
  for (int i = 0; i < 3; ++i) monitor.add_repetition("hold:1", hold(0.9, 3));
  // A harder exercise starts lower: that is its baseline, not a decline.
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(monitor.add_repetition("guided:2", hold(0.5, 7)).action, PacingAction::carry_on);
  }
}

TEST(FatigueMonitor, RisingTremorCountsAsDecline) {
  FatigueMonitor monitor;
  for (int i = 0; i < 3; ++i) monitor.add_repetition("hold:1", hold(0.8, 4, 0.6));
  monitor.add_repetition("hold:1", hold(0.8, 4, 1.5));
  const auto advice = monitor.add_repetition("hold:1", hold(0.8, 4, 1.6));
  EXPECT_EQ(advice.action, PacingAction::offer_rest);
  EXPECT_NE(advice.cause.find("tremor"), std::string::npos);
}

TEST(FatigueMonitor, PainRisingTwoPointsShortensAtOnce) {
  FatigueMonitor monitor;
  monitor.start(2, 2);
  const auto advice = monitor.report(4, 2);
  EXPECT_EQ(advice.action, PacingAction::shorten);
  EXPECT_NE(advice.cause.find("pain rose from 2 to 4"), std::string::npos) << advice.cause;
  EXPECT_EQ(monitor.report(6, 2).action, PacingAction::end_kindly);
}

TEST(FatigueMonitor, ReportedFatigueOrHardEffortOffersARest) {
  FatigueMonitor tired;
  tired.start(2, 3);
  EXPECT_EQ(tired.report(2, 5).action, PacingAction::offer_rest);
  FatigueMonitor effort;
  effort.start(2, 3);
  EXPECT_EQ(effort.report(2, 3, 5.0).action, PacingAction::carry_on);
  EXPECT_EQ(effort.report(2, 3, 7.0).action, PacingAction::offer_rest);
}

TEST(RepetitionResult, TakesTheExerciseRulesMetrics) {
  RepetitionMetrics m;
  m.active_s = 8;
  m.time_in_zone_s = 6;
  m.mean_deviation_deg = 2.5;
  m.peak_deviation_deg = 9;
  m.path_error_deg = 3;
  m.face_loss_pauses = 2;
  m.goal_reached = false;
  auto r = repetition_result(m);
  EXPECT_DOUBLE_EQ(r.zone_fraction(), 0.75);
  EXPECT_EQ(r.path_error_deg, 3.0);
  EXPECT_FALSE(r.tremor_amplitude_deg);  // no tremor seen
  EXPECT_EQ(r.face_lost_pauses, 2);
  EXPECT_FALSE(r.completed);
  m.tremor_time_fraction = 0.4;
  m.tremor_mean_amplitude_deg = 1.1;
  EXPECT_EQ(repetition_result(m).tremor_amplitude_deg, 1.1);
}

}  // namespace
}  // namespace midline::pacing
