#include "pacing/session_length.hpp"

#include <gtest/gtest.h>

#include "synthetic_sessions.hpp"

namespace midline::pacing {
namespace {

using testing::kFirstDay;
using testing::session_on;

// Three baseline sessions of 10, 12 and 8 minutes on days 0, 1, 2: baseline 0.8 x 10 = 8 min.
std::vector<storage::SessionRecord> baseline_sessions() {
  return {session_on(kFirstDay, 10), session_on(kFirstDay + 1, 12), session_on(kFirstDay + 2, 8)};
}

TEST(SessionLength, BeforeTheBaselineItSuggestsThePlansFirstLength) {
  std::vector<storage::SessionRecord> history = {session_on(kFirstDay, 10)};
  const auto s = suggest_next_session_length(history, kFirstDay + 1);
  EXPECT_DOUBLE_EQ(s.minutes, 10.0);
  EXPECT_DOUBLE_EQ(s.baseline_minutes, 0.0);
  EXPECT_NE(s.reason.find("1 of 3"), std::string::npos) << s.reason;
}

TEST(SessionLength, TheBaselineIsEightyPercentOfTheFirstThree) {
  const auto history = baseline_sessions();
  const auto s = suggest_next_session_length(history, kFirstDay + 3);
  EXPECT_NEAR(s.baseline_minutes, 8.0, 1e-9);
  EXPECT_NEAR(s.minutes, 8.0, 1e-9);
  EXPECT_EQ(s.good_weeks, 0);
}

TEST(SessionLength, SteadyWeeksRaiseItTenPercentEach) {
  auto history = baseline_sessions();
  // Three whole weeks with three good sessions each, after the baseline day.
  for (int week = 0; week < 3; ++week) {
    for (int d : {1, 3, 5}) history.push_back(session_on(kFirstDay + 2 + week * 7 + d, 9));
  }
  const auto s = suggest_next_session_length(history, kFirstDay + 2 + 3 * 7 + 1);
  EXPECT_EQ(s.good_weeks, 3);
  EXPECT_NEAR(s.minutes, 8.0 * 1.1 * 1.1 * 1.1, 1e-9);
  // A week still running does not count yet.
  const auto mid_week = suggest_next_session_length(history, kFirstDay + 2 + 3 * 7);
  EXPECT_EQ(mid_week.good_weeks, 2);
}

TEST(SessionLength, AWeekWithoutEnoughSessionsOrWithAFatigueStopHoldsIt) {
  auto history = baseline_sessions();
  history.push_back(session_on(kFirstDay + 4, 9));   // week 1: one session only
  history.push_back(session_on(kFirstDay + 10, 9));  // week 2: one stopped for fatigue
  history.push_back(session_on(kFirstDay + 12, 5, 3, 3, storage::EndReason::stopped_for_fatigue));
  const auto s = suggest_next_session_length(history, kFirstDay + 2 + 14 + 1);
  EXPECT_EQ(s.good_weeks, 0);
  EXPECT_NEAR(s.minutes, 8.0, 1e-9);
}

TEST(SessionLength, PainRisingTwoPointsHoldsBackButNeverBelowTheBaseline) {
  auto history = baseline_sessions();
  for (int week = 0; week < 2; ++week) {
    for (int d : {1, 3, 5}) history.push_back(session_on(kFirstDay + 2 + week * 7 + d, 9));
  }
  const double after_two_good_weeks = 8.0 * 1.1 * 1.1;
  const int64_t today = kFirstDay + 2 + 14 + 2;
  history.push_back(session_on(today - 1, 9, 3, 5));  // pain 3 -> 5 yesterday
  const auto s = suggest_next_session_length(history, today);
  EXPECT_NEAR(s.minutes, after_two_good_weeks / 1.1, 1e-9);
  EXPECT_NE(s.reason.find("Pain rose by 2"), std::string::npos) << s.reason;

  // A 1-point rise is noticed by patients but is not a reason to hold back.
  history.back() = session_on(today - 1, 9, 3, 4);
  EXPECT_NEAR(suggest_next_session_length(history, today).minutes, after_two_good_weeks, 1e-9);

  // Painful from the start: it stays at the baseline.
  auto painful = baseline_sessions();
  painful.push_back(session_on(kFirstDay + 3, 8, 2, 6));
  EXPECT_NEAR(suggest_next_session_length(painful, kFirstDay + 4).minutes, 8.0, 1e-9);
}

TEST(SessionLength, InterruptedSessionsDoNotCountTowardTheBaseline) {
  auto history = baseline_sessions();
  history.insert(history.begin(),
                 session_on(kFirstDay - 1, 1.5, 3, 3, storage::EndReason::interrupted));
  EXPECT_NEAR(suggest_next_session_length(history, kFirstDay + 3).baseline_minutes, 8.0, 1e-9);
}

TEST(SessionLength, ItNeverExceedsThePlansLongestSession) {
  auto history = baseline_sessions();
  for (int week = 0; week < 20; ++week) {
    for (int d : {1, 3, 5}) history.push_back(session_on(kFirstDay + 2 + week * 7 + d, 14));
  }
  ProgressionParams params;
  params.max_session_min = 12;
  EXPECT_DOUBLE_EQ(suggest_next_session_length(history, kFirstDay + 200, params).minutes, 12);
}

}  // namespace
}  // namespace midline::pacing
