#include "pacing/practice_limits.hpp"

#include <gtest/gtest.h>

#include "synthetic_sessions.hpp"

namespace midline::pacing {
namespace {

using testing::kFirstDay;
using testing::session_on;

TEST(PracticeLimits, RestFollowsTheWorkToRestRatioWithinBounds) {
  PracticeLimits limits;
  EXPECT_DOUBLE_EQ(rest_after_set_s(10, limits), 30);     // the minimum
  EXPECT_DOUBLE_EQ(rest_after_set_s(120, limits), 60);    // half the work
  EXPECT_DOUBLE_EQ(rest_after_set_s(1000, limits), 180);  // the maximum
}

TEST(PracticeLimits, TheRestTimerCountsDownWithTheFramesTime) {
  RestTimer timer;
  EXPECT_FALSE(timer.done());
  timer.start(1.0);
  for (int i = 0; i < 20; ++i) timer.update(0.04);
  EXPECT_TRUE(timer.running());
  EXPECT_NEAR(timer.remaining_s(), 0.2, 1e-9);
  timer.extend(5);
  for (int i = 0; i < 200; ++i) timer.update(0.04);
  EXPECT_TRUE(timer.done());
  EXPECT_DOUBLE_EQ(timer.remaining_s(), 0.0);
}

TEST(PracticeLimits, PracticeIsSummedPerDayAcrossSessions) {
  std::vector<storage::SessionRecord> sessions = {
      session_on(kFirstDay, 10), session_on(kFirstDay, 12), session_on(kFirstDay + 2, 7)};
  sessions[1].started_ms += 3 * 3600 * 1000;  // the afternoon
  sessions[1].ended_ms += 3 * 3600 * 1000;
  sessions[1].paused_ms = 60'000;  // pauses are not practice
  const auto days = storage::practice_per_day(sessions);
  ASSERT_EQ(days.size(), 2u);
  EXPECT_EQ(days[0].day, kFirstDay);
  EXPECT_EQ(days[0].sessions, 2);
  EXPECT_NEAR(days[0].minutes, 21.0, 1e-9);
  EXPECT_NEAR(days[1].minutes, 7.0, 1e-9);
}

TEST(PracticeLimits, TheDaysAllowanceShrinksAndThenStops) {
  PracticeLimits limits;  // 15 min a session, 45 a day, 3 sessions
  std::vector<storage::SessionRecord> sessions = {session_on(kFirstDay - 1, 40)};
  auto a = today_allowance(sessions, kFirstDay, limits);
  EXPECT_TRUE(a.may_start);
  EXPECT_DOUBLE_EQ(a.minutes_left, 15);  // yesterday does not count
  EXPECT_TRUE(a.reason.empty());

  sessions = {session_on(kFirstDay, 20), session_on(kFirstDay, 15)};
  a = today_allowance(sessions, kFirstDay, limits);
  EXPECT_TRUE(a.may_start);
  EXPECT_NEAR(a.minutes_left, 10, 1e-9);
  EXPECT_NE(a.reason.find("shorter"), std::string::npos);

  sessions.push_back(session_on(kFirstDay, 5));
  a = today_allowance(sessions, kFirstDay, limits);
  EXPECT_FALSE(a.may_start);  // three sessions
  EXPECT_NE(a.reason.find("3 sessions"), std::string::npos) << a.reason;

  sessions = {session_on(kFirstDay, 44.5)};
  EXPECT_FALSE(today_allowance(sessions, kFirstDay, limits).may_start);
}

TEST(PracticeLimits, SessionsWithoutAnExerciseDoNotUseUpTheDay) {
  PracticeLimits limits;  // 3 sessions a day
  std::vector<storage::SessionRecord> sessions;
  for (int i = 0; i < 5; ++i) {  // five starts that ended before any exercise
    sessions.push_back(session_on(kFirstDay, 2));
    sessions.back().exercises = 0;
  }
  auto a = today_allowance(sessions, kFirstDay, limits);
  EXPECT_TRUE(a.may_start) << a.reason;
  EXPECT_DOUBLE_EQ(a.minutes_left, 15);
  sessions.push_back(session_on(kFirstDay, 10));
  sessions.push_back(session_on(kFirstDay, 10));
  sessions.push_back(session_on(kFirstDay, 10));
  EXPECT_FALSE(today_allowance(sessions, kFirstDay, limits).may_start);  // three real ones
}

}  // namespace
}  // namespace midline::pacing
